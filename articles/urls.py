from django.urls import path

from articles.site import feeds, sitemaps, views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<int:pk>/", views.article, name="article-short"),
    path("articles/<int:pk>/<str:slug>/", views.article, name="article"),
    path("people/<slug:slug>/", views.person, name="person"),
    path("sections/<slug:slug>/", views.section, name="section"),
    path("sections/<slug:slug>/rss/", feeds.section_rss, name="section-rss"),
    path("sections/<slug:slug>/atom/", feeds.section_atom, name="section-atom"),
    path("union-bodies/<slug:slug>/", views.union_body, name="union-body"),
    path("union-bodies/<slug:slug>/rss/", feeds.union_body_rss, name="union-body-rss"),
    path("union-bodies/<slug:slug>/atom/", feeds.union_body_atom, name="union-body-atom"),
    path("groups/<slug:slug>/", views.beneficiary_group, name="beneficiary-group"),
    path("groups/<slug:slug>/rss/", feeds.beneficiary_group_rss, name="beneficiary-group-rss"),
    path(
        "groups/<slug:slug>/atom/", feeds.beneficiary_group_atom, name="beneficiary-group-atom"
    ),
    path("archive/", views.archive, name="archive"),
    path("archive/<int:year>/", views.archive, name="archive-year"),
    path("archive/<int:year>/<int:month>/<int:day>/", views.edition, name="edition"),
    path("archive/<int:year>/<int:month>/<int:day>/<int:number>/", views.edition_page,
         name="edition-page"),
    path("search/", views.search, name="search"),
    path("feeds/rss/", feeds.latest_rss, name="rss"),
    path("feeds/atom/", feeds.latest_atom, name="atom"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path("sitemap-<section>.xml", sitemaps.sitemap_section, name="sitemap-section"),
    path("news-sitemap.xml", sitemaps.news_sitemap, name="news-sitemap"),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
]
