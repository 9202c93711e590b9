"""The vocabularies' admin: review, merge, retire and (for union bodies) give a parent.

The actions ask for a choice on a second page, then call articles.tag_upkeep.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles import tag_upkeep
from articles.admin.messages import ChineseHistoryMixin
from articles.models import BeneficiaryGroup, UnionBody


class ChooseTagForm(forms.Form):
    tag = forms.ModelChoiceField(queryset=None, required=True)

    def __init__(self, *args, queryset, label, required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tag"].queryset = queryset
        self.fields["tag"].label = label
        self.fields["tag"].required = required


class VocabularyAdmin(ChineseHistoryMixin, admin.ModelAdmin):
    list_display = ["name", "aliases", "reviewed", "retired", "article_count"]
    list_filter = ["reviewed", "retired"]
    list_editable = ["reviewed"]
    ordering = ["name"]
    search_fields = ["name", "aliases"]
    readonly_fields = ["slug"]
    fields = ["name", "slug", "aliases", "reviewed", "retired"]
    actions = ["merge_selected", "retire_selected", "reinstate_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_articles=Count("tagged_articles"))

    def get_search_results(self, request, queryset, search_term):
        results, duplicates = super().get_search_results(request, queryset, search_term)
        if request.path.endswith("/autocomplete/"):
            # No new story gets a retired tag. (Ordered here: the count above drops Meta.ordering.)
            results = results.filter(retired=False).order_by("name")
        return results, duplicates

    @admin.display(ordering="n_articles", description=gettext_lazy("stories"))
    def article_count(self, obj):
        return obj.n_articles

    def choose(self, request, queryset, *, action, title, intro, label, choices, required=True):
        """The action's second page: pick a tag; None until the editor has chosen one."""
        form = ChooseTagForm(request.POST if "apply" in request.POST else None,
                             queryset=choices, label=label, required=required)
        if form.is_bound and form.is_valid():
            return form.cleaned_data["tag"], None
        return None, TemplateResponse(request, "admin/articles/vocabulary_action.html", {
            **self.admin_site.each_context(request),
            "opts": self.opts, "title": title, "intro": intro, "form": form,
            "action": action, "selected": queryset,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        })

    @admin.action(permissions=["change"], description=gettext_lazy("Merge selected tags into one"))
    def merge_selected(self, request, queryset):
        target, page = self.choose(
            request, queryset, action="merge_selected",
            title=_("Merge %(tags)s") % {"tags": self.opts.verbose_name_plural},
            intro=_("The tags chosen below are folded into the one you keep: their names "
                    "become its aliases, and their stories get it instead."),
            label=_("Keep this tag"),
            choices=self.model.objects.filter(retired=False),
        )
        if page is not None:
            return page
        merged = [t for t in queryset if t.pk != target.pk]
        names = [t.name for t in merged]
        try:
            moved = tag_upkeep.merge(merged, target)
        except tag_upkeep.UpkeepRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return None
        self.log_deletions(request, merged)
        self.log_change(request, target, _("Merged in: %(names)s") % {"names": "、".join(names)})
        self.message_user(request, _(
            "Merged %(names)s into “%(target)s”; %(count)d stories retagged."
        ) % {"names": "、".join(names), "target": target.name, "count": moved},
            messages.SUCCESS)
        return None

    @admin.action(permissions=["change"], description=gettext_lazy("Retire selected tags"))
    def retire_selected(self, request, queryset):
        self.retire(request, queryset, True)

    @admin.action(permissions=["change"],
                  description=gettext_lazy("Reinstate selected retired tags"))
    def reinstate_selected(self, request, queryset):
        self.retire(request, queryset, False)

    def retire(self, request, queryset, retired):
        changed = tag_upkeep.retire(list(queryset), retired)
        for tag in changed:
            self.log_change(request, tag, _("Retired") if retired else _("Reinstated"))
        text = (_("%(count)d tags retired: the importer no longer suggests them.") if retired
                else _("%(count)d tags reinstated."))
        self.message_user(request, text % {"count": len(changed)}, messages.SUCCESS)


@admin.register(UnionBody)
class UnionBodyAdmin(VocabularyAdmin):
    list_display = ["name", "hierarchy", "aliases", "reviewed", "retired", "article_count"]
    list_select_related = ["parent__parent__parent"]
    fields = ["name", "slug", "parent", "aliases", "reviewed", "retired"]
    autocomplete_fields = ["parent"]
    actions = [*VocabularyAdmin.actions, "set_parent_selected"]

    @admin.display(description=gettext_lazy("above it"), ordering="parent__name")
    def hierarchy(self, obj):
        # Three levels come with the list's query; deeper ones are rare enough to fetch.
        return " › ".join(body.name for body in reversed(obj.ancestors())) or "—"

    @admin.action(permissions=["change"],
                  description=gettext_lazy("Put selected union bodies under a parent"))
    def set_parent_selected(self, request, queryset):
        parent, page = self.choose(
            request, queryset, action="set_parent_selected",
            title=_("Put union bodies under a parent"),
            intro=_("Choose the body directly above the selected ones (全总 → 省/市总工会 → "
                    "区县/产业工会 → 基层工会). Leave it empty to put them at the top."),
            label=_("parent union body"),
            choices=UnionBody.objects.filter(retired=False), required=False,
        )
        if page is not None:
            return page
        try:
            count = tag_upkeep.set_parent(list(queryset), parent)
        except tag_upkeep.UpkeepRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return None
        for body in queryset:
            self.log_change(request, body, _("Parent: %(parent)s")
                            % {"parent": parent.name if parent else "—"})
        self.message_user(request, _("%(count)d union bodies now under “%(parent)s”.")
                          % {"count": count, "parent": parent.name if parent else "—"},
                          messages.SUCCESS)
        return None


admin.site.register(BeneficiaryGroup, VocabularyAdmin)
