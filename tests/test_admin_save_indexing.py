"""One admin save of a story re-indexes it for search once, however many inlines it has."""

import pytest

from articles.models import Person
from articles.site import search
from tests.test_admin_articles import change_url, form_data
from tests.workflow_fixtures import desk, story_in  # noqa: F401 - desk is a fixture


@pytest.mark.django_db
def test_saving_a_story_with_three_bylines_indexes_it_once(client, desk, monkeypatch):  # noqa: F811
    article = story_in("draft", desk)
    people = [Person.objects.create(name=name) for name in ["甲乙", "丙丁", "戊己"]]
    data = form_data(article, body="改写后的正文。")
    data.update({"bylines-TOTAL_FORMS": 3})
    for n, person in enumerate(people):
        data.update({f"bylines-{n}-person": person.pk, f"bylines-{n}-role": "reporter",
                     f"bylines-{n}-position": n})
    calls = []
    real = search.index_articles
    monkeypatch.setattr(search, "index_articles", lambda ids: calls.append(set(ids)) or real(ids))
    client.force_login(desk["reporter"])

    response = client.post(change_url(article), data)

    assert response.status_code == 302, response.content.decode()[:1500]
    assert article.bylines.count() == 3
    assert calls == [{article.pk}]
    assert "甲乙" in search.SearchDocument.objects.get(article=article).text
