"""What search engines and link previews read: JSON-LD NewsArticle data."""

from django.conf import settings
from django.urls import reverse


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


def article_json_ld(request, article) -> dict:
    """schema.org NewsArticle, as Google's article structured data asks for it."""
    authors = [
        {
            "@type": "Person",
            "name": byline.person.name,
            "url": absolute(request, byline.person.get_absolute_url()),
        }
        for byline in article.bylines.all()
        if byline.role != byline.Role.EDITOR
    ]
    published = article.first_published_at or article.published_at
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "mainEntityOfPage": absolute(request, article.get_absolute_url()),
        "datePublished": published.isoformat() if published else None,
        "dateModified": max(filter(None, [article.updated_at, article.published_at])).isoformat(),
        "author": authors,
        "publisher": {
            "@type": "Organization",
            "name": settings.NEWSROOM_SITE_NAME,
            "url": absolute(request, reverse("articles:home")),
        },
        "inLanguage": "zh-CN",
    }
    if article.summary:
        data["description"] = article.summary
    images = [absolute(request, photo.share_url) for photo in article.photos.all() if photo.image]
    if images:
        data["image"] = images
    if article.section:
        data["articleSection"] = article.section.name
    return {key: value for key, value in data.items() if value is not None}
