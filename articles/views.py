"""The readers' site. Everything here reads through ``Article.objects.published()``."""

from django.shortcuts import get_object_or_404, redirect, render

from articles.models import Article, Person, Section

PAGE_SIZE = 20


def home(request):
    articles = Article.objects.published().for_listing()[:PAGE_SIZE]
    return render(request, "articles/home.html", {"articles": articles})


def article(request, pk, slug=None):
    story = get_object_or_404(Article.objects.published().for_article_page(), pk=pk)
    if slug != story.slug:
        return redirect(story, permanent=True)
    return render(request, "articles/article_detail.html", {"article": story})


def person(request, slug):
    contributor = get_object_or_404(Person, slug=slug)
    articles = (
        Article.objects.published().for_listing().filter(bylines__person=contributor).distinct()
    )
    return render(
        request, "articles/person.html", {"person": contributor, "articles": articles[:PAGE_SIZE]}
    )


def section(request, slug):
    desk = get_object_or_404(Section, slug=slug)
    articles = Article.objects.published().for_listing().filter(section=desk)[:PAGE_SIZE]
    return render(request, "articles/section.html", {"section": desk, "articles": articles})
