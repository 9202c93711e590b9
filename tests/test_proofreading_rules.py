"""Each proofreading rule on invented sentences: what it must flag, and what it must not."""

import pytest

from articles.proofreading import Story, Term, WordLists, apply_fix, check_text, proofread

LISTS = WordLists.from_terms(
    wrong_forms=[Term("再接再励", "再接再厉"), Term("按步就班", "按部就班")],
    standard_forms=[
        Term("市总工会", "北京市总工会", first_mention=True),
        Term("北朝鲜", "朝鲜"),
    ],
    sensitive=[Term("某敏感词", note="须总编确认")],
)


def codes(text, bylines=()):
    return [f.rule.code for f in check_text(text, LISTS, bylines=bylines)]


def found(text, code, bylines=()):
    return [f for f in check_text(text, LISTS, bylines=bylines) if f.rule.code == code]


# (rule, sentence with exactly that error, the text found, the suggestion or None)
POSITIVE = [
    ("punct.half_width", "职工们纷纷表示,这次活动很有意义。", ",", "，"),
    ("punct.half_width", "他问道：这是谁的主意?", "?", "？"),
    ("punct.half_width", "活动分为三项:参观、座谈和慰问。", ":", "："),
    ("punct.half_width", "这是全市首家职工驿站.", ".", "。"),
    ("punct.half_width", "航天一院(以下简称一院)有关负责人陪同。", "(以下简称一院)",
     "（以下简称一院）"),
    ("punct.half_width", "大家齐声喊道：加油!", "!", "！"),
    ("punct.unpaired", "他说：“我们一定把好事办好。", "“", None),
    ("punct.unpaired", "他们学习了《劳动法和《工会法》。", "《", None),
    ("punct.unpaired", "活动结束后）大家合影留念。", "）", None),
    ("punct.unpaired", "她常说“干一行爱一行。”’", "’", None),
    ("punct.doubled", "活动结束后，，职工们合影留念。", "，，", "，"),
    ("punct.doubled", "工会送来了慰问品。。", "。。", "。"),
    ("punct.doubled", "米、、面、油都送到了家。", "、、", "、"),
    ("punct.ellipsis", "车间里有车床、铣床、磨床...", "...", "……"),
    ("punct.ellipsis", "他们送来米、面、油。。。", "。。。", "……"),
    ("punct.ellipsis", "大家说着笑着…一直到深夜。", "…", "……"),
    ("punct.dash", "这就是他的心愿--让每个职工都有个家。", "--", "——"),
    ("punct.dash", "这就是他的心愿－让每个职工都有个家。", "－", "——"),
    ("punct.estimate_comma", "每天要跑三、四个小区。", "三、四", "三四"),
    ("punct.estimate_comma", "他已经干了七、八年。", "七、八", "七八"),
    ("punct.estimate_comma", "只用了两、三天。", "两、三", "两三"),
    ("numbers.short_year", "该项目于23年5月启动。", "23年", "2023年"),
    ("numbers.short_year", "驿站在19年底建成。", "19年", "2019年"),
    ("numbers.mixed_years", "2023年他入职，二〇二四年评上劳模，2025年当上班长。", "二〇二四年",
     "2024年"),
    ("numbers.digits_with_thousand", "活动吸引了3千人参加。", "3千", "3000"),
    ("numbers.digits_with_thousand", "共发放慰问金5百万元。", "5百万", "500万"),
    ("words.repeated", "这是我们的的心愿。", "的的", "的"),
    ("words.repeated", "他们完成了了任务。", "了了", "了"),
    ("words.repeated", "我们要进一步进一步做好服务。", "进一步进一步", "进一步"),
    ("words.repeated", "这是是他第一次参加。", "是是", "是"),
    ("words.wrong_form", "希望大家再接再励，再创佳绩。", "再接再励", "再接再厉"),
    ("words.standard_form", "他曾在北朝鲜工作。", "北朝鲜", "朝鲜"),
    ("words.first_mention", "市总工会近日召开会议。北京市总工会主席出席。", "市总工会",
     "北京市总工会"),
    ("sensitive.term", "文中出现了某敏感词。", "某敏感词", None),
    ("names.two_spellings", "记者张良来到车间。张亮表示，这里变化很大。张良说：“很好。”", "张亮",
     "张良"),
]

NEGATIVE = {
    "punct.half_width": [
        "会议于10:30开始，增长3.5%。",
        "访问www.bjzgh.org了解详情。",
        "他用的是iPhone 15 Pro (Max)。",
        "Hello, world! 是第一个程序。",
        "共计1,000元。",
        "新冠病毒（COVID-19）已经远去。",
    ],
    "punct.unpaired": [
        "他说：“我们一定把好事办好。”",
        "她常说“干一行爱一行”。",
        "“我们的工作还有很多。\n“我们会继续努力。”他说。",
        "他们学习了《中华人民共和国工会法》。",
        "“‘娘家人’来了。”职工说。",
    ],
    "punct.doubled": ["活动结束后，职工们合影留念。", "“你好！”“你好！”"],
    "punct.ellipsis": ["车间里有车床、铣床、磨床……", "数据为3.14。", "全文如下：…………"],
    "punct.dash": [
        "这就是他的心愿——让每个职工都有个家。",
        "气温－5℃至3℃。",
        "编号为A-12的设备。",
        "时间是2023-2024年度。",
        "2023—2025年，京津城际铁路北京—天津段将完成改造。",
    ],
    "punct.estimate_comma": [
        "每天要跑三四个小区。",
        "今年第三、四季度的任务很重。",
        "农业是二、三产业的基础。",
        "一、二、三个方案各有长处。",
        "三、五个人一组。",
        "三、四年级的学生参加了研学。",
        "二、三层是职工活动中心。",
    ],
    "numbers.short_year": [
        "他在这里工作了23年。",
        "23年来，他从未缺勤。",
        "2023年5月启动。",
        "这家店开了10年多。",
        "他坚守一线23年初心不改。",
    ],
    "numbers.mixed_years": [
        "2023年他入职，2024年评上劳模。",
        "他学习了《二〇二三年工作要点》，2024年接着干。",
    ],
    "numbers.digits_with_thousand": [
        "他骑行了3千米。",
        "重5千克。",
        "活动吸引了三千人参加。",
        "吸引了3000人参加。",
        "发电10千瓦时。",
    ],
    "words.repeated": [
        "他常常看看书，人人天天都说谢谢，试试看，一一落实。",
        "为了了解情况，他走访了职工。",
        "我受不了了。",
        "达到目的的手段很多。",
        "有着十五年驾龄的的哥说，打车的的士不好找。",
        "这件事实实在在，的的确确，和和美美。",
        "他是否参与与否并不重要。",
        "研究所所长出席了会议。",
        "雪白雪白的墙，研究研究再说。",
        "他现在在北京工作。",
        "要是是我，也会这样做。",
        "“是是是，您说得对。”",
    ],
    "words.wrong_form": ["希望大家再接再厉，再创佳绩。"],
    "words.standard_form": ["他曾在朝鲜工作。"],
    "words.first_mention": [
        "北京市总工会近日召开会议。市总工会主席出席。",
        "上海市总工会近日召开会议。",
        "朝阳区总工会组织职工参观。",
        "市总工会近日召开会议。",
    ],
    "sensitive.term": ["文中没有敏感内容。"],
    "names.two_spellings": [
        "记者张良来到车间。张明表示，这里变化很大。",
        "公式和公示不是一回事。",
        "张良表示，这里变化很大。张良说：“很好。”",
    ],
}


@pytest.mark.parametrize("code,sentence,text,suggestion", POSITIVE)
def test_rule_flags_its_error(code, sentence, text, suggestion):
    hits = found(sentence, code)
    assert [h.text for h in hits] == [text], codes(sentence)
    if suggestion is not None:
        assert hits[0].suggestion == suggestion
    assert hits[0].cites and hits[0].category
    # One known error: no other rule fires on the sentence.
    assert set(codes(sentence)) == {code}


@pytest.mark.parametrize(
    "code,sentence", [(code, s) for code, sentences in NEGATIVE.items() for s in sentences]
)
def test_rule_leaves_correct_text_alone(code, sentence):
    assert found(sentence, code) == []


def test_positions_point_at_the_text_found():
    text = "第一句。活动结束后，，职工们合影留念。"
    (hit,) = found(text, "punct.doubled")
    assert text[hit.start:hit.end] == "，，"


def test_cited_standards():
    assert found("他问道:这是谁?", "punct.half_width")[0].cites.startswith("GB/T 15834-2011")
    assert found("活动吸引了3千人参加。", "numbers.digits_with_thousand")[0].cites.startswith(
        "GB/T 15835-2011"
    )


def test_certain_fix_applies_and_uncertain_does_not():
    text = "活动结束后，，职工们合影留念。"
    (hit,) = found(text, "punct.doubled")
    assert apply_fix(text, hit) == "活动结束后，职工们合影留念。"
    (year,) = found("该项目于23年5月启动。", "numbers.short_year")
    assert not year.certain
    assert apply_fix("该项目于23年5月启动。", year) == "该项目于23年5月启动。"
    # The text moved under the finding: nothing is changed.
    assert apply_fix("改过了。", hit) == "改过了。"


def test_byline_the_body_credit_spells_differently():
    story = Story(headline="职工之家挂牌", body="本报讯（记者 白盈）近日，职工之家挂牌。",
                  bylines=("白莹",))
    hits = [f for f in proofread(story, LISTS) if f.rule.code == "names.byline"]
    assert [(h.text, h.suggestion) for h in hits] == [("白盈", "白莹")]
    same = Story(body="本报讯（记者 白莹）近日，职工之家挂牌。", bylines=("白莹",))
    assert [f for f in proofread(same, LISTS) if f.rule.code == "names.byline"] == []
    # A co-worker with another name is not a misspelling.
    other = Story(body="本报讯（记者 白莹 通讯员 王强）近日挂牌。", bylines=("白莹",))
    assert [f for f in proofread(other, LISTS) if f.rule.code == "names.byline"] == []


def test_first_mention_reads_the_body_not_the_headline():
    story = Story(headline="市总工会慰问一线职工", body="北京市总工会近日慰问一线职工。")
    assert proofread(story, LISTS) == []


def test_ignore_key_survives_edits_elsewhere():
    a = found("第一句。活动结束后，，职工们合影留念。", "punct.doubled")[0]
    b = found("改写的第一句话。活动结束后，，职工们合影留念。", "punct.doubled")[0]
    assert a.key == b.key and a.start != b.start


def test_the_summary_is_checked_too():
    story = Story(body="北京市总工会慰问一线职工。", summary="工会慰问一线职工，，送去温暖。")
    assert [(f.field, f.text) for f in proofread(story, LISTS)] == [("summary", "，，")]
