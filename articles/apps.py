from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Newsroom")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Receivers live with their capability; models.py imports none of them.
        # Page-cache purges, story fragments' tokens, the search index.
        from articles.site import caching, fragments, search  # noqa: F401
        from articles.workflow import notices, transitioned

        transitioned.connect(notices.send_after_commit, dispatch_uid="review-notices")
