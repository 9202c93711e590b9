"""Corrections (更正): records of their own, listed on the public page for good."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Correction(models.Model):
    article = models.ForeignKey(
        "articles.Article", verbose_name=_("article"), on_delete=models.CASCADE,
        related_name="corrections",
    )
    text = models.TextField(_("correction"))
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    print_edition_date = models.DateField(
        _("printed in the edition of"), null=True, blank=True,
        help_text=_("Where the printed correction ran, if it ran in print."),
    )
    print_page = models.PositiveSmallIntegerField(_("printed on page"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="correction_has_text"),
            models.CheckConstraint(
                condition=Q(print_page__isnull=True) | Q(print_edition_date__isnull=False),
                name="correction_print_page_needs_edition",
            ),
        ]

    def __str__(self):
        return self.text[:40]
