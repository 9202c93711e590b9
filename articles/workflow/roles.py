"""The newsroom's roles: each is a Django group, created by a migration."""

from django.utils.translation import gettext_lazy as _

REPORTER = "reporter"
PHOTOGRAPHER = "photographer"
EDITOR = "editor"
CHIEF_EDITOR = "chief_editor"
PROOFREADER = "proofreader"

# Group names are what the newsroom sees in the admin, so they are the paper's own words.
GROUP_NAMES = {
    REPORTER: "记者",
    PHOTOGRAPHER: "摄影记者",
    EDITOR: "编辑",
    CHIEF_EDITOR: "总编",
    PROOFREADER: "校对",
}

LABELS = {
    REPORTER: _("reporter"),
    PHOTOGRAPHER: _("photographer"),
    EDITOR: _("editor"),
    CHIEF_EDITOR: _("chief editor"),
    PROOFREADER: _("proofreader"),
}


def display_name(user) -> str:
    """How the newsroom names a login: by the person's name, the username only failing that."""
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()
