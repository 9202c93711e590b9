"""导入版面: editors upload printed-page dumps, check the preview, then confirm.

A thin layer over articles.importer.batch, which the import command uses too: the same
checks, the same messages, the same load. Nothing is written before the confirmation,
and the confirmation writes every story or none.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from articles.importer import batch, staging
from articles.importer.loader import vocabulary_from_database
from articles.importer.metadata import (
    ImportRefused,
    PageMeta,
    parse_edition_date,
    parse_page_name,
    parse_page_number,
)
from articles.models import Section
from articles.workflow import REVIEWERS, roles_of


def may_import(user) -> bool:
    """Editors and the chief editor import pages; reporters and photographers do not."""
    return bool(user.is_active and user.is_staff and roles_of(user) & REVIEWERS)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; an empty one is left to the importer, which explains it."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        super().__init__(allow_empty_file=True, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class PageImportForm(forms.Form):
    files = MultipleFileField(
        label=gettext_lazy("Page files"),
        help_text=gettext_lazy("Plain-text dumps of printed pages (.txt), one or more."),
        widget=MultipleFileInput(attrs={"accept": ".txt,text/plain"}),
    )
    edition_date = forms.CharField(
        label=gettext_lazy("edition date"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Empty: the date in the file name or on the page's masthead."),
    )
    page = forms.CharField(
        label=gettext_lazy("page"), required=False,
        widget=forms.NumberInput(attrs={"min": 1, "max": 999}),
        help_text=gettext_lazy("Empty: the number in the file name, e.g. 2023-01-17_03.txt."),
    )
    page_name = forms.CharField(
        label=gettext_lazy("page name"), required=False,
        help_text=gettext_lazy("e.g. 要闻, 综合新闻."),
    )
    section = forms.ModelChoiceField(
        Section.objects.all(), label=gettext_lazy("section"), required=False,
    )

    def clean_edition_date(self):
        return self._parsed(parse_edition_date, "edition_date")

    def clean_page(self):
        return self._parsed(parse_page_number, "page")

    def clean_page_name(self):
        return self._parsed(parse_page_name, "page_name")

    def _parsed(self, parse, name):
        try:
            return parse(self.cleaned_data.get(name))
        except ImportRefused as refusal:
            raise forms.ValidationError(str(refusal)) from None

    def clean(self):
        data = super().clean()
        files = data.get("files") or []
        if self.errors:
            return data
        try:
            if len(files) > staging.MAX_FILES:
                raise ImportRefused(_("At most %(count)d page files can be imported at once.")
                                    % {"count": staging.MAX_FILES})
            if sum(f.size for f in files) > staging.MAX_TOTAL:
                raise ImportRefused(_("The files together are over %(limit)d MB; import them "
                                      "in several goes.")
                                    % {"limit": staging.MAX_TOTAL // 1024 // 1024})
            uploads = []
            for upload in files:
                name = batch.file_name(upload.name)
                batch.check_size(name, upload.size)   # before reading it into memory
                uploads.append(batch.Upload(name=name, data=upload.read()))
            self.pages = batch.read(uploads, self.chosen())
        except ImportRefused as refusal:
            self.add_error("files", str(refusal))
        else:
            self.uploads = uploads
        return data

    def chosen(self) -> PageMeta:
        data = self.cleaned_data
        return PageMeta(data.get("edition_date"), data.get("page"), data.get("page_name", ""))

    def choices(self) -> dict:
        """What the editor chose, kept with the staged files (never read back from the browser)."""
        data = self.cleaned_data
        return {
            "edition_date": data["edition_date"] and data["edition_date"].isoformat(),
            "page": data["page"], "page_name": data["page_name"],
            "section": data["section"] and data["section"].pk,
        }


SESSION_KEY = "articles.page_imports"
FORM_OVERHEAD = 64 * 1024   # bytes of a request that are not the files: fields, boundaries


def too_large(request) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > staging.MAX_TOTAL + FORM_OVERHEAD


class ImportAdminMixin:
    """The 导入版面 pages of the article admin: upload, preview, confirm."""

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(require_http_methods(["GET", "POST"])(self.import_view)),
                 name=f"{prefix}_import"),
            path("import/<str:token>/",
                 wrap(require_http_methods(["GET", "POST"])(self.import_preview_view)),
                 name=f"{prefix}_import_preview"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(
            request, {"may_import": may_import(request.user), **(extra_context or {})}
        )

    def import_context(self, request, **context):
        return {**self.admin_site.each_context(request), "opts": self.opts,
                "title": _("Import printed pages"), **context}

    def import_view(self, request):
        if not may_import(request.user):
            raise PermissionDenied
        if request.method == "POST" and too_large(request):
            # Refused before Django reads the body: an oversized upload never reaches the disk.
            form = PageImportForm()
            form.oversized = _("The files together are over %(limit)d MB; import them in "
                               "several goes.") % {"limit": staging.MAX_TOTAL // 1024 // 1024}
            return TemplateResponse(request, "admin/articles/article/import_form.html",
                                    self.import_context(request, form=form), status=413)
        form = PageImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            token = staging.stage(request.user.pk, form.uploads, form.choices())
            request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, [])[-9:], token]
            return HttpResponseRedirect(
                reverse("admin:articles_article_import_preview", args=[token])
            )
        return TemplateResponse(request, "admin/articles/article/import_form.html",
                                self.import_context(request, form=form))

    def import_preview_view(self, request, token):
        if not may_import(request.user):
            raise PermissionDenied
        form_url = reverse("admin:articles_article_import")
        confirming = request.method == "POST" and "cancel" not in request.POST
        fetch = staging.take if confirming else staging.fetch
        staged = (fetch(token, request.user.pk)
                  if token in request.session.get(SESSION_KEY, []) else None)
        if staged is None:
            self.message_user(request, _("This import has expired or is not yours: upload "
                                         "the page files again."), messages.ERROR)
            return HttpResponseRedirect(form_url)
        if request.method == "POST" and "cancel" in request.POST:
            self.forget(request, token)
            self.message_user(request, _("Import cancelled; nothing was saved."), messages.INFO)
            return HttpResponseRedirect(form_url)
        try:
            choices = staged.choices
            section = (Section.objects.filter(pk=choices["section"]).first()
                       if choices["section"] else None)
            if choices["section"] and section is None:
                raise ImportRefused(_("The section chosen for this import no longer exists."))
            chosen = PageMeta(parse_edition_date(choices["edition_date"]),
                              parse_page_number(choices["page"]),
                              parse_page_name(choices["page_name"]))
            pages = batch.read(staged.uploads, chosen)
            vocabulary = vocabulary_from_database()
            if confirming:
                reports = batch.load(pages, vocabulary, section=section, user=request.user)
                self.forget(request, token)
                return self.imported(request, reports)
            preview = batch.preview(pages, vocabulary, section=section)
        except ImportRefused as refusal:
            self.forget(request, token)
            self.message_user(request, str(refusal), messages.ERROR)
            return HttpResponseRedirect(form_url)
        return TemplateResponse(
            request, "admin/articles/article/import_preview.html",
            self.import_context(request, pages=preview, section=section, token=token,
                                story_count=sum(len(p["stories"]) for p in preview)),
        )

    def forget(self, request, token):
        staging.discard(token)
        request.session[SESSION_KEY] = [
            t for t in request.session.get(SESSION_KEY, []) if t != token
        ]

    def imported(self, request, reports):
        ids = [a.pk for r in reports for a in (*r.created_articles, *r.updated_articles)]
        self.message_user(request, _(
            "Imported %(files)d page files: %(created)d new stories, %(updated)d updated, "
            "%(unchanged)d unchanged, %(skipped)d skipped. They are drafts for the desk."
        ) % {"files": len(reports), "created": sum(r.created for r in reports),
             "updated": sum(r.updated for r in reports),
             "unchanged": sum(r.unchanged for r in reports),
             "skipped": sum(len(r.skipped) for r in reports)}, messages.SUCCESS)
        for report in reports:
            for position, headline, reason in report.skipped:
                self.message_user(request, _(
                    "%(file)s, story %(position)d «%(headline)s» skipped: %(reason)s"
                ) % {"file": report.source, "position": position, "headline": headline,
                     "reason": reason}, messages.WARNING)
        changelist = reverse("admin:articles_article_changelist")
        if ids:
            changelist += "?" + urlencode({"id__in": ",".join(map(str, ids))})
        return HttpResponseRedirect(changelist)
