"""What an import keeps of a page beyond the text: staff lines, interns, why each tag."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article, BeneficiaryGroup, Byline, UnionBody

CORPUS = Path(__file__).parent / "import_corpus" / "pages"


def run(*args) -> str:
    out = StringIO()
    call_command("import_seed", *map(str, args), stdout=out)
    return out.getvalue()


@pytest.fixture
def page(tmp_path):
    """A corpus page with staff lines, an intern and a story signed only at its end."""
    path = tmp_path / "2024-03-08_05.txt"
    shutil.copy(CORPUS / "012_utf-8.txt", path)
    return path


@pytest.mark.django_db
class TestStorage:
    def test_staff_lines_are_kept_with_their_labels_and_only_editors_are_bylines(self, page):
        run(page)
        article = Article.objects.get(headline="地铁检修工的“夜班时间”")
        assert article.staff_credits == [["编辑", "卓雅清"], ["二审", "边子谦"], ["三审", "桂明远"]]
        roles = list(article.bylines.values_list("role", "person__name"))
        assert ("editor", "卓雅清") in roles
        assert not {name for _role, name in roles} & {"边子谦", "桂明远"}
        assert article.created_by is None

    def test_an_intern_is_credited_as_an_intern(self, page):
        run(page)
        article = Article.objects.get(headline="快递网点里的“冬日暖包”")
        assert sorted(article.bylines.values_list("role", "person__name")) == [
            (Byline.Role.INTERN, "樊可欣"), (Byline.Role.REPORTER, "闵书远"),
        ]

    def test_each_tag_is_stored_with_the_phrases_it_was_found_from(self, page):
        run(page)
        article = Article.objects.get(headline="快递网点里的“冬日暖包”")
        assert article.tag_mentions == {"快递员": ["快递员"]}
        assert list(article.beneficiary_groups.names()) == ["快递员"]

    def test_a_second_import_of_the_same_page_changes_nothing(self, page):
        run(page)
        output = run(page)
        assert "0 created" in output or "新建 0 篇" in output
        assert Article.objects.count() == 3

    def test_an_unresolved_short_form_becomes_an_unreviewed_tag(self, tmp_path):
        path = tmp_path / "p.txt"
        path.write_text("区总工会启动职工心理关爱行动\n\n本报讯（记者 冼立群）近日，区总工会启动"
                        "职工心理关爱行动，为电梯维修工、绿化工和保洁员提供服务。\n",
                        encoding="utf-8")
        run(path)
        assert UnionBody.objects.get(name="区总工会").reviewed is False
        assert BeneficiaryGroup.objects.get(name="绿化工").reviewed is False
        assert BeneficiaryGroup.objects.get(name="保洁员").reviewed is True
        article = Article.objects.get()
        assert article.tag_mentions["区总工会"] == ["区总工会"]


@pytest.mark.django_db
def test_the_article_form_shows_the_staff_lines_as_printed(page, admin_client):
    run(page)
    article = Article.objects.get(headline="地铁检修工的“夜班时间”")
    html = admin_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "编辑：卓雅清　二审：边子谦　三审：桂明远" in html
