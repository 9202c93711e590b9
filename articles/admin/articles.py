from django.contrib import admin

from articles.admin.photos import PhotoInline
from articles.models import Article, Byline


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "role", "position"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "kind", "section", "status", "edition_date", "updated_at"]
    list_filter = ["status", "kind", "section", "edition_date"]
    list_select_related = ["section"]
    search_fields = ["headline", "body"]
    date_hierarchy = "edition_date"
    inlines = [BylineInline, PhotoInline]
    readonly_fields = ["status", "version", "source_file", "source_position"]
