import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.models import Person
from articles.workflow import roles

# One login per role; the names are what a newsroom would call its demo desk.
DEMO_ACCOUNTS = [
    ("reporter", "演示记者", roles.REPORTER),
    ("photographer", "演示摄影记者", roles.PHOTOGRAPHER),
    ("desk", "演示责任编辑", roles.EDITOR),  # claims imported stories (认领) and submits them
    ("editor", "演示编辑", roles.EDITOR),  # 初审
    ("editor2", "演示复审编辑", roles.EDITOR),  # 复审
    ("chief", "演示总编", roles.CHIEF_EDITOR),
    ("proofreader", "演示校对", roles.PROOFREADER),
]


class Command(BaseCommand):
    help = "Create (or reset) one demo login per newsroom role and print the passwords."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts are for development only: refused with DEBUG off.")
        rows = create_demo_accounts()
        self.stdout.write("Demo accounts (passwords are new on every run):")
        for username, password, role in rows:
            self.stdout.write(f"  {username:<13} {password}  ({roles.GROUP_NAMES[role]})")


@transaction.atomic
def create_demo_accounts():
    User = get_user_model()
    rows = []
    for username, display_name, role in DEMO_ACCOUNTS:
        user, _ = User.objects.get_or_create(username=username, defaults={"is_staff": True})
        password = secrets.token_urlsafe(9)
        user.set_password(password)
        user.is_staff = True
        user.first_name = display_name
        user.save()
        group, _ = Group.objects.get_or_create(name=roles.GROUP_NAMES[role])
        user.groups.add(group)
        Person.objects.get_or_create(user=user, defaults={"name": display_name})
        rows.append((username, password, role))
    return rows
