from articles.admin import articles, people, photos, proofreading, tags  # noqa: F401
