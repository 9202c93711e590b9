"""The record of review (审稿): who signed which level, and every transition of a story."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Approval(models.Model):
    """One signature: a reviewer passed the story at one level of one review round."""

    article = models.ForeignKey(
        "articles.Article", verbose_name=_("article"), on_delete=models.CASCADE,
        related_name="approvals",
    )
    round = models.PositiveSmallIntegerField(
        _("review round"), help_text=_("Each submission for review starts a new round.")
    )
    level = models.PositiveSmallIntegerField(_("review level"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), on_delete=models.PROTECT,
        related_name="+",
    )
    comment = models.TextField(_("review comment"), blank=True)
    created_at = models.DateTimeField(_("signed at"), auto_now_add=True)

    class Meta:
        ordering = ["round", "level"]
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "round", "level"], name="one_signature_per_level"
            ),
            models.CheckConstraint(condition=Q(level__gte=1), name="approval_level_positive"),
            models.CheckConstraint(condition=Q(round__gte=1), name="approval_round_positive"),
        ]

    def __str__(self):
        return f"{self.article_id} r{self.round} l{self.level} {self.reviewer}"


class WorkflowEvent(models.Model):
    """One transition, as shown on the story's timeline."""

    article = models.ForeignKey(
        "articles.Article", verbose_name=_("article"), on_delete=models.CASCADE,
        related_name="workflow_events",
    )
    action = models.CharField(_("action"), max_length=20)
    from_status = models.CharField(_("from"), max_length=20)
    to_status = models.CharField(_("to"), max_length=20)
    level = models.PositiveSmallIntegerField(_("review level"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("workflow event")
        verbose_name_plural = _("workflow events")

    def __str__(self):
        return f"{self.article_id} {self.action} {self.from_status}→{self.to_status}"
