from django.contrib import admin

from articles.models import Photo


class PhotoInline(admin.StackedInline):
    model = Photo
    extra = 0
    fields = ["image", "caption", "alt_text", "photographer", "position"]
    autocomplete_fields = ["photographer"]


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    list_display = ["__str__", "article", "photographer", "created_at"]
    list_select_related = ["article", "photographer"]
    autocomplete_fields = ["article", "photographer"]
    search_fields = ["caption", "alt_text"]
