from articles.admin import articles, people, photos, tags  # noqa: F401
