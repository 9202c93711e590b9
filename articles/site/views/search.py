"""The search page: ``/search/?q=``. Whatever the query, a normal page answers."""

from django.template.response import TemplateResponse

from articles.site import search as engine
from articles.site.caching import public_page
from articles.site.views.pages import paginate

MAX_QUERY_SHOWN = 200
SNIPPET_WIDTH = 110


@public_page
def search(request):
    raw = engine.clean(request.GET.get("q", ""))
    stories, query = engine.search(raw)
    page = paginate(request, stories) if query else None
    results = [
        {
            "article": story,
            "headline": engine.highlight(story.headline, query),
            "snippet": engine.highlight("".join(story.paragraphs), query, SNIPPET_WIDTH),
        }
        for story in (page.object_list if page else [])
    ]
    return TemplateResponse(request, "articles/search.html", {
        "q": raw.strip()[:MAX_QUERY_SHOWN],
        "query": query,
        "page": page,
        "results": results,
        "capped": bool(page) and page.paginator.count >= engine.MAX_RANKED,
    })
