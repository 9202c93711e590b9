from django import forms
from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles.admin.messages import ChineseHistoryMixin
from articles.models import Article, ArticleKind, ArticleStatus, Photo
from articles.photos import PhotoUploadField

WAITING_LISTED = 20


class PhotoForm(forms.ModelForm):
    """The one form for a photo, inline on an article or on its own."""

    # Set per request by the admin: who is at the desk.
    user = None

    class Meta:
        model = Photo
        fields = ["image", "caption", "alt_text", "photographer", "credit", "article", "position"]
        field_classes = {"image": PhotoUploadField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every published photo carries its caption and a credit: a person, or the text printed.
        if "caption" in self.fields:
            self.fields["caption"].required = True
        if "caption" in self.fields:
            self.fields["caption"].widget.attrs["rows"] = 3

    def clean_article(self):
        article = self.cleaned_data.get("article")
        if article and self.user and not article.may_attach_photos(self.user):
            raise forms.ValidationError(
                _("You may not add photos to this story in its present state."),
                code="article_locked",
            )
        return article

    def clean(self):
        data = super().clean()
        if "photographer" in self.fields and "credit" in self.fields:
            person, text = data.get("photographer"), (data.get("credit") or "").strip()
            if person and text:
                self.add_error("credit", _(
                    "A photo is credited to a person or to a text such as 新华社发, not both."
                ))
            elif not person and not text:
                self.add_error("photographer", _(
                    "Credit the photo: pick the photographer, or write the credit as printed "
                    "(新华社发, 受访者供图, 资料图片)."
                ))
            data["credit"] = text
        return data

    def save(self, commit=True):
        if "image" in self.changed_data and self.user is not None:
            self.instance.uploaded_by = self.user
        return super().save(commit)


def form_for(request, form=PhotoForm):
    return type(form.__name__, (form,), {"user": request.user})


def preview(photo):
    if not photo or not photo.image:
        return "-"
    picture = format_html(
        '<img src="{}" alt="" width="160" style="height:auto">', photo.thumbnail_url
    )
    if photo.has_alt_text:
        return picture
    return format_html(
        '{}<p class="errornote">{}</p>',
        picture,
        _("No alt text yet: needed before the story can be published."),
    )


class PhotoInline(admin.StackedInline):
    model = Photo
    form = PhotoForm
    extra = 0
    fields = ["image", "preview", "caption", "alt_text", "photographer", "credit", "position"]
    readonly_fields = ["preview"]
    autocomplete_fields = ["photographer"]

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("form", form_for(request, self.form))
        return super().get_formset(request, obj, **kwargs)

    @admin.display(description=_("preview"))
    def preview(self, photo):
        return preview(photo)


class AltTextFilter(admin.SimpleListFilter):
    title = _("alt text")
    parameter_name = "alt_text"

    def lookups(self, request, model_admin):
        return [("missing", _("missing")), ("present", _("present"))]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.filter(alt_text="")
        if self.value() == "present":
            return queryset.exclude(alt_text="")
        return queryset


def waiting_for_picture(articles):
    """Photo news without a photo yet (e.g. imported from a photo-news item)."""
    return articles.filter(kind=ArticleKind.PHOTO).exclude(
        Exists(Photo.objects.filter(article=OuterRef("pk")))
    ).exclude(status=ArticleStatus.WITHDRAWN)


class WaitingForPictureFilter(admin.SimpleListFilter):
    """For the article list: photo news still waiting for its picture."""

    title = _("picture")
    parameter_name = "picture"

    def lookups(self, request, model_admin):
        return [("waiting", _("waiting for its picture"))]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return waiting_for_picture(queryset)
        return queryset


@admin.register(Photo)
class PhotoAdmin(ChineseHistoryMixin, admin.ModelAdmin):
    form = PhotoForm
    list_display = [
        "thumbnail", "__str__", "article", "credited", "alt_text_given", "created_at"
    ]
    list_display_links = ["thumbnail", "__str__"]
    list_filter = [AltTextFilter, "created_at"]
    list_select_related = ["article", "photographer"]
    autocomplete_fields = ["article", "photographer"]
    search_fields = ["caption", "alt_text", "photographer__name", "credit", "article__headline"]
    date_hierarchy = "created_at"
    fields = [
        "image", "preview", "caption", "alt_text", "photographer", "credit", "article", "position"
    ]
    readonly_fields = ["preview"]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.may(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.may(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            # Bulk deletion would skip the per-story check in has_delete_permission.
            actions.pop("delete_selected", None)
        return actions

    def may(self, request, photo):
        """A photo changes only while its story may still take photos from this user."""
        return photo is None or photo.article is None or photo.article.may_attach_photos(
            request.user
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs.setdefault("form", form_for(request, self.form))
        return super().get_form(request, obj, change, **kwargs)

    def changelist_view(self, request, extra_context=None):
        waiting = waiting_for_picture(Article.objects.all()).order_by("-edition_date", "-id")
        extra_context = {
            "waiting_for_picture": waiting[:WAITING_LISTED],
            "waiting_for_picture_count": waiting.count(),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("preview"))
    def preview(self, photo):
        return preview(photo)

    @admin.display(description=_("picture"))
    def thumbnail(self, photo):
        return format_html(
            '<img src="{}" alt="" width="80" style="height:auto">', photo.thumbnail_url
        )

    @admin.display(description=_("credit"))
    def credited(self, photo):
        return photo.photographer.name if photo.photographer else photo.credit or "—"

    @admin.display(description=_("alt text"), boolean=True, ordering="alt_text")
    def alt_text_given(self, photo):
        return photo.has_alt_text
