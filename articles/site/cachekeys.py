"""Which parts of a reader's address choose the page: the page cache's key and the canonical link.

A story shared in WeChat comes back as ``/articles/7/slug/?from=timeline&isappinstalled=0``;
other apps add ``utm_*``, ``spm`` or a share id. None of them changes the page, so they are
*folded*: the page is cached, and found, under the address without them. Parameters a view
reads (``page``, ``q``, the sitemaps' ``p``) keep an entry of their own. An article page reads
no parameter at all, so on it every parameter is folded. Elsewhere a parameter we do not know
keeps its own entry: a view added tomorrow may read it, and a wrong page served from the cache
is worse than a miss.
"""

from django.utils.encoding import escape_uri_path
from django.utils.http import urlencode

# Added by share buttons, apps and campaign tools; no page of ours reads them.
TRACKING = frozenset({
    "from", "isappinstalled", "spm", "scene", "clicktime", "enterid", "wxshare_count",
    "share_token", "share_id", "shareid", "share_from", "sharer_shareid", "sharer_sharetime",
    "sharer_shareinfo", "sharer_shareinfo_first", "nsukey", "fbclid", "gclid", "msclkid",
    "mc_cid", "mc_eid", "ref", "ref_src", "_hsenc", "_hsmi",
})
TRACKING_PREFIXES = ("utm_", "sharer_")
# Pages whose answer depends on no parameter (the URL names in articles/urls.py).
READS_NO_PARAMETER = frozenset({"article", "article-short"})


def is_folded(request, name: str, match=None) -> bool:
    """True when the parameter ``name`` cannot change the page this request asks for.

    ``match`` is the request's ``ResolverMatch``, for callers that run before the view is
    resolved (the page cache's middleware); by default, the request's own.
    """
    if name in TRACKING or name.startswith(TRACKING_PREFIXES):
        return True
    match = match or request.resolver_match
    return match is not None and match.url_name in READS_NO_PARAMETER


def kept_parameters(request, match=None) -> list[tuple[str, str]]:
    """The parameters that choose the page, sorted, so their order makes no second entry."""
    return sorted(
        (name, value)
        for name, values in request.GET.lists() if not is_folded(request, name, match)
        for value in values
    )


def cache_address(request, match=None) -> str:
    """The address a page is cached under: scheme, host, path and the kept parameters."""
    address = f"{request.scheme}://{request.get_host()}{escape_uri_path(request.path)}"
    kept = kept_parameters(request, match)
    return f"{address}?{urlencode(kept)}" if kept else address
