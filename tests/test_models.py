from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article, Byline, Person, cut_summary


@pytest.mark.django_db
class TestConstraints:
    def test_a_person_appears_once_per_role_per_article(self, make_article, person, make_byline):
        article = make_article()
        make_byline(article, person, Byline.Role.REPORTER)
        make_byline(article, person, Byline.Role.PHOTOGRAPHER)  # another role is fine
        with pytest.raises(IntegrityError), transaction.atomic():
            make_byline(article, person, Byline.Role.REPORTER, position=1)
        assert article.bylines.count() == 2

    def test_import_provenance_is_unique(self, make_article):
        make_article(source_file="page.txt", source_position=1)
        with pytest.raises(IntegrityError), transaction.atomic():
            make_article("另一条", source_file="page.txt", source_position=1)
        make_article("同一位置的另一页", source_file="other.txt", source_position=1)
        assert Article.objects.count() == 2

    def test_hand_written_articles_need_no_provenance(self, make_article):
        make_article("甲")
        make_article("乙")
        assert Article.objects.filter(source_file="").count() == 2

    def test_published_needs_a_time(self, make_article):
        with pytest.raises(IntegrityError), transaction.atomic():
            make_article(status=Article.Status.PUBLISHED, published_at=None)

    def test_status_must_be_known(self, make_article):
        with pytest.raises(IntegrityError), transaction.atomic():
            make_article(status="lost")


@pytest.mark.django_db
class TestPublished:
    def test_only_live_stories_are_published(self, make_article):
        now = timezone.now()
        live = make_article("已发布", status="published", published_at=now - timedelta(hours=1))
        make_article("定时发布", status="published", published_at=now + timedelta(hours=1))
        make_article("草稿")
        make_article("已批准", status="approved")
        make_article("已撤稿", status="withdrawn", published_at=now - timedelta(hours=2))
        assert list(Article.objects.published()) == [live]

    def test_scheduled_story_goes_live_at_its_time(self, make_article, time_machine):
        now = timezone.now()
        time_machine.move_to(now, tick=False)
        story = make_article(status="published", published_at=now + timedelta(minutes=5))
        assert not Article.objects.published().exists()
        time_machine.move_to(now + timedelta(minutes=5), tick=False)
        assert list(Article.objects.published()) == [story]


@pytest.mark.django_db
class TestPerson:
    def test_slug_is_pinyin_and_unique(self):
        first = Person.objects.create(name="张伟")
        second = Person.objects.create(name="张伟")
        assert (first.slug, second.slug) == ("zhang-wei", "zhang-wei-2")

    def test_slug_is_stable_when_the_name_changes(self):
        person = Person.objects.create(name="王芳")
        person.name = "王芳芳"
        person.save()
        person.refresh_from_db()
        assert person.slug == "wang-fang"


@pytest.mark.parametrize(
    ("paragraph", "summary"),
    [
        ("短短一句。", "短短一句。"),
        ("甲" * 60 + "。" + "乙" * 70 + "。", "甲" * 60 + "。"),
        ("甲" * 80 + "，" + "乙" * 80, "甲" * 80 + "…"),
        ("丙" * 200, "丙" * 119 + "…"),
    ],
)
def test_summary_is_cut_at_a_sentence_or_clause(paragraph, summary):
    assert cut_summary(paragraph) == summary


@pytest.mark.django_db
def test_summary_defaults_to_the_first_paragraph(make_article):
    article = make_article(body="首段内容。\n\n次段内容。")
    assert article.summary == "首段内容。"
    assert article.paragraphs == ["首段内容。", "次段内容。"]
    assert article.character_count == 10


@pytest.mark.django_db
def test_batch_slugs_avoid_existing_people_and_each_other():
    from articles.slugs import unique_slugs

    Person.objects.create(name="张伟")  # zhang-wei
    Person.objects.create(name="张薇")  # same pinyin: zhang-wei-2
    slugs = unique_slugs(Person, ["章伟", "李娜"])
    assert slugs == {"章伟": "zhang-wei-3", "李娜": "li-na"}
