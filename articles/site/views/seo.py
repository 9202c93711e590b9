"""What search engines and link previews read: JSON-LD NewsArticle data."""

from django.conf import settings
from django.urls import reverse


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


def json_ld_parts(article) -> dict:
    """The story's schema.org NewsArticle with paths for addresses: the same for every reader.

    ``article_json_ld`` makes the addresses absolute for the request's host.
    """
    published = article.first_published_at or article.published_at
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "mainEntityOfPage": article.get_absolute_url(),
        "datePublished": published.isoformat() if published else None,
        "dateModified": max(filter(None, [article.updated_at, article.published_at])).isoformat(),
        "author": [
            {"@type": "Person", "name": byline.person.name,
             "url": byline.person.get_absolute_url()}
            for byline in article.bylines.all()
            if byline.role != byline.Role.EDITOR
        ],
        "publisher": {
            "@type": "Organization",
            "name": settings.NEWSROOM_SITE_NAME,
            "url": reverse("articles:home"),
        },
        "inLanguage": "zh-CN",
        "description": article.summary or None,
        "image": [photo.share_url for photo in article.photos.all() if photo.image] or None,
        "articleSection": article.section.name if article.section else None,
    }
    if article.edition_date:  # where the paper printed it (schema.org's print properties)
        data["printEdition"] = article.edition_date.isoformat()
        if article.page is not None:
            data["printPage"] = str(article.page)
        if article.page_name:
            data["printSection"] = article.page_name
    return {key: value for key, value in data.items() if value is not None}


def article_json_ld(request, parts: dict) -> dict:
    """schema.org NewsArticle, as Google's article structured data asks for it."""
    return {
        **parts,
        "mainEntityOfPage": absolute(request, parts["mainEntityOfPage"]),
        "author": [{**person, "url": absolute(request, person["url"])}
                   for person in parts["author"]],
        "publisher": {**parts["publisher"], "url": absolute(request, parts["publisher"]["url"])},
        **({"image": [absolute(request, path) for path in parts["image"]]}
           if "image" in parts else {}),
    }
