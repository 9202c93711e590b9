"""Union bodies and beneficiary groups found in a story's text (articles.tagging)."""

import pytest

from articles.importer.parser import Story, parse_page
from articles.importer.tagging import StoryTags, page_json, story_json, tag_story
from articles.importer.vocabulary import (
    INITIAL_BENEFICIARY_GROUPS,
    INITIAL_UNION_BODIES,
    Term,
    Vocabulary,
    initial_vocabulary,
)

SMALL = Vocabulary(
    union_bodies=(
        Term("北京市总工会", ("市总工会",)),
        Term("北京市海淀区总工会", ("海淀区总工会",)),
        Term("北京市建设工会", ("市建设工会",)),
        Term("北京西山科技园区总工会", ("西山园区总工会",)),
        Term("中华全国总工会", ("全国总工会", "全总")),
    ),
    beneficiary_groups=(
        Term("困难职工", ("生活困难职工",)),
        Term("一线职工", ("基层一线职工",)),
        Term("新就业形态劳动者", ("新业态劳动者", "新业态职工")),
        Term("快递员", ("快递小哥",)),
        Term("护工"),
        Term("出租车司机", ("的哥",)),
        Term("职工代表"),
        Term("劳动模范", ("劳模",)),
    ),
)


def story(*paragraphs: str, headline: str = "标题", subheadline: str | None = None) -> Story:
    return Story(position=1, headline=headline, kicker=None, subheadline=subheadline,
                 kind="story", reporters=(), correspondents=(), photographers=(), editors=(),
                 dateline=None, paragraphs=paragraphs)


def unions(text: str, vocabulary: Vocabulary = SMALL) -> tuple[str, ...]:
    return tag_story(story(text), vocabulary).union_bodies


def groups(text: str, vocabulary: Vocabulary = SMALL) -> tuple[str, ...]:
    return tag_story(story(text), vocabulary).beneficiary_groups


# ---------------------------------------------------------------------------
# Union bodies from the vocabulary


def test_names_and_aliases_give_canonical_names_once_in_order_of_appearance():
    tags = tag_story(story("海淀区总工会与市总工会联合举办活动，市总工会领导出席。",
                           headline="全总调研组来京"), SMALL)
    assert tags == StoryTags(
        union_bodies=("中华全国总工会", "北京市海淀区总工会", "北京市总工会"),
        beneficiary_groups=(),
        discovered_union_bodies=(),
    )


@pytest.mark.parametrize("text, expected", [
    ("市建设工会一行来到工地。", ("北京市建设工会",)),
    ("市机械冶金工会召开会议。", ("北京市机械冶金工会",)),
    ("北京市机械冶金工会召开会议。", ("北京市机械冶金工会",)),
])
def test_city_abbreviations_expand_with_the_home_city(text, expected):
    assert unions(text) == expected


def test_the_home_city_comes_from_the_vocabulary():
    tianjin = Vocabulary(SMALL.union_bodies, SMALL.beneficiary_groups, home_city="天津市")
    assert unions("市机械冶金工会召开会议。", tianjin) == ("天津市机械冶金工会",)


@pytest.mark.parametrize("text", [
    "北京西山科技园区（以下简称“西山园区”）总工会举办培训。",
    "北京西山科技园区（以下简称西山园区）工作人员介绍，西山园区总工会举办培训。",
    "北京西山科技园区（下称“西山园区”）的西山园区总工会举办培训。",
    "北京西山科技园区（简称西山园区）的西山园区总工会举办培训。",
])
def test_a_texts_own_definitions_are_honoured(text):
    assert unions(text) == ("北京西山科技园区总工会",)


def test_a_definition_expands_a_name_the_vocabulary_does_not_know():
    tags = tag_story(story("近日，记者走进东方机床制造研究所（以下简称机床所）。"
                           "机床所工会为职工送去慰问品。"), SMALL)
    assert tags.union_bodies == ("东方机床制造研究所工会",)
    assert tags.discovered_union_bodies == ("东方机床制造研究所工会",)


# ---------------------------------------------------------------------------
# Union bodies recognised by their form


@pytest.mark.parametrize("text, expected", [
    ("近日，红星机床厂工会开展技能比武。", "红星机床厂工会"),
    ("青山街道总工会为辖区职工送去慰问品。", "青山街道总工会"),
    ("市物流快递行业工会联合会成立。", "北京市物流快递行业工会联合会"),
    ("东方电缆有限公司工会委员会召开会员代表大会。", "东方电缆有限公司工会委员会"),
    ("市总领导听取东方电缆有限公司工会工作汇报。", "东方电缆有限公司工会"),
    ("王立新代表青山街道总工会致辞。", "青山街道总工会"),
    ("慰问组来到红星机床厂工会职工之家。", "红星机床厂工会"),
    ("2024年红星机床厂工会送温暖活动启动。", "红星机床厂工会"),
    ("北京市电力（输变电）工会组织职工体检。", "北京市电力（输变电）工会"),
    ("区总工会联合青山街道总工会开展活动。", "青山街道总工会"),
])
def test_unknown_union_bodies_are_discovered_by_their_form(text, expected):
    tags = tag_story(story(text), SMALL)
    assert expected in tags.union_bodies
    assert expected in tags.discovered_union_bodies


def test_known_names_are_not_reported_as_discovered():
    tags = tag_story(story("市总工会与红星机床厂工会座谈。"), SMALL)
    assert tags.union_bodies == ("北京市总工会", "红星机床厂工会")
    assert tags.discovered_union_bodies == ("红星机床厂工会",)


@pytest.mark.parametrize("text", [
    "工会给职工送来了年货。",
    "各级工会要做好服务。",
    "叮嘱企业工会干部当好贴心人。",
    "基层工会是工会工作的基础。",
    "下一步，系统各级工会将继续努力。",
    "该中心工会为职工购置了慰问品。",
    "有工会的地方就有温暖。",
    "进一步创新工会工作思路，增强工会组织的凝聚力。",
    "非常感谢工会组织的关心。",
    "全市工会都参与其中。",
    "车间召开职工会议，员工会餐后散会。",
    "市总工会办公室、市总工会研究室、市总工会权益保障部负责同志参加。",
    "北京市慈善基金会和园区管委会共同主办。",
    "广大工会会员踊跃参加。",
    "奋力开拓首都工会工作新局面，中国工会十八大精神深入人心。",
    "全市工会系统和街道工会、楼宇工会联合开展活动。",
])
def test_generic_words_departments_foundations_and_offices_are_never_tags(text):
    assert unions(text) == ()


def test_the_federation_itself_is_tagged_beside_its_departments():
    assert unions("市总工会办公室负责人介绍，市总工会将加大投入。") == ("北京市总工会",)


def test_a_count_of_levels_after_names_is_not_part_of_a_name():
    assert unions("全总、市总工会、海淀区总工会三级工会共同慰问。") == (
        "中华全国总工会", "北京市总工会", "北京市海淀区总工会",
    )


def test_a_nested_name_counts_once_as_the_longest():
    tags = tag_story(story("北京市总工会机关工会组织职工健步走。"), SMALL)
    assert tags.union_bodies == ("北京市总工会机关工会",)


def test_short_aliases_need_a_word_boundary():
    assert unions("全总副主席一行来京调研。") == ("中华全国总工会",)
    assert unions("健全总体工作机制。") == ()


# ---------------------------------------------------------------------------
# Beneficiary groups


def test_group_aliases_give_canonical_names_in_order():
    assert groups("快递小哥、护工和的哥都收到了慰问品，劳模代表发言。") == (
        "快递员", "护工", "出租车司机", "劳动模范",
    )


@pytest.mark.parametrize("text", [
    "维护工作秩序，做好保护工作。",
    "他的哥哥在外地工作。",
    "召开职工代表大会。",
])
def test_short_terms_inside_everyday_words_are_not_groups(text):
    assert groups(text) == ()


@pytest.mark.parametrize("text, expected", [
    ("送温暖向重点领域、生活困难、基层一线和新业态等四大职工群体倾斜。",
     ("困难职工", "一线职工", "新就业形态劳动者")),
    ("重点关注生活困难和基层一线职工。", ("困难职工", "一线职工")),
    ("包括生活困难、新业态等职工群体", ("困难职工", "新就业形态劳动者")),
])
def test_an_enumeration_over_a_head_noun_is_expanded(text, expected):
    assert groups(text) == expected


def test_tags_read_the_headline_block_too():
    tags = tag_story(story("正文没有提到。", headline="市建设工会慰问快递小哥",
                           subheadline="全总领导一同慰问"), SMALL)
    assert tags.union_bodies == ("北京市建设工会", "中华全国总工会")
    assert tags.beneficiary_groups == ("快递员",)


# ---------------------------------------------------------------------------
# JSON documents


def test_story_json_and_page_json():
    parsed = parse_page("市建设工会慰问快递小哥\n\n本报讯（记者 林晓岚）近日，活动举行。\n",
                        "p.txt")
    document = page_json(parsed, SMALL)
    assert list(document) == ["source", "banner", "stories"]
    assert document["source"] == "p.txt"
    first = document["stories"][0]
    assert first == story_json(parsed.stories[0], SMALL)
    assert first["union_bodies"] == ["北京市建设工会"]
    assert first["beneficiary_groups"] == ["快递员"]
    assert list(first)[-3:] == ["union_bodies", "beneficiary_groups", "mentions"]
    assert first["mentions"] == {"北京市建设工会": ["市建设工会"], "快递员": ["快递小哥"]}


def test_vocabularies_from_the_database_shape_work_too():
    as_loaded = Vocabulary(tuple(Term(t.name, tuple(t.aliases)) for t in SMALL.union_bodies),
                           (), "北京市")
    assert unions("市建设工会召开会议。", as_loaded) == ("北京市建设工会",)
    assert groups("快递小哥", as_loaded) == ()


# ---------------------------------------------------------------------------
# The initial vocabulary


def test_initial_vocabulary_is_broad_and_unambiguous():
    vocabulary = initial_vocabulary()
    assert vocabulary.home_city == "北京市"
    assert 40 <= len(INITIAL_BENEFICIARY_GROUPS) <= 80
    names = {t.name for t in INITIAL_UNION_BODIES}
    assert {"北京市总工会", "中华全国总工会", "北京经济技术开发区总工会"} <= names
    assert sum(n.endswith("区总工会") and n.startswith("北京市") for n in names) == 16
    for terms in (INITIAL_UNION_BODIES, INITIAL_BENEFICIARY_GROUPS):
        spellings = [s for t in terms for s in (t.name, *t.aliases)]
        assert len(spellings) == len(set(spellings))


def test_initial_vocabulary_resolves_common_spellings():
    vocabulary = initial_vocabulary()
    assert unions("市总工会和经开区总工会联合开展活动。", vocabulary) == (
        "北京市总工会", "北京经济技术开发区总工会",
    )
    assert groups("外卖小哥、网约车驾驶员和环卫工都是户外劳动者。", vocabulary) == (
        "外卖送餐员", "网约车司机", "环卫工人", "户外劳动者",
    )


# ---------------------------------------------------------------------------
# Short forms, long names, Traditional pages, mentions (issue 12)


@pytest.mark.parametrize("text, expected", [
    # The nearest place of the short form's level names it.
    ("早上八点半，海淀区某街道职工服务中心开门。据了解，区总工会今年建了九个中心。",
     ("北京市海淀区总工会",)),
    ("记者来到河北省阜城县，看到职工正在学习。“职工夜校”由县总工会主办。", ("阜城县总工会",)),
    ("区总工会慰问环卫工人。12月28日，北京市东城区总工会来到环卫所。",
     ("北京市东城区总工会",)),
    ("12月28日，天津市河西区总工会来到环卫所。区总工会负责人说…", ("天津市河西区总工会",)),
    ("天津市总工会召开会议。会上，市总工会负责人表示…", ("天津市总工会",)),
    # Without a place, 市 is the home city, and anything else waits for an editor.
    ("市总工会领导出席。", ("北京市总工会",)),
    ("近日，区总工会启动职工心理关爱行动。", ("区总工会",)),
])
def test_short_forms_resolve_from_the_story_or_wait_for_review(text, expected):
    tags = tag_story(story(text), SMALL)
    assert tags.union_bodies == expected
    if expected == ("区总工会",):
        assert tags.discovered_union_bodies == ("区总工会",)


def test_a_short_form_resolves_from_the_only_place_on_the_page():
    parsed = parse_page(
        "丰台区总工会慰问快递小哥\n本报讯（记者 林晓岚）近日，丰台区总工会走进网点。\n\n"
        "职工书屋开张\n本报讯（记者 周一鸣）近日，区总工会为职工配送图书两千册。\n", "p.txt")
    second = page_json(parsed, initial_vocabulary())["stories"][1]
    assert second["union_bodies"] == ["北京市丰台区总工会"]
    assert second["mentions"]["北京市丰台区总工会"] == ["区总工会"]


def test_a_long_hierarchical_name_is_one_tag():
    text = ("9月3日，北京市朝阳区三间房乡物流行业联合工会委员会召开成立大会。"
            "新成立的联合工会将做好服务。")
    assert unions(text) == ("北京市朝阳区三间房乡物流行业联合工会委员会",)


def test_traditional_pages_are_tagged_in_simplified_and_mentioned_as_printed():
    tags = tag_story(story("1月12日，北京市總工會為困難職工送上年貨，外賣騎手也收到了禮包。"),
                     initial_vocabulary())
    assert tags.union_bodies == ("北京市总工会",)
    assert tags.beneficiary_groups == ("困难职工", "外卖送餐员")
    assert tags.mentions["北京市总工会"] == ("北京市總工會",)
    assert tags.mentions["外卖送餐员"] == ("外賣騎手",)


def test_every_tag_carries_the_phrases_it_was_found_from():
    tags = tag_story(story("市总工会慰问快递小哥和快递员，向生活困难、基层一线等职工群体倾斜。"),
                     SMALL)
    assert tags.mentions == {
        "北京市总工会": ("市总工会",),
        "快递员": ("快递小哥", "快递员"),
        "困难职工": ("生活困难职工",),
        "一线职工": ("基层一线职工",),
    }
    assert set(tags.mentions) == {*tags.union_bodies, *tags.beneficiary_groups}


@pytest.mark.parametrize("text, expected", [
    ("工会为清洁工人、保安员和外卖骑手送上福袋。", ("清洁工人", "保安员", "外卖送餐员")),
    ("六十名电梯维修工、绿化工和客服人员同场竞技。", ("电梯维修工", "绿化工", "客服人员")),
])
def test_groups_are_recognised_by_their_form_in_a_list(text, expected):
    tags = tag_story(story(text), initial_vocabulary())
    assert tags.beneficiary_groups == expected


def test_a_word_of_the_form_that_is_no_group_is_not_suggested():
    tags = tag_story(story("会员、党员和工作人员参加了活动，员工、职工踊跃报名。"), SMALL)
    assert tags.beneficiary_groups == ()


def test_the_wider_vocabulary_has_colloquial_aliases():
    vocabulary = initial_vocabulary()
    for text, group in [("慰问货车司机", "货车司机"), ("家政阿姨", "家政服务员"),
                        ("建筑工友", "建筑工人"), ("离退休人员", "退休职工"),
                        ("外卖小哥", "外卖送餐员"), ("养老护理员", "养老护理员")]:
        assert groups(text, vocabulary) == (group,), text
