"""The import format (articles.parser) on small invented pages, plus the shared seed page."""

import datetime
import importlib.util
import json
from pathlib import Path

import pytest

from articles.importer.parser import (
    MAX_BYTES,
    ImportFormatError,
    Page,
    Story,
    decode,
    parse_bytes,
    parse_page,
    resolve_dateline,
)
from articles.importer.tagging import page_json
from articles.importer.vocabulary import initial_vocabulary

ROOT = Path(__file__).resolve().parent.parent
SEED_NAME = "000_952a57c04f8e73d8.txt"


def page(*blocks: str) -> str:
    """A dump in the extraction's layout: every line separated by a blank line."""
    return "\n\n".join(blocks) + "\n"


def only(text: str) -> Story:
    stories = parse_page(text).stories
    assert len(stories) == 1, [s.headline for s in stories]
    return stories[0]


SIMPLE = page(
    "园区工会开设职工午间课堂",
    "本报讯（记者 林晓岚）3月8日，西山科技园区工会开设午间课堂。",
    "首期课堂讲授急救知识，五十余名职工参加。",
)


# ---------------------------------------------------------------------------
# Decoding


@pytest.mark.parametrize("encoding, prefix", [
    ("utf-8", b""),
    ("utf-8-sig", b""),
    ("gb18030", b""),
    ("gbk", b""),
    ("utf-16-le", b"\xff\xfe"),
    ("utf-16-be", b"\xfe\xff"),
])
def test_every_supported_encoding_decodes_to_the_same_page(encoding, prefix):
    data = prefix + SIMPLE.encode(encoding)
    assert decode(data) == SIMPLE
    assert parse_bytes(data, "a.txt") == parse_page(SIMPLE, "a.txt")


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_line_endings_become_lf(newline):
    data = SIMPLE.replace("\n", newline).encode()
    assert decode(data) == SIMPLE
    assert parse_bytes(data) == parse_page(SIMPLE)


def test_parse_page_accepts_crlf_text_directly():
    assert parse_page(SIMPLE.replace("\n", "\r\n")) == parse_page(SIMPLE)


BAD_BYTES = {
    "empty": (b"", "empty"),
    "whitespace only": (" \n\r\n\t\u3000 \n".encode(), "empty"),
    "bom only": (b"\xef\xbb\xbf", "empty"),
    "nul bytes": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 4, "binary"),
    "control characters": ("标题\x01\x02正文".encode(), "binary"),
    "invalid utf-8 and gb18030": (b"\xff\xfe\xfd"[1:] * 5 + "文字".encode() + b"\x81", "decode"),
    "utf-16 bom over garbage": (b"\xff\xfe\xfd" * 5 + "文字".encode() + b"\x81", "decode"),
    "utf-16 bom, odd length": (b"\xff\xfe" + "正文".encode("utf-16-le") + b"\x00", "decode"),
    "latin-1": ("Café crème, résumé".encode("latin-1"), "decode"),
    "big5": ("這是一段正體中文的文字，內容與簡體報紙無關，測試編碼偵測。".encode("big5"), "decode"),
    "oversized": (("标题\n\n" + "正文。" * (MAX_BYTES // 9 + 1)).encode(), "MB"),
}


@pytest.mark.parametrize("case", list(BAD_BYTES))
def test_bad_bytes_are_refused_with_one_clear_sentence(case):
    data, word = BAD_BYTES[case]
    with pytest.raises(ImportFormatError) as refused:
        parse_bytes(data)
    message = str(refused.value)
    assert word.lower() in message.lower()
    assert "\n" not in message and message.endswith(".")


def test_import_format_error_is_a_value_error():
    assert issubclass(ImportFormatError, ValueError)


@pytest.mark.parametrize("text", [
    "只有一行标语", "第一段没有标题。\n\n第二段也没有。", "   \n\n  ",
])
def test_a_page_without_a_story_is_refused(text):
    with pytest.raises(ImportFormatError, match="story"):
        parse_page(text)


def test_compatibility_ideographs_from_pdf_extraction_are_folded():
    text = SIMPLE.replace("日", "\u2f47")   # KANGXI RADICAL SUN looks like 日
    assert only(text).dateline == "3月8日"


# ---------------------------------------------------------------------------
# Banner and headline block


def test_slogan_line_at_the_top_is_the_banner():
    result = parse_page(page("凝心聚力 共建和谐劳动关系", SIMPLE))
    assert result.banner == "凝心聚力 共建和谐劳动关系"
    assert [s.headline for s in result.stories] == ["园区工会开设职工午间课堂"]
    assert result.stories[0].kicker is None


def test_no_banner_when_the_page_starts_with_a_story():
    result = parse_page(SIMPLE)
    assert result.banner is None
    assert result.stories[0].headline == "园区工会开设职工午间课堂"


def test_banner_above_a_story_without_a_lead():
    result = parse_page(page("弘扬劳模精神 争当时代先锋", "春耕时节",
                             "近日，农场职工抢抓农时忙春耕。"))
    assert result.banner == "弘扬劳模精神 争当时代先锋"
    assert result.stories[0].headline == "春耕时节"


@pytest.mark.parametrize("head, expected", [
    (["园区工会开设职工午间课堂"], (None, "园区工会开设职工午间课堂", None)),
    (["园区工会开设职工午间课堂", "“学会急救，关键时刻能救命”"],
     (None, "园区工会开设职工午间课堂", "“学会急救，关键时刻能救命”")),
    (["园区工会开设职工午间课堂", "——首期课堂讲授急救知识"],
     (None, "园区工会开设职工午间课堂", "——首期课堂讲授急救知识")),
    (["服务职工不打烊——", "园区工会开设职工午间课堂"],
     ("服务职工不打烊——", "园区工会开设职工午间课堂", None)),
    (["午休时间变成充电时间", "园区工会开设职工午间课堂", "五十余名职工学会心肺复苏"],
     ("午休时间变成充电时间", "园区工会开设职工午间课堂", "五十余名职工学会心肺复苏")),
    (["副题：五十余名职工学会心肺复苏", "主题：园区工会开设职工午间课堂"],
     (None, "园区工会开设职工午间课堂", "五十余名职工学会心肺复苏")),
])
def test_headline_block_is_split_into_kicker_headline_and_subheadline(head, expected):
    story = only(page(*head, "本报讯（记者 林晓岚）3月8日，西山科技园区工会开设午间课堂。"))
    assert (story.kicker, story.headline, story.subheadline) == expected
    assert story.paragraphs == ("3月8日，西山科技园区工会开设午间课堂。",)


def test_headline_whitespace_is_tidied():
    story = only(page("园区工会  开设\u3000职工课堂", "本报讯（记者 林晓岚）近日，课堂开讲。"))
    assert story.headline == "园区工会 开设 职工课堂"


# ---------------------------------------------------------------------------
# Paragraphs


def test_a_paragraph_cut_mid_word_is_rejoined_across_several_blank_lines():
    text = ("园区工会开设职工午间课堂\n\n"
            "本报讯（记者 林晓岚）近日，西山科技园区工会邀请急救\n\n\n\n"
            "专家走进车间。职工们认真学习。\n\n第二段讲的是另一件事。\n")
    assert only(text).paragraphs == (
        "近日，西山科技园区工会邀请急救专家走进车间。职工们认真学习。",
        "第二段讲的是另一件事。",
    )


def test_a_paragraph_cut_after_an_enumeration_comma_is_rejoined():
    story = only(page("园区工会开设职工午间课堂", "本报讯（记者 林晓岚）课堂讲授止血、",
                      "包扎和心肺复苏。"))
    assert story.paragraphs == ("课堂讲授止血、包扎和心肺复苏。",)


def test_a_short_fragment_with_commas_is_rejoined_not_taken_for_a_headline():
    story = only(page("园区工会开设职工午间课堂", "本报讯（记者 林晓岚）课堂开讲。",
                      "主讲人表示，近年来，园区一",
                      "线职工的急救意识明显提高。"))
    assert story.paragraphs == (
        "课堂开讲。", "主讲人表示，近年来，园区一线职工的急救意识明显提高。",
    )


@pytest.mark.parametrize("ending", ["。", "！", "？", "……", "。”", "！）", "；"])
def test_two_real_paragraphs_stay_apart(ending):
    story = only(page("园区工会开设职工午间课堂", f"本报讯（记者 林晓岚）课堂开讲{ending}",
                      "第二段另起一行。"))
    assert len(story.paragraphs) == 2


def test_the_next_storys_headline_is_never_swallowed():
    result = parse_page(page(
        "园区工会开设职工午间课堂", "本报讯（记者 林晓岚）课堂开讲。",
        "区总工会举办读书分享会", "“书香伴我成长”",
        "本报讯(记者 周一鸣)近日，读书分享会举行。",
    ))
    first, second = result.stories
    assert first.paragraphs == ("课堂开讲。",)
    assert (second.headline, second.subheadline) == ("区总工会举办读书分享会", "“书香伴我成长”")


def test_page_jump_markers_are_dropped():
    story = only(page("园区工会开设职工午间课堂", "本报讯（记者 林晓岚）课堂开讲。（下转第3版）",
                      "（上接第1版）"))
    assert story.paragraphs == ("课堂开讲。",)


# ---------------------------------------------------------------------------
# Leads and bylines


@pytest.mark.parametrize("lead, roles", [
    ("本报讯（记者 林晓岚）", (["林晓岚"], [], [])),
    ("本报讯(记者 林晓岚)", (["林晓岚"], [], [])),
    ("本报讯（记者林晓岚）", (["林晓岚"], [], [])),
    ("本报讯（记者：林晓岚）", (["林晓岚"], [], [])),
    ("本报讯（记者 林晓岚 通讯员 欧阳明远）", (["林晓岚"], ["欧阳明远"], [])),
    ("本报讯（记者 林晓岚 周一鸣、孔祥瑞 通讯员 欧阳明远、马骁）",
     (["林晓岚", "周一鸣", "孔祥瑞"], ["欧阳明远", "马骁"], [])),
    # An intern is credited as an intern, never as a reporter.
    ("本报讯（本报记者 林晓岚 实习生 孔祥瑞）", (["林晓岚"], [], [])),
    ("本报讯（本报全媒体记者 林晓岚 周一鸣）", (["林晓岚", "周一鸣"], [], [])),
    ("本报讯 记者林晓岚 通讯员欧阳明远报道 ", (["林晓岚"], ["欧阳明远"], [])),
    ("本報訊（記者 林曉嵐 通訊員 歐陽明遠）", (["林曉嵐"], ["歐陽明遠"], [])),
    ("本报讯（通讯员 欧阳明远）", ([], ["欧阳明远"], [])),
    ("本报讯（记者 阿依古丽·买买提）", (["阿依古丽·买买提"], [], [])),
    ("本报讯（记者 林晓岚 林晓岚）", (["林晓岚"], [], [])),
    ("本报讯 记者周一鸣摄影报道 ", (["周一鸣"], [], ["周一鸣"])),
    ("本报讯 记者 周一鸣 孔祥瑞 ", (["周一鸣", "孔祥瑞"], [], [])),
    ("本报北京3月8日讯（记者 林晓岚）", (["林晓岚"], [], [])),
])
def test_lead_bylines_become_structured_and_leave_the_paragraph(lead, roles):
    story = only(page("园区工会开设职工午间课堂", f"{lead}近日，课堂开讲。"))
    assert (list(story.reporters), list(story.correspondents), list(story.photographers)) == roles
    assert story.paragraphs == ("近日，课堂开讲。",)


def test_a_lead_byline_cut_by_the_extraction_is_rejoined():
    story = only(page("园区工会开设职工午间课堂", "本报讯（记者 林晓岚 通讯员",
                      "欧阳明远）近日，课堂开讲。"))
    assert (story.reporters, story.correspondents) == (("林晓岚",), ("欧阳明远",))
    assert story.paragraphs == ("近日，课堂开讲。",)


def test_a_lead_on_its_own_line_starts_the_paragraph_below_it():
    story = only(page("园区工会开设职工午间课堂", "本报讯（记者 林晓岚）", "近日，课堂开讲。"))
    assert story.reporters == ("林晓岚",)
    assert story.paragraphs == ("近日，课堂开讲。",)


@pytest.mark.parametrize("byline", [
    "（记者 林晓岚 通讯员 欧阳明远）",
    "(记者 林晓岚 通讯员 欧阳明远)",
    "记者:林晓岚 通讯员:欧阳明远",
    "记者：林晓岚 通讯员：欧阳明远",
])
def test_a_byline_at_the_end_of_a_story(byline):
    result = parse_page(page("春耕时节", "近日，农场职工抢抓农时忙春耕。", byline,
                             "读书角里书香浓", "近日，车间读书角添置新书百余册。"))
    first, second = result.stories
    assert (first.reporters, first.correspondents) == (("林晓岚",), ("欧阳明远",))
    assert first.paragraphs == ("近日，农场职工抢抓农时忙春耕。",)
    assert first.kind == "story"
    assert second.headline == "读书角里书香浓"


def test_a_byline_closing_the_last_paragraph():
    story = only(page("春耕时节", "近日，农场职工抢抓农时忙春耕。（记者 林晓岚）"))
    assert story.reporters == ("林晓岚",)
    assert story.paragraphs == ("近日，农场职工抢抓农时忙春耕。",)


def test_a_byline_under_the_headline_stands_for_a_lead():
    result = parse_page(page(SIMPLE, "春耕时节", "本报记者 周一鸣",
                             "近日，农场职工抢抓农时忙春耕。"))
    assert result.stories[1].headline == "春耕时节"
    assert result.stories[1].reporters == ("周一鸣",)
    assert result.stories[1].paragraphs == ("近日，农场职工抢抓农时忙春耕。",)


THREE_STAFF = [("编辑", "许文静"), ("审核", "赵一鸣"), ("终审", "许文静")]


@pytest.mark.parametrize("line, staff", [
    ("编辑:许文静 审核:赵一鸣 终审:许文静", THREE_STAFF),
    ("编辑：许文静 审核：赵一鸣 终审：许文静", THREE_STAFF),
    ("责任编辑 许文静 审核 赵一鸣", [("责任编辑", "许文静"), ("审核", "赵一鸣")]),
])
def test_a_staff_line_gives_editors_not_authors(line, staff):
    # Only editing labels make editors; every label is kept as printed (审核, 终审, 校对
    # are never shown as 责任编辑).
    story = only(page(SIMPLE.strip(), line))
    assert story.editors == ("许文静",)
    assert list(story.staff) == staff
    assert story.reporters == ("林晓岚",)
    assert not any("许文静" in p for p in story.paragraphs)


@pytest.mark.parametrize("headline", ["编辑部的故事", "摄影展开幕", "记者节里话初心"])
def test_headlines_with_role_words_are_not_bylines(headline):
    story = only(page(headline, "本报讯（记者 林晓岚）近日，活动举行。"))
    assert story.headline == headline


# ---------------------------------------------------------------------------
# Photo credits and photo items


@pytest.mark.parametrize("credit, photographers", [
    ("本报记者 孔祥瑞 摄", ("孔祥瑞",)),
    ("记者 孔祥瑞 摄", ("孔祥瑞",)),
    ("孔祥瑞/摄", ("孔祥瑞",)),
    ("孔祥瑞 摄", ("孔祥瑞",)),
    ("本报记者 孔祥瑞 通讯员 马骁 摄", ("孔祥瑞", "马骁")),
    ("图/孔祥瑞", ("孔祥瑞",)),
])
def test_a_credit_line_credits_the_story_above_it(credit, photographers):
    result = parse_page(page(SIMPLE.strip(), credit, "读书角里书香浓",
                             "本报讯（记者 周一鸣）近日，车间读书角添置新书。"))
    first, second = result.stories
    assert first.photographers == photographers
    assert first.reporters == ("林晓岚",)
    assert first.correspondents == ()
    assert all("摄" not in p for p in first.paragraphs)
    assert second.photographers == ()
    assert [s.headline for s in result.stories] == ["园区工会开设职工午间课堂", "读书角里书香浓"]


def test_a_credit_line_inside_a_cut_paragraph_does_not_split_it():
    story = only(page("园区工会开设职工午间课堂", "本报讯（记者 林晓岚）课堂讲授止血",
                      "本报记者 孔祥瑞 摄", "和包扎。"))
    assert story.paragraphs == ("课堂讲授止血和包扎。",)
    assert story.photographers == ("孔祥瑞",)


def test_writer_and_photographer_credit():
    story = only(page(SIMPLE.strip(), "文/周一鸣 图/孔祥瑞"))
    assert story.reporters == ("林晓岚", "周一鸣")
    assert story.photographers == ("孔祥瑞",)


@pytest.mark.parametrize("caption_credit, authors, photographers", [
    ("本报记者 孔祥瑞 通讯员 马骁 摄影报道", (("孔祥瑞",), ("马骁",)), ("孔祥瑞", "马骁")),
    ("本报记者 孔祥瑞 摄", (("孔祥瑞",), ()), ("孔祥瑞",)),
    ("孔祥瑞/摄", ((), ()), ("孔祥瑞",)),
])
def test_a_photo_item_credits_its_people_as_authors_and_photographers(
        caption_credit, authors, photographers):
    result = parse_page(page(SIMPLE.strip(), "冰雪运动进社区",
                             f"近日，社区职工体验冰壶运动。{caption_credit}"))
    photo = result.stories[1]
    assert photo.kind == "photo"
    assert photo.headline == "冰雪运动进社区"
    assert (photo.reporters, photo.correspondents) == authors
    assert photo.photographers == photographers
    assert photo.paragraphs == ("近日，社区职工体验冰壶运动。",)
    assert result.stories[0].kind == "story"


def test_a_photo_item_whose_credit_has_a_line_of_its_own():
    result = parse_page(page(SIMPLE.strip(), "冰雪运动进社区", "近日，社区职工体验冰壶运动。",
                             "本报记者 孔祥瑞 摄影报道"))
    photo = result.stories[1]
    assert (photo.kind, photo.reporters, photo.photographers) == ("photo", ("孔祥瑞",), ("孔祥瑞",))


# ---------------------------------------------------------------------------
# Datelines


@pytest.mark.parametrize("first, later, expected", [
    ("3月8日，课堂开讲。", "", "3月8日"),
    ("在节日来临之际，3月8日下午，课堂开讲。", "", "3月8日"),
    ("2024年3月8日，课堂开讲。", "", "2024年3月8日"),
    ("近日，课堂开讲。", "3月9日，第二讲举行。", None),
])
def test_dateline_is_the_first_date_of_the_lead(first, later, expected):
    blocks = ["园区工会开设职工午间课堂", f"本报讯（记者 林晓岚）{first}"]
    if later:
        blocks.append(later)
    assert only(page(*blocks)).dateline == expected


def test_dateline_in_the_lead_prefix():
    story = only(page("园区工会开设职工午间课堂", "本报北京3月8日讯（记者 林晓岚）课堂开讲。"))
    assert story.dateline == "3月8日"


@pytest.mark.parametrize("dateline, edition, expected", [
    ("3月8日", datetime.date(2024, 3, 9), datetime.date(2024, 3, 8)),
    ("3月9日", datetime.date(2024, 3, 9), datetime.date(2024, 3, 9)),
    ("12月30日", datetime.date(2024, 1, 2), datetime.date(2023, 12, 30)),
    ("3月10日", datetime.date(2024, 3, 9), datetime.date(2023, 3, 10)),
    ("2022年3月8日", datetime.date(2024, 3, 9), datetime.date(2022, 3, 8)),
    ("２０２２年３月８日", datetime.date(2024, 3, 9), datetime.date(2022, 3, 8)),
    ("2月29日", datetime.date(2024, 3, 1), datetime.date(2024, 2, 29)),
    ("2月29日", datetime.date(2023, 3, 1), None),
    ("2月30日", datetime.date(2024, 3, 9), None),
    ("2023年2月29日", datetime.date(2024, 3, 9), None),
    ("13月1日", datetime.date(2024, 3, 9), None),
    (None, datetime.date(2024, 3, 9), None),
    ("", datetime.date(2024, 3, 9), None),
    ("近日", datetime.date(2024, 3, 9), None),
])
def test_resolve_dateline(dateline, edition, expected):
    assert resolve_dateline(dateline, edition) == expected


# ---------------------------------------------------------------------------
# The data classes


def test_story_as_dict_has_exactly_the_import_keys_and_text_covers_the_head():
    story = only(page("午休时间变成充电时间", "园区工会开设职工午间课堂",
                      "五十余名职工学会心肺复苏", "本报讯（记者 林晓岚）3月8日，课堂开讲。"))
    assert list(story.as_dict()) == [
        "headline", "kicker", "subheadline", "kind", "reporters", "correspondents",
        "photographers", "editors", "dateline", "paragraphs", "interns", "staff",
    ]
    assert json.loads(json.dumps(story.as_dict(), ensure_ascii=False))["reporters"] == ["林晓岚"]
    assert story.text.split("\n") == [
        "午休时间变成充电时间", "园区工会开设职工午间课堂", "五十余名职工学会心肺复苏",
        "3月8日，课堂开讲。",
    ]
    assert story.position == 1


def test_pages_and_stories_are_immutable_values():
    first, second = parse_page(SIMPLE, "a.txt"), parse_page(SIMPLE, "a.txt")
    assert first == second and isinstance(first, Page)
    with pytest.raises(AttributeError):
        first.stories[0].headline = "x"  # type: ignore[misc]


# ---------------------------------------------------------------------------
# The shared seed page


def _first_existing(*paths: Path) -> Path | None:
    return next((p for p in paths if p.exists()), None)


@pytest.mark.parametrize("transcode", [
    lambda data: data,
    lambda data: data.decode().encode("gb18030"),
    lambda data: data.decode().encode("utf-16"),
    lambda data: data.replace(b"\n", b"\r\n"),
], ids=["as-is", "gb18030", "utf-16", "crlf"])
def test_the_seed_page_passes_the_acceptance_check(transcode, tmp_path, capsys):
    seed = _first_existing(ROOT / "seeds" / SEED_NAME, ROOT.parent / "shared" / "seeds" / SEED_NAME)
    acceptance = _first_existing(ROOT / "tests" / "acceptance" / "check_import.py",
                                 ROOT.parent / "shared" / "acceptance" / "check_import.py")
    if seed is None or acceptance is None:
        pytest.skip("neither seeds/ nor ../shared/ holds the seed page and its checker")
    spec = importlib.util.spec_from_file_location("check_import", acceptance)
    checker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(checker)
    actual = tmp_path / "actual.json"
    data = transcode(seed.read_bytes())
    document = page_json(parse_bytes(data, seed.name), initial_vocabulary())
    actual.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    status = checker.main(str(acceptance.parent / "seed_expected.json"), str(actual))
    summary = capsys.readouterr().out.strip().splitlines()
    assert status == 0, "\n".join(summary)
    assert summary[-1].endswith("PASS")


def test_a_photo_item_with_a_separate_credit_line_after_an_ordinary_story():
    result = parse_page(page(SIMPLE.strip(), "冰雪运动进社区", "近日，社区职工体验冰壶运动。",
                             "本报记者 孔祥瑞 摄"))
    assert [s.kind for s in result.stories] == ["story", "photo"]
    assert result.stories[1].photographers == ("孔祥瑞",)
    assert result.stories[0].photographers == ()


def test_a_cut_last_paragraph_above_a_credit_line_stays_in_its_story():
    story = only(page(SIMPLE.strip(), "园区工会有关负责",
                      "人表示，课堂将每月举办一次。", "本报记者 孔祥瑞 摄"))
    assert story.paragraphs[-1] == "园区工会有关负责人表示，课堂将每月举办一次。"
    assert story.photographers == ("孔祥瑞",)


# ---------------------------------------------------------------------------
# Layouts of other union papers (issue 12)


def test_a_headline_of_any_length_above_a_lead_is_kept():
    headline = "市总工会召开推进会" * 8
    assert len(headline) > 60
    story = only(page(headline, "本报讯（记者 林晓岚）3月8日，会议召开。"))
    assert story.headline == headline


@pytest.mark.parametrize("line, roles", [
    ("文/本报记者 林晓岚 图/本报记者 周一鸣", (["林晓岚"], ["周一鸣"])),
    ("文/图 本报记者 林晓岚", (["林晓岚"], ["林晓岚"])),
    ("□本报记者 林晓岚", (["林晓岚"], [])),
])
def test_bylines_under_the_headline_in_their_printed_forms(line, roles):
    story = only(page("职工运动会开幕", line, "5月12日，职工运动会开幕，三千余名职工参加。"))
    assert (list(story.reporters), list(story.photographers)) == roles
    assert story.paragraphs == ("5月12日，职工运动会开幕，三千余名职工参加。",)


@pytest.mark.parametrize("subheading", ["■ 一个电话就上门", "一、关爱困难职工"])
def test_a_marked_subheading_is_a_paragraph_of_the_story_not_a_story(subheading):
    story = only(page(
        "社区里的维修队", "清晨六点，维修队出发了。", subheading, "电话那头是独居的老人。",
        "（记者 林晓岚）"))
    assert story.paragraphs == ("清晨六点，维修队出发了。", subheading, "电话那头是独居的老人。")
    assert story.reporters == ("林晓岚",)


def test_a_dateline_lead_without_parentheses_ends_at_its_closing_word():
    lead = "本报济南3月8日电 记者郁晓峰 通讯员尉迟明报道 "
    story = only(page("十万名农民工免费学技能", lead + "记者从省总工会获悉，培训开始。"))
    assert (story.reporters, story.correspondents) == (("郁晓峰",), ("尉迟明",))
    assert story.dateline == "3月8日"
    assert story.paragraphs == ("记者从省总工会获悉，培训开始。",)


def test_traditional_staff_labels_are_kept_as_printed():
    story = only(page("社區工會開設驛站", "本報訊（記者 歐陽若琳）近日，驛站開設。",
                      "責任編輯：馮嘉欣 校對：黎永康"))
    assert story.reporters == ("歐陽若琳",)
    assert story.editors == ("馮嘉欣",)
    assert list(story.staff) == [("責任編輯", "馮嘉欣"), ("校對", "黎永康")]


@pytest.mark.parametrize("text, dateline", [
    ("3月5日-6日，招聘会举行。", "3月5日"),
    ("7月15～16日，书画展举行。", "7月15～16日"),
    ("2月20日至24日，培训班举行。", "2月20日"),
])
def test_dateline_ranges(text, dateline):
    assert only(page("招聘会送岗三千个", f"本报讯（记者 林晓岚）{text}")).dateline == dateline


def test_a_kicker_of_short_parallel_phrases_is_no_banner():
    result = parse_page(page("比技能 强本领", "全市建筑业职工职业技能竞赛落下帷幕",
                             "本报讯（记者 林晓岚）11月25日，竞赛落幕。"))
    assert result.banner is None
    assert result.stories[0].kicker == "比技能 强本领"


def test_a_photo_item_set_inside_a_story_leaves_the_story_whole():
    result = parse_page(
        "车间里的金点子\n本报讯（记者 林晓岚）青年工人提出的方法，让换模时间缩短到了十\n"
        "模具换新颜\n近日，职工在更换模具。本报通讯员 周一鸣 摄\n"
        "五分钟。车间工会每季度评选一次。\n")
    story, photo = result.stories
    assert story.paragraphs == (
        "青年工人提出的方法，让换模时间缩短到了十五分钟。车间工会每季度评选一次。",)
    assert (story.reporters, story.photographers) == (("林晓岚",), ())
    assert (photo.kind, photo.headline, photo.photographers) == ("photo", "模具换新颜", ("周一鸣",))
    assert photo.paragraphs == ("近日，职工在更换模具。",)


@pytest.mark.parametrize("lead", [
    "本报讯（工人日报-中工网记者 林晓岚）", "本报讯（北京日报客户端记者 林晓岚）",
])
def test_a_reporter_of_another_outlet_is_a_reporter(lead):
    story = only(page("职工书屋开张", f"{lead}近日，书屋开张。"))
    assert story.reporters == ("林晓岚",)
    assert story.paragraphs == ("近日，书屋开张。",)


@pytest.mark.parametrize("headline", [
    "密云：职工书屋开进山区水库管理站",
    "从单打独斗到抱团发展 这家制造企业的班组创新工作室五年攻克技术难题四十余项",
])
def test_a_colon_or_long_headline_starts_a_story_signed_at_its_end(headline):
    result = parse_page(page("职工书屋开张", "本报讯（记者 林晓岚）近日，书屋开张。", headline,
                             "近日，管理站职工收到图书两千册。", "（记者 周一鸣）"))
    assert [(s.headline, s.reporters) for s in result.stories] == [
        ("职工书屋开张", ("林晓岚",)), (headline, ("周一鸣",))]


def test_a_sentence_cut_after_its_colon_is_no_headline():
    result = parse_page(page("职工书屋开张", "本报讯（记者 林晓岚）近日，书屋开张。",
                             "管理员张海说：这是我们的", "心愿。大家都很高兴。", "（记者 周一鸣）"))
    assert len(result.stories) == 1
