"""Email notices (通知): reviewers when a story reaches their level, authors when it comes back."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from articles.workflow import Action, ArticleStatus, WorkflowError, roles


def reviewers_for(article):
    """Active users who may sign the level the story now waits for: exactly those offered it."""
    waiting = article.current_level
    if waiting is None:
        return []
    group_names = {roles.GROUP_NAMES[waiting.role], roles.GROUP_NAMES[roles.CHIEF_EDITOR]}
    users = get_user_model().objects.filter(
        groups__name__in=group_names, is_active=True
    ).distinct()
    return [u for u in users if may_approve(article, u)]


def may_approve(article, user) -> bool:
    try:
        article.check_transition(user, Action.APPROVE, comment="-")
    except WorkflowError:
        return False
    return True


def authors_of(article):
    users = get_user_model().objects.filter(
        Q(pk=article.created_by_id) | Q(pk=article.desk_editor_id)
        | Q(person__bylines__article=article),
        is_active=True,
    ).distinct()
    return list(users)


def local_time(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def admin_link(article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def messages_for(event) -> list[tuple]:
    """The mail a transition calls for, composed while the article is as it left it.

    Composed at once but delivered on commit: by then a longer transaction may
    have moved the story on (the demo walks one through every level at once).
    """
    article = event.article
    if event.to_status == ArticleStatus.IN_REVIEW:
        recipients = reviewers_for(article)
        subject = _("Awaiting your %(level)s: %(headline)s") % {
            "level": article.current_level.label, "headline": article.headline,
        }
    elif event.action == Action.RETURN:
        recipients = authors_of(article)
        subject = _("Returned to you: %(headline)s") % {"headline": article.headline}
    elif event.action == Action.PUBLISH and article.is_scheduled:
        recipients = authors_of(article)
        subject = _("Scheduled for %(time)s: %(headline)s") % {
            "time": local_time(article.published_at), "headline": article.headline,
        }
    elif event.action == Action.PUBLISH:
        recipients = authors_of(article)
        subject = _("Published: %(headline)s") % {"headline": article.headline}
    else:
        return []
    body = "\n\n".join(
        part for part in [
            article.headline,
            event.comment,
            _("Open it in the newsroom: %(link)s") % {"link": admin_link(article)},
        ] if part
    )
    return [
        (subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        for user in recipients
        if user.email and user != event.actor
    ]


def deliver(messages: list[tuple]) -> int:
    return send_mass_mail(messages, fail_silently=False) if messages else 0


def send_after_commit(sender, event, **kwargs) -> None:
    """Receiver of ``transitioned`` (connected in ``ArticlesConfig.ready``)."""
    messages = messages_for(event)
    transaction.on_commit(lambda: deliver(messages))
