"""Whatever it is fed, the importer either gives a page or says ImportFormatError."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.importer.parser import ImportFormatError, Page, parse_bytes, parse_page
from articles.importer.tagging import page_json, tag_story
from articles.importer.vocabulary import initial_vocabulary

VOCABULARY = initial_vocabulary()
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of the paper's layout, so that generated pages reach the deeper rules.
PIECES = [
    "凝心聚力 共建家园", "区总工会开展送温暖活动", "“娘家人”在身边", "——记一线职工",
    "本报讯（记者 林晓岚）", "本报讯(记者 周一鸣 通讯员 马骁)", "本报讯 记者孔祥瑞摄影报道",
    "近日，", "12月30日，", "2024年1月2日，", "市建设工会", "红星机床厂工会", "（以下简称“园区”）",
    "向生活困难、基层一线和新业态等职工群体倾斜", "快递小哥", "的哥", "。", "，", "、", "！”",
    "本报记者 孔祥瑞 摄", "孔祥瑞/摄", "编辑:许文静 审核:赵一鸣", "（记者 林晓岚）", "记者:马骁",
    "摄影报道", "（下转第3版）", "\n", "\n\n", "\n\n\n", "\r\n", " ", "\u3000",
    "（", "）", "“", "”",
]
layout_text = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=60
).map("".join)


def parse_or_refuse(result_of):
    try:
        page = result_of()
    except ImportFormatError as error:
        assert str(error) and "\n" not in str(error)
        return None
    assert isinstance(page, Page) and page.stories
    for story in page.stories:
        tags = tag_story(story, VOCABULARY)
        assert set(tags.discovered_union_bodies) <= set(tags.union_bodies)
        assert story.kind in ("story", "photo")
        assert all(story.paragraphs)
    page_json(page, VOCABULARY)
    return page


@FUZZ
@given(st.text())
def test_any_text(text):
    parse_or_refuse(lambda: parse_page(text))


@FUZZ
@given(layout_text)
def test_text_in_the_papers_layout(text):
    parse_or_refuse(lambda: parse_page(text))


@FUZZ
@given(st.binary(max_size=2000))
def test_any_bytes(data):
    parse_or_refuse(lambda: parse_bytes(data))


@FUZZ
@given(layout_text, st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
def test_layout_text_in_any_supported_encoding(text, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return
    parse_or_refuse(lambda: parse_bytes(data))
