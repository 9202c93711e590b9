"""The article change form: a stale form is refused, a published story asks about 更正."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.importer.leads import LeadError, take_lead
from articles.models import Article


class ArticleForm(forms.ModelForm):
    # The version the form was loaded at; a save from an older one would lose someone's edit.
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    is_correction = forms.BooleanField(
        label=_("This change corrects an error (issue a correction)"), required=False
    )
    correction_text = forms.CharField(
        label=_("Correction for readers"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the story's page with its time, and kept after later edits."),
    )
    correction_print_edition_date = forms.DateField(
        label=_("Printed in the edition of"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    correction_print_page = forms.IntegerField(
        label=_("Printed on page"), required=False, min_value=1
    )

    class Meta:
        model = Article
        fields = [
            "kicker", "headline", "subheadline", "kind", "section", "body", "summary",
            "dateline", "event_date", "edition_date", "page", "page_name", "slug", "publish_at",
            "is_republished", "republished_source", "republished_author", "republished_title",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version
        if self.instance.status != Article.Status.PUBLISHED:
            for name in [n for n in self.fields if n.startswith(("is_correction", "correction_"))]:
                del self.fields[name]

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            self.refuse_if_stale(data.get("loaded_version"))
        self.take_typed_lead(data)
        if data.get("is_correction") and not (data.get("correction_text") or "").strip():
            self.add_error("correction_text", _("Write the correction readers will see."))
        if data.get("is_republished"):
            for name in ("republished_source", "republished_author", "republished_title"):
                if not (data.get(name) or "").strip():
                    self.add_error(name, _("A republished story names its source, original "
                                           "author and original title."))
        if data.get("correction_print_page") and not data.get("correction_print_edition_date"):
            self.add_error(
                "correction_print_edition_date", _("Give the edition the page belongs to.")
            )
        return data

    # The people a lead typed into the body names; the admin adds them as bylines on save.
    lead_people = ()

    def take_typed_lead(self, data):
        if not data.get("body"):
            return
        try:
            data["body"], self.lead_people = take_lead(data["body"])
        except LeadError as refusal:
            self.add_error("body", str(refusal))

    def refuse_if_stale(self, loaded):
        # Locked until the save commits (the admin wraps it in a transaction).
        current = (
            Article.objects.select_for_update(of=("self",))
            .select_related("updated_by")
            .only("version", "updated_at", "updated_by__username", "updated_by__first_name")
            .get(pk=self.instance.pk)
        )
        if loaded != current.version:
            self.stale_current = current
            raise forms.ValidationError(
                _(
                    "Someone else (%(who)s) saved this story at %(when)s while you were "
                    "editing it, so your changes were not saved. Your text is kept below: "
                    "copy what you need, open the story again and redo your changes there."
                ),
                code="stale",
                params={
                    "who": (current.updated_by.first_name or current.updated_by.username)
                    if current.updated_by else "?",
                    "when": timezone.localtime(current.updated_at).strftime("%H:%M:%S"),
                },
            )
