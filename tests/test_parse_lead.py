"""The parser's public reading of a typed lead, which the admin turns into bylines."""

import pytest

from articles.importer.parser import parse_lead


@pytest.mark.parametrize(("paragraph", "people", "rest"), [
    ("本报讯（记者 白莹 通讯员 刘换利）1月16日，活动开幕。",
     (("reporter", "白莹"), ("correspondent", "刘换利")), "1月16日，活动开幕。"),
    ("本报讯 1月16日，活动开幕。", (), "1月16日，活动开幕。"),
    ("本报讯（本报记者）活动开幕。", (), "（本报记者）活动开幕。"),
])
def test_a_typed_lead_is_read_by_the_page_rules(paragraph, people, rest):
    lead = parse_lead(paragraph)
    assert (lead.people, lead.rest) == (people, rest)


def test_a_paragraph_without_a_lead():
    assert parse_lead("1月16日，活动开幕。") is None
    assert parse_lead("本报记者近日走访了社区。") is None
