"""RSS 2.0 and Atom feeds: every story, and per section, union body and beneficiary group."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from articles.models import Article, Section
from articles.site.caching import public_page
from articles.site.listings import listed, stories_of
from articles.tags import BeneficiaryGroup, UnionBody

FEED_SIZE = 30


class StoriesFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "zh-cn"

    def title(self, obj=None):
        site = settings.NEWSROOM_SITE_NAME
        return f"{site} · {obj}" if obj else site

    def description(self, obj=None):
        if obj:
            return _("The latest stories: %(name)s") % {"name": obj}
        return _("The latest stories")

    def author_name(self):
        # Atom asks for an author of every entry; stories without a byline are the paper's.
        return settings.NEWSROOM_SITE_NAME

    def link(self, obj=None):
        return self.page_url(obj)

    def page_url(self, obj):
        return reverse("articles:home")

    def stories(self, obj):
        return Article.objects.published()

    def items(self, obj=None):
        return self.stories(obj).for_feed()[:FEED_SIZE]

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        # RSS <description> and Atom <summary type="html"> carry HTML: the summary is text.
        return escape(item.summary)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.published_at)

    def item_author_name(self, item):
        names = [b.person.name for b in item.bylines.all() if b.role != b.Role.EDITOR]
        return "、".join(names) or None

    def item_categories(self, item):
        return [item.section.name] if item.section else []

    def item_guid(self, item):
        """A tag: URI (RFC 4151) that no edit, re-publication or change of address alters."""
        created = timezone.localtime(item.created_at)
        return f"tag:{settings.NEWSROOM_FEED_ID_AUTHORITY},{created:%Y-%m-%d}:articles/{item.pk}"

    item_guid_is_permalink = False


class AtomMixin:
    feed_type = Atom1Feed

    def subtitle(self, obj=None):
        return self.description(obj)


class OwnedStoriesFeed(StoriesFeed):
    """The stories of one section or tag: no feed until one of them is published."""

    model = Section

    def get_object(self, request, slug):
        return get_object_or_404(listed(self.model), slug=slug)

    def page_url(self, obj):
        return obj.get_absolute_url()

    def stories(self, obj):
        return stories_of(obj)


class SectionFeed(OwnedStoriesFeed):
    model = Section


class TagFeed(OwnedStoriesFeed):
    model = UnionBody
    url_name = "articles:union-body"

    def page_url(self, obj):
        return reverse(self.url_name, args=[obj.slug])


class BeneficiaryGroupFeed(TagFeed):
    model = BeneficiaryGroup
    url_name = "articles:beneficiary-group"


class AtomStoriesFeed(AtomMixin, StoriesFeed):
    pass


class AtomSectionFeed(AtomMixin, SectionFeed):
    pass


class AtomTagFeed(AtomMixin, TagFeed):
    pass


class AtomBeneficiaryGroupFeed(AtomMixin, BeneficiaryGroupFeed):
    pass


latest_rss = public_page(StoriesFeed())
latest_atom = public_page(AtomStoriesFeed())
section_rss = public_page(SectionFeed())
section_atom = public_page(AtomSectionFeed())
union_body_rss = public_page(TagFeed())
union_body_atom = public_page(AtomTagFeed())
beneficiary_group_rss = public_page(BeneficiaryGroupFeed())
beneficiary_group_atom = public_page(AtomBeneficiaryGroupFeed())
