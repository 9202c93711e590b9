"""校对 at the desk, over HTTP: the panel, 忽略, fixes, sensitive hits, 三校, 差错率, 转载."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction

from articles.models import (
    Article,
    IgnoredFinding,
    ProofreadingRound,
    SensitiveAcknowledgement,
    SensitiveTerm,
    WordListEntry,
)
from articles.workflow import review_levels, roles
from tests.test_admin_articles import change_url, form_data
from tests.workflow_fixtures import STATES, desk, make_user, snapshot, story_in  # noqa: F401

SENSITIVE_BODY = "本报讯 近日，职工书屋开进社区。\n座谈会上，大家批驳了台独言论。"


def transition_url(article, action):
    return f"/admin/articles/article/{article.pk}/workflow/{action}/"


def proofreading_url(article, what):
    return f"/admin/articles/article/{article.pk}/proofreading/{what}/"


def set_body(article, body):
    Article.objects.filter(pk=article.pk).update(body=body)
    article.refresh_from_db()


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.fixture
def proofreader(db):
    return make_user("proofreader", roles.PROOFREADER)


def test_the_shipped_lists_are_in_the_database(db):
    assert WordListEntry.objects.filter(kind="wrong_form", found="再接再励",
                                        suggestion="再接再厉", shipped=True).exists()
    assert SensitiveTerm.objects.filter(term="台独").exists()
    assert Group.objects.filter(name="校对").exists()


def test_change_form_shows_the_panel_with_findings_in_context(client, desk):  # noqa: F811
    article = story_in("in_review_1", desk)
    set_body(article, "活动结束后，，职工们合影留念。\n希望大家再接再励。")
    for role in ["editor", "chief"]:  # reviewers at every level see the open findings
        client.force_login(desk[role])
        page = client.get(change_url(article)).content.decode()
        assert 'id="proofreading"' in page
        assert "<mark>，，</mark>" in page and "<mark>再接再励</mark>" in page
        assert "GB/T 15834-2011" in page
        assert "2 个待处理问题" in page


def test_panel_escapes_the_story_text(client, desk):  # noqa: F811
    article = story_in("in_review_1", desk)
    set_body(article, "<script>alert(1)</script>活动结束后，，职工们合影留念。")
    client.force_login(desk["editor"])
    page = client.get(change_url(article)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_one_click_fix_changes_only_the_text_found(client, desk):  # noqa: F811
    article = story_in("in_review_1", desk)
    set_body(article, "活动结束后，，职工们合影留念。")
    client.force_login(desk["editor"])
    page = client.get(change_url(article))
    (row,) = page.context["proofreading"]["open"]
    version = Article.objects.get(pk=article.pk).version
    response = client.post(proofreading_url(article, "fix"), {"key": row["finding"].key})
    assert response.status_code == 302
    fresh = Article.objects.get(pk=article.pk)
    assert fresh.body == "活动结束后，职工们合影留念。"
    assert fresh.version == version + 1
    # A reporter may not edit a story in review, so may not fix it either.
    set_body(article, "活动结束后，，职工们合影留念。")
    client.force_login(desk["reporter"])
    assert client.post(proofreading_url(article, "fix"),
                       {"key": row["finding"].key}).status_code == 403
    assert Article.objects.get(pk=article.pk).body == "活动结束后，，职工们合影留念。"


def test_ignore_needs_a_reason_and_then_hides_the_finding(client, desk):  # noqa: F811
    article = story_in("in_review_1", desk)
    set_body(article, "活动结束后，，职工们合影留念。")
    client.force_login(desk["editor"])
    key = client.get(change_url(article)).context["proofreading"]["open"][0]["finding"].key
    refused = client.post(proofreading_url(article, "ignore"), {"key": key, "reason": " "},
                          follow=True)
    assert "说明忽略的理由" in "".join(messages_of(refused))
    assert not IgnoredFinding.objects.exists()
    client.post(proofreading_url(article, "ignore"), {"key": key, "reason": "原文引语，照录"})
    panel = client.get(change_url(article)).context["proofreading"]
    assert panel["open"] == [] and len(panel["ignored"]) == 1
    assert IgnoredFinding.objects.get().ignored_by == desk["editor"]


def test_a_sensitive_hit_blocks_publishing_until_acknowledged(client, desk):  # noqa: F811
    article = story_in("approved", desk)
    set_body(article, SENSITIVE_BODY)
    client.force_login(desk["chief"])
    page = client.get(change_url(article)).content.decode()
    assert "敏感词“台独”" in page
    # The desk offers only what would succeed: no publish button until the hit is settled.
    assert 'id="workflow-publish-button"' not in page
    before = snapshot(article)
    refused = client.post(transition_url(article, "publish"), follow=True)
    assert "台独" in "".join(messages_of(refused))
    assert snapshot(article) == before  # the database is as it was
    # Only the chief acknowledges, and only with a reason.
    client.force_login(desk["editor"])
    assert client.post(proofreading_url(article, "acknowledge"),
                       {"term": "台独", "reason": "批驳言论"}).status_code == 403
    client.force_login(desk["chief"])
    client.post(proofreading_url(article, "acknowledge"), {"term": "台独", "reason": ""})
    assert not SensitiveAcknowledgement.objects.exists()
    client.post(proofreading_url(article, "acknowledge"),
                {"term": "台独", "reason": "批驳错误言论，用语准确"})
    assert 'id="workflow-publish-button"' in client.get(change_url(article)).content.decode()
    done = client.post(transition_url(article, "publish"), follow=True)
    assert Article.objects.get(pk=article.pk).status == "published", messages_of(done)
    page = client.get(change_url(article)).content.decode()
    assert "批驳错误言论，用语准确" in page


def test_a_sensitive_hit_blocks_the_final_review_not_the_first(client, desk):  # noqa: F811
    first = story_in("in_review_1", desk)
    set_body(first, SENSITIVE_BODY)
    client.force_login(desk["editor"])
    client.post(transition_url(first, "approve"), {"comment": "同意"})
    assert Article.objects.get(pk=first.pk).review_level == 2  # 初审 only warns
    final = story_in("in_review_3", desk)
    set_body(final, SENSITIVE_BODY)
    assert final.current_level.number == len(review_levels())  # 终审
    client.force_login(desk["chief"])
    before = snapshot(final)
    refused = client.post(transition_url(final, "approve"), {"comment": "同意刊发"}, follow=True)
    assert "台独" in "".join(messages_of(refused))
    assert snapshot(final) == before


def test_other_findings_only_warn(client, desk):  # noqa: F811
    article = story_in("approved", desk)
    set_body(article, "活动结束后，，职工们合影留念。")
    client.force_login(desk["chief"])
    client.post(transition_url(article, "publish"))
    assert Article.objects.get(pk=article.pk).status == "published"


def test_proofreader_records_a_first_round(client, desk, proofreader):  # noqa: F811
    article = story_in("in_review_1", desk)
    client.force_login(proofreader)
    page = client.get(change_url(article))
    assert page.status_code == 200 and 'id="proofreading-round-form"' in page.content.decode()
    response = client.post(proofreading_url(article, "round"), {
        "round": "1", "text_errors": "2", "punctuation_errors": "1", "number_errors": "0",
        "fact_errors": "0", "political_errors": "0", "note": "人名已核",
    })
    assert response.status_code == 302
    row = ProofreadingRound.objects.get()
    assert (row.round, row.proofreader, row.total, row.after_publication) == (
        1, proofreader, 3, False)
    page = client.get(change_url(article)).content.decode()
    assert "一校" in page and "人名已核" in page
    # The same round twice is refused; the record stays as it was.
    client.post(proofreading_url(article, "round"), {"round": "1", "text_errors": "5"})
    assert ProofreadingRound.objects.count() == 1
    # A reporter does not proofread.
    client.force_login(desk["reporter"])
    assert client.post(proofreading_url(article, "round"),
                       {"round": "2", "text_errors": "1"}).status_code == 403


def error_rate_line(client, period):
    page = client.get("/admin/articles/proofreadinground/error-rate/")
    assert page.status_code == 200
    (line,) = [m for m in page.context["months"] if m.label == period]
    return line


def test_a_correction_moves_the_months_error_rate(client, desk, proofreader):  # noqa: F811
    article = story_in("published", desk)
    Article.objects.filter(pk=article.pk).update(
        edition_date=datetime.date(2025, 1, 17), body="职" * 10_000)
    client.force_login(desk["chief"])
    line = error_rate_line(client, "2025-01")
    assert (line.characters, line.errors, str(line.rate), line.over_limit) == (
        10_000, 0, "0.00", False)
    client.post(transition_url(article, "correct"), {"comment": "更正：第二段人名有误。"})
    line = error_rate_line(client, "2025-01")
    assert (line.corrections, line.errors, str(line.rate)) == (1, 1, "1.00")
    # The proofreader logs errors found in print: they count too, past 万分之三 here.
    client.force_login(proofreader)
    client.post(proofreading_url(article, "round"), {"text_errors": "2", "number_errors": "1"})
    assert ProofreadingRound.objects.get().after_publication
    client.force_login(desk["chief"])
    line = error_rate_line(client, "2025-01")
    assert (line.errors, str(line.rate), line.over_limit) == (4, "4.00", True)
    assert "超过万分之三" in client.get(
        "/admin/articles/proofreadinground/error-rate/").content.decode()


@pytest.mark.parametrize("role,status", [
    ("chief", 200), ("editor", 200), ("reporter", 403), ("photographer", 403),
    ("proofreader", 403),
])
def test_who_sees_the_error_rate(client, desk, proofreader, role, status):  # noqa: F811
    desk["proofreader"] = proofreader
    client.force_login(desk[role])
    assert client.get("/admin/articles/proofreadinground/error-rate/").status_code == status


def test_error_rate_queries_do_not_grow_with_stories(client, desk, django_assert_max_num_queries):  # noqa: F811
    client.force_login(desk["chief"])

    def publish_some(n):
        for _ in range(n):
            article = story_in("published", desk)
            article.correct(desk["chief2"], "更正一处。")

    publish_some(2)
    with django_assert_max_num_queries(12) as few:
        client.get("/admin/articles/proofreadinground/error-rate/")
    publish_some(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/admin/articles/proofreadinground/error-rate/")


@pytest.mark.parametrize("model,role,status", [
    ("sensitiveterm", "chief", 200), ("sensitiveterm", "editor", 403),
    ("sensitiveterm", "reporter", 403), ("sensitiveterm", "proofreader", 403),
    ("wordlistentry", "chief", 200), ("wordlistentry", "editor", 403),
    ("wordlistentry", "proofreader", 403), ("wordlistentry", "reporter", 403),
])
def test_who_manages_the_lists(client, desk, proofreader, model, role, status):  # noqa: F811
    desk["proofreader"] = proofreader
    client.force_login(desk[role])
    assert client.get(f"/admin/articles/{model}/add/").status_code == status


def test_sensitive_list_is_hidden_from_editors(client, desk):  # noqa: F811
    client.force_login(desk["editor"])
    assert client.get("/admin/articles/sensitiveterm/").status_code == 403
    assert client.get("/admin/articles/wordlistentry/").status_code == 200


def test_the_chief_extends_the_wrong_forms(client, desk):  # noqa: F811
    client.force_login(desk["chief"])
    client.post("/admin/articles/wordlistentry/add/", {
        "kind": "wrong_form", "found": "职工之冢", "suggestion": "职工之家", "note": "",
        "is_active": "on",
    })
    entry = WordListEntry.objects.get(found="职工之冢")
    assert entry.created_by == desk["chief"] and not entry.shipped
    article = story_in("in_review_1", desk)
    set_body(article, "这里是职工之冢。")
    panel = client.get(change_url(article)).context["proofreading"]
    assert [r["finding"].suggestion for r in panel["open"]] == ["职工之家"]


def test_dashboard_counts_open_findings_per_story(client, desk):  # noqa: F811
    article = story_in("in_review_1", desk)
    set_body(article, "活动结束后，，职工们合影留念。希望大家再接再励。")
    client.force_login(desk["editor"])
    page = client.get("/admin/").content.decode()
    assert "2 个校对问题" in page


def test_republished_story_must_name_its_origin(client, desk, section):  # noqa: F811
    article = story_in("draft", desk)
    client.force_login(desk["reporter"])
    response = client.post(change_url(article), form_data(article, is_republished="on",
                                                          republished_source="工人日报"))
    assert response.status_code == 200
    assert "转载稿件须注明来源、原作者和原标题" in response.content.decode()
    assert not Article.objects.get(pk=article.pk).is_republished
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(is_republished=True)
    response = client.post(change_url(article), form_data(
        article, is_republished="on", republished_source="工人日报",
        republished_author="李记者", republished_title="职工书屋开进社区"))
    assert response.status_code == 302
    published = story_in("published", desk)
    Article.objects.filter(pk=published.pk).update(
        is_republished=True, republished_source="工人日报", republished_author="李记者",
        republished_title="原来的标题")
    page = client.get(published.get_absolute_url()).content.decode()
    assert "来源：工人日报" in page and "原作者：李记者" in page and "原标题：原来的标题" in page


def test_dashboard_queries_do_not_grow_with_stories(client, desk, django_assert_max_num_queries):  # noqa: F811
    client.force_login(desk["editor"])
    story_in("in_review_1", desk)
    with django_assert_max_num_queries(40) as few:
        client.get("/admin/")
    for _ in range(6):
        story_in("in_review_1", desk)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/admin/")


def test_change_form_panel_costs_a_fixed_number_of_queries(
    client, desk, django_assert_max_num_queries  # noqa: F811
):
    article = story_in("in_review_1", desk)
    set_body(article, "活动结束后，，职工们合影留念。")
    client.force_login(desk["editor"])
    with django_assert_max_num_queries(80) as few:
        client.get(change_url(article))
    set_body(article, "活动结束后，，职工们合影留念。希望大家再接再励。\n" * 20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(change_url(article))


def test_the_review_sheet_shows_rounds_and_the_acknowledgement(client, desk, proofreader):  # noqa: F811
    article = story_in("approved", desk)
    set_body(article, SENSITIVE_BODY)
    client.force_login(proofreader)
    client.post(proofreading_url(article, "round"), {"round": "1", "punctuation_errors": "2",
                                                     "note": "标点已改"})
    client.force_login(desk["chief"])
    client.post(proofreading_url(article, "acknowledge"),
                {"term": "台独", "reason": "批驳错误言论，用语准确"})
    sheet = client.get(f"/admin/articles/article/{article.pk}/review-sheet/").content.decode()
    assert "一校" in sheet and "标点 2" in sheet and "标点已改" in sheet
    assert "“台独”" in sheet and "批驳错误言论，用语准确" in sheet


@pytest.mark.parametrize("stories", [1, 6])
def test_the_chiefs_desk_checks_sensitive_hits_in_fixed_queries(
    client, desk, stories, django_assert_max_num_queries  # noqa: F811
):
    for _ in range(stories):
        article = story_in("in_review_3", desk)  # waiting for 终审, which the guard checks
        set_body(article, SENSITIVE_BODY)
    client.force_login(desk["chief"])
    with django_assert_max_num_queries(40):
        page = client.get("/admin/")
    # Waiting for an acknowledgement, the stories cannot be signed: not offered for review.
    assert "desk-review" in page.content.decode()
    assert page.context["desk"][[p.key for p in page.context["desk"]].index("review")].count == 0


def test_no_one_click_fix_on_a_published_story(client, desk):  # noqa: F811
    article = story_in("published", desk)
    set_body(article, "活动结束后，，职工们合影留念。")
    client.force_login(desk["chief"])
    page = client.get(change_url(article))
    (row,) = page.context["proofreading"]["open"]
    assert "button fix" not in page.content.decode()
    refused = client.post(proofreading_url(article, "fix"), {"key": row["finding"].key},
                          follow=True)
    assert "更正" in "".join(messages_of(refused))
    assert Article.objects.get(pk=article.pk).body == "活动结束后，，职工们合影留念。"


CRAWLED = ["reporter", "other_reporter", "photographer", "editor", "chief", "proofreader",
           "superuser"]


def test_crawl_proofreading_pages_as_each_role(client, desk, proofreader):  # noqa: F811
    """Every proofreading page, as each role, for a story in every state: no 5xx, no leak."""
    desk["proofreader"] = proofreader
    SensitiveTerm.objects.create(term="内部词表专用词", note="仅总编可见")
    stories = []
    for state in STATES:
        article = story_in(state, desk)
        set_body(article, "活动结束后，，职工们合影留念。")
        stories.append(article)
    for role in CRAWLED:
        client.force_login(desk[role])
        pages = ["/admin/", "/admin/articles/proofreadinground/",
                 "/admin/articles/proofreadinground/error-rate/",
                 "/admin/articles/wordlistentry/", "/admin/articles/sensitiveterm/"]
        for article in stories:
            pages += [change_url(article), f"/admin/articles/article/{article.pk}/review-sheet/"]
        for url in pages:
            response = client.get(url)
            assert response.status_code < 500, (role, url)
            if role != "chief" and role != "superuser":
                assert "内部词表专用词" not in response.content.decode(), (role, url)
        for article in stories:  # a write by GET is refused
            assert client.get(proofreading_url(article, "round")).status_code == 405


def test_the_proofread_command_reads_pages_as_the_importer_does(tmp_path, db):
    import json
    from io import StringIO
    from pathlib import Path

    from django.core.management import call_command

    seed = next((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
    page = seed.read_text(encoding="utf-8").replace("现场慰问劳模", "现场慰问，，劳模", 1)
    (tmp_path / "page.txt").write_text(page, encoding="utf-8")
    out = StringIO()
    call_command("proofread", str(tmp_path), "--json", stdout=out)
    found = [(f["rule"], f["text"]) for s in json.loads(out.getvalue()) for f in s["findings"]]
    assert found == [("punct.doubled", "，，")]
    out = StringIO()
    call_command("proofread", str(seed), "--shipped", stdout=out)
    assert out.getvalue().strip().endswith("0 个问题。")
