from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from articles.admin.messages import ChineseHistoryMixin
from articles.models import Person, Section
from articles.workflow.roles import display_name


@admin.register(Person)
class PersonAdmin(ChineseHistoryMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "affiliation", "user", "is_active"]
    list_filter = ["affiliation", "is_active"]
    search_fields = ["name", "slug"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]

    def get_readonly_fields(self, request, obj=None):
        # The slug is part of public URLs: set once, then never changed.
        fields = ["slug"] if obj else []
        if not request.user.is_superuser:
            # Linking a person to a login makes that login an author of the person's stories,
            # which decides who may sign them: only an administrator does it. Read-only fields
            # are not taken from the POST, so a crafted one changes nothing.
            fields.append("user")
        return fields


@admin.register(Section)
class SectionAdmin(ChineseHistoryMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}


class StaffNamesMixin:
    """Who created and last saved a story, by name (演示总编), not by login (chief)."""

    @admin.display(description=_("created by"))
    def created_by_name(self, obj):
        return display_name(obj.created_by)

    @admin.display(description=_("updated by"))
    def updated_by_name(self, obj):
        return display_name(obj.updated_by)
