"""What every public page needs: the masthead's name and the sections for the menu."""

from django.conf import settings

from articles.models import Section

# The photos engineer's partial (with srcset) when it exists, else the plain figure.
PHOTO_TEMPLATES = ["articles/_photo.html", "articles/_figure.html"]


def site(request):
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "site_sections": Section.objects.all,
        "photo_templates": PHOTO_TEMPLATES,
    }
