from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from articles.admin.messages import ChineseHistoryMixin
from articles.models import BeneficiaryGroup, UnionBody


class VocabularyAdmin(ChineseHistoryMixin, admin.ModelAdmin):
    list_display = ["name", "aliases", "reviewed", "article_count"]
    list_filter = ["reviewed"]
    list_editable = ["reviewed"]
    search_fields = ["name", "aliases"]
    readonly_fields = ["slug"]
    fields = ["name", "slug", "aliases", "reviewed"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_articles=Count("tagged_articles"))

    @admin.display(description=_("stories"), ordering="n_articles")
    def article_count(self, obj):
        return obj.n_articles


admin.site.register(UnionBody, VocabularyAdmin)
admin.site.register(BeneficiaryGroup, VocabularyAdmin)
