from django.contrib import admin

from articles.models import Person, Section


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "affiliation", "user", "is_active"]
    list_filter = ["affiliation", "is_active"]
    search_fields = ["name", "slug"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]

    def get_readonly_fields(self, request, obj=None):
        # The slug is part of public URLs: set once, then never changed.
        return ["slug"] if obj else []


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
