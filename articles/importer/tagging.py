"""Tags for a story: the union bodies and beneficiary groups its text mentions.

Known names come from a ``Vocabulary``. Union bodies the vocabulary does not know
yet are recognised by their form (…工会, …总工会, …工会联合会, …工会委员会) and
reported as discovered, for an editor to review. Beneficiary groups are only ever
vocabulary terms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from articles.importer.hanzi import simplified
from articles.importer.parser import Page, Story
from articles.importer.vocabulary import Vocabulary


@dataclass(frozen=True)
class StoryTags:
    union_bodies: tuple[str, ...]             # canonical names, ordered by first appearance
    beneficiary_groups: tuple[str, ...]
    discovered_union_bodies: tuple[str, ...]  # the union bodies the vocabulary did not know
    # tag name -> the phrases of the text it was found from, in order of appearance
    mentions: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    discovered_beneficiary_groups: tuple[str, ...] = ()


# ---------------------------------------------------------------------------
# Word lists: Chinese grammar and organisation naming, not names from any page

_UNION_FORM_RE = re.compile(r"工会(?:联合总会|联合会|联合委员会|委员会)?")
_UNION_FORMS = ("工会", "工会联合总会", "工会联合会", "工会联合委员会", "工会委员会")

# Verbs, prepositions and conjunctions that stand before an organisation's name
# and are never part of it: a name starts after the last of them.
_CUT_WORDS = (
    "听取 叮嘱 嘱咐 代表 来到 走进 走访 前往 深入 看望 慰问 来自 邀请 携手 会同 指导 协助 帮助 "
    "支持 推动 表示 指出 强调 介绍 认为 获悉 了解 感谢 致以 荣获 获得 成立 召开 举行 举办 开展 "
    "发起 号召 要求 通过 带领 率领 联合 组织 参加 出席 主持 陪同 包括 其中 以及 还有 作为 依托 "
    "针对 围绕 积极 充分 发挥 动员 成为 加入 授予 表彰 命名 评为 获评 牵头 主办 承办 协办 部署 "
    "印发 发布 启动 推出 建立 设立 组建 筹建 选举 当选 担任 兼任 报告 汇报 看到 观看 参观 联系 "
    "配合 "
    "会见 接受 收到 得到 依靠 按照 根据 经过 关于 面向 今年 去年 明年 近日 日前 近期 当天 当日 "
    "此前 随后 此外 同时 近年来 多年来 以来 上午 下午 晚上 目前 现在 并 及 和 与 向 对 为 在 "
    "由 将 赴 到 把 被 给 让 从 据 以 于 至 是 的 了 等 也 还 又 即 或 请 获 同 跟 帮 替 由于"
).split()
_CUT_RE = re.compile(
    "|".join(re.escape(w) for w in sorted(set(_CUT_WORDS), key=len, reverse=True))
    + r"|[0-9０-９]+(?:年|月|日|号)"
)
# Words that begin with a cut word above but belong to a name.
_PROTECTED = tuple(
    "对外 和平 和谐 和义 与会 向阳 为民 在线 将台 同仁 同济 至诚 及时 以色 于家 给水 给排 "
    "联合会 联合大学 联合国 联合体 联合工会 联合总会".split()
)
_PROTECTED_BY_FIRST = {
    first: tuple(word for word in _PROTECTED if word[0] == first)
    for first in {word[0] for word in _PROTECTED}
}
_NAME_CHAR_RE = re.compile(r"[\u3400-\u9fff0-9A-Za-z０-９Ａ-Ｚａ-ｚ·]")
# Words that make "X工会" something else: 职工会议, 施工会场, 员工会餐 …
_X_GONG = frozenset("职员施开竣复务用加手打做完动停罢返招分义社技童监旷怠民")

_DETERMINERS = tuple(
    "该 本 此 这 那 其 各 每 某 全体 所有 相关 有关 上级 所在 我们 我 你们 他们 她们 贵 广大 "
    "基层".split()
)
_GENERIC_TOKENS = sorted(set(
    "中国 北京 北京市 首都 我市 我区 全国 全市 全区 全县 全省 各区 本市 本区 市 区 县 省 乡 镇 "
    "街 街道 乡镇 街乡 镇街 街镇 社区 村 级 两 三 四 五 市级 区级 县级 市区 区县 市属 区属 "
    "基层 企业 产业 行业 系统 机关 单位 中心 公司 集团 上级 地方 楼宇 园区 区域 区域性 联合 "
    "非公 非公有制 新就业形态 新业态 会员 职工 工人 各 全 本 该 所在 有关 相关 其他 广大 国有 "
    "民营 中小 中小微 外资 私营 小微 大型 重点 下属 直属 所属 分 中央 央企 国企 外企 私企 "
    "事业单位 事业 部门 学校 医院 银行 车间 班组 分会 项目 工地 科室 会 总 个 家 多 各类 各级 "
    "省级 厂 站 队 院 所 局".split()
), key=len, reverse=True)
_GENERIC_RE = re.compile("(?:" + "|".join(map(re.escape, _GENERIC_TOKENS)) + r"|[0-9０-９]+)+")
_PLACE_PREFIXES = (
    "北京", "首都", "中华", "中国", "全国", "京", "东城", "西城", "朝阳", "海淀", "丰台", "石景山",
    "门头沟", "房山", "通州", "顺义", "昌平", "大兴", "怀柔", "平谷", "密云", "延庆", "亦庄",
    # Provinces and regions, whose unions other papers' pages name.
    "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽",
    "福建",
    "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃",
    "青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门",
)
_ORG_ENDINGS = tuple(
    "公司 集团 中心 院 所 局 厂 校 学 站 队 委 部 馆 社 行 店 场 园 矿 港 处 办 会 系统 机关 "
    "行业 产业 团 署 台 室 军 区 县 市 省 镇 乡 村 街道 社区 基地 车间 班组 工地 宫 厅 协会 "
    "联盟 工业 国防 教育 交通 运输 建设 建筑 金融 卫生 医务 健康 农林水 水利 服务业 商业 "
    "政法卫文 卫文 邮政 邮电 铁路 民航 电力 能源 化工 冶金 纺织 轻工 财贸 科技 文化 体育 旅游 "
    "机械 电子 石油 石化 煤炭 航天 航空 海员 建材 林业 农业 传媒 出版 保安 物流 快递 家政 城管 "
    "环卫 公交 地铁 钢铁 汽车 通信 电信 互联网 餐饮 物业 外卖 医疗 气象 烟草 地质 网约车 "
    "出租汽车 出租车".split()
)
_DEPARTMENT_RE = re.compile(
    r"(?:办公室|研究室|办公厅|[\u4e00-\u9fff]{0,6}?[部处科室])"
    r"(?=$|[^\u4e00-\u9fff]|部长|处长|科长|主任|负责|工作人员|干部|同志|的|和|与|及|等|相关|一行|副)"
)
_DEFINITION_RE = re.compile(
    r"[（(]\s*(?:以下|下文|下面)?(?:简称为|简称|称为|下称|又称|亦称|也称|称)\s*"
    r"[“\"「『]?([^”\"」』（）()，,。、\s]{1,15})[”\"」』]?\s*[）)]"
)
# A short alias that is no …工会 form (全总, 北京市总) is no mention when it is part
# of an everyday word: 安全总监, 健全总体, 北京市总体规划.
_UNION_BLOCK_BEFORE = frozenset("安全 健全 完全 齐全 周全 保全 成全 双全 十全".split())
_UNION_BLOCK_AFTER = frozenset(
    "总体 总结 总监 总工 总额 总数 总量 总价 总计 总和 总之 总是 总共 总部 总站 总经 总书 总理 "
    "总局 总队 总院 总会 总裁 总台 总规 总署 总值 总分 总成 总包 总决 总指 总师 总动 总算 总归 "
    "总的".split()
)

# A short beneficiary term inside a longer everyday word is no mention of it:
# 维护工作 contains 护工, 他的哥哥 contains 的哥.
_BLOCK_BEFORE = frozenset(
    "维护 保护 防护 救护 监护 爱护 呵护 守护 拥护 养护 管护 庇护 掩护 辩护 确保 担保 环保 医保 "
    "社保 劳保 参保 投保 承保".split()
)
_BLOCK_AFTER = frozenset(
    "工作 工程 工具 工会 工业 工艺 工厂 工资 工地 工匠 工序 工期 工种 工位 哥哥 哥们 哥俩 姐姐 "
    "姐妹".split()
)
# Characters after which 的哥/的姐 is the word, not the particle: 护工和的哥, 这位的哥.
_BEFORE_DE_WORD = frozenset("和与及跟同或位名个是")
_ENUM_HEAD_RE = re.compile(
    r"(?:等|在内的)?(?:[0-9一二三四五六七八九十两几多]+(?:大|类|个|种|支))?"
    r"(职工|劳动者|工人|员工|人员|司机|驾驶员|从业者|从业人员)"
)
_ENUM_ITEM_SPLIT_RE = re.compile(r"以及|[、和及与或]")
_ENUM_SPAN_RE = re.compile(r"[\u4e00-\u9fff、]")


# ---------------------------------------------------------------------------
# Vocabulary index


@dataclass(frozen=True)
class _Index:
    unions: dict[str, str]            # every spelling -> canonical name
    union_short_re: re.Pattern | None
    groups: dict[str, str]
    groups_re: re.Pattern | None
    home_city: str
    places: frozenset[str]            # places the vocabulary's names begin with: 石景山区 …


def _trie_pattern(words) -> str:
    """One regex for many literal words; at any position it takes the longest word."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return ("(?:" + body + ")?") if len(branches) > 1 or len(body) > 1 else body + "?"
        return body

    return build(trie)


_last_index: list[tuple[Vocabulary, _Index]] = []
_PLACE_IN_NAME_RE = re.compile(r"(?:^|[省市])([\u4e00-\u9fff]{2,4}?[区县])(?=总?工会)")


def _index(vocabulary: Vocabulary) -> _Index:
    # Hashing a whole vocabulary for every story costs more than tagging it, and
    # a run tags every story with one and the same vocabulary object.
    if _last_index and _last_index[0][0] is vocabulary:
        return _last_index[0][1]
    index = _index_for(vocabulary)
    _last_index[:] = [(vocabulary, index)]
    return index


@lru_cache(maxsize=16)
def _index_for(vocabulary: Vocabulary) -> _Index:
    unions: dict[str, str] = {}
    for term in vocabulary.union_bodies:
        for spelling in (term.name, *term.aliases):
            unions.setdefault(spelling, term.name)
    short = [s for s in unions if not s.endswith(_UNION_FORMS)]
    groups: dict[str, str] = {}
    for term in vocabulary.beneficiary_groups:
        for spelling in (term.name, *term.aliases):
            if spelling:
                groups.setdefault(spelling, term.name)
    return _Index(
        unions=unions,
        union_short_re=re.compile(_trie_pattern(short)) if short else None,
        groups=groups,
        groups_re=re.compile("(?=(" + _trie_pattern(groups) + "))") if groups else None,
        home_city=vocabulary.home_city,
        places=frozenset(
            place for name in unions for place in _PLACE_IN_NAME_RE.findall(name)
        ),
    )


# ---------------------------------------------------------------------------
# Union bodies


def _name_start(text: str, end: int, limit: int = 30) -> int:
    """Where a run of name characters (maybe with a （…） inside) ending at ``end`` starts."""
    start = end
    while start > 0 and end - start < limit:
        ch = text[start - 1]
        if _NAME_CHAR_RE.match(ch):
            start -= 1
            continue
        if ch in "）)":
            opening = max(text.rfind("（", max(0, start - 10), start - 1),
                          text.rfind("(", max(0, start - 10), start - 1))
            inside = text[opening + 1:start - 1]
            if (opening > 0 and inside and all(_NAME_CHAR_RE.match(c) for c in inside)
                    and _NAME_CHAR_RE.match(text[opening - 1])):
                start = opening
                continue
        break
    return start


def _cut(span: str) -> str:
    """The part of ``span`` after the last verb, preposition or time word in it."""
    cut = 0
    for match in _CUT_RE.finditer(span):
        protected = _PROTECTED_BY_FIRST.get(span[match.start()])
        if protected and any(span.startswith(word, match.start()) for word in protected):
            continue
        cut = max(cut, match.end())
    return span[cut:]


_INDEFINITE_RE = re.compile(r"某|[一两几多每][家个处所座位批支]|当地|本地|所在")


def _plausible_stem(stem: str) -> bool:
    """Whether the words before 工会 can be an organisation's name."""
    if len(stem) < 2 or len(stem) > 24 or stem.startswith(_DETERMINERS):
        return False
    if "各级" in stem or "各类" in stem or _INDEFINITE_RE.search(stem):
        return False   # 丰台区一家物流企业工会 describes a union, it does not name one
    core = re.sub(r"[（(][^）)]*[）)]", "", stem)
    core = core[:-1] if core.endswith("总") else core
    if not core or _GENERIC_RE.fullmatch(core):
        return False
    if len(core) >= 2 and core.startswith(_PLACE_PREFIXES):
        return True
    if core.startswith("市") and len(core) >= 3:
        return True
    if core.endswith(_ORG_ENDINGS):
        return True
    # 九龙区物流业: a place, then what the union organises.
    return len(core) > 3 and any(pos == 0 and len(place) < len(core)
                                 for level in "区县市省" if level in core[2:5]
                                 for pos, place in _places(core, level))


def _definitions(text: str) -> dict[str, str]:
    """A text's own abbreviations: 北京经济技术开发区（以下简称“经开区”） -> {经开区: …}."""
    found = {}
    for match in _DEFINITION_RE.finditer(text):
        start = _name_start(text, match.start())
        full = _cut(text[start:match.start()])
        short = match.group(1)
        if len(full) >= 2 and short != full:
            found[short] = full
    return found


def _expand(name: str, definitions: dict[str, str], home_city: str) -> str:
    for short, full in definitions.items():
        if name.startswith(short) and len(name) > len(short) and not name.startswith(full):
            name = full + name[len(short):]
            break
    if name.startswith("市") and not name.startswith(home_city):
        name = (home_city[:-1] if home_city.endswith("市") else home_city) + name
    return name


# A union body named by its level only (区总工会, 该县总工会, 市教育工会) is resolved from the
# places the story names: the nearest one of that level.
_LEVELS = ("区", "县", "省", "市", "镇", "乡")
_SHORT_STEM_RE = re.compile(r"(?:该|本|我)?([区县省市镇乡])总?")
# Words that end in a level's character without naming a place: 山区, 社区, 城市, 超市.
_PLACE_BLOCK = frozenset(
    "景区 社区 小区 园区 城区 市区 郊区 山区 片区 厂区 校区 库区 街区 商区 灾区 牧区 林区 矿区 "
    "辖区 营区 新区 老区 全区 该区 本区 我区 各区 分区 景区 专区 军区 湾区 禁区 误区 "
    "城市 都市 超市 上市 股市 夜市 集市 门市 菜市 全市 该市 本市 我市 各市 "
    "郊县 全县 该县 本县 我县 各县 全省 该省 本省 我省 各省 外省 "
    "城镇 乡镇 村镇 全镇 该镇 本镇 各镇 集镇 重镇 古镇 城乡 家乡 全乡 该乡 本乡 各乡 老乡 下乡 "
    "开发 保护 示范 试验 功能 生活 办公 工业 服务 经济".split()
)
_NOT_A_PLACE_RE = re.compile(r"偏远|贫困|边远|落后|发达|周边|附近|所在|当地|全")
_PLACE_CUT_RE = re.compile(r"[^\u4e00-\u9fff]|省|自治区|特别行政区")


def _places(text: str, level: str, known: frozenset[str] = frozenset()) -> list[tuple[int, str]]:
    """(position, place) for every place of ``level`` named in ``text``: 石景山区, 阜城县."""
    found = []
    for match in re.finditer(level, text):
        end = match.end()
        if text.startswith(("总工会", "工会"), end) and match.start() and (
                text[match.start() - 1] in "该本我全各"):
            continue
        start = _name_start(text, match.start(), limit=6)
        span = _cut(text[start:match.start()])
        # The place starts after a higher level (河北省阜城县) or a boundary.
        pieces = _PLACE_CUT_RE.split(span)
        stem = pieces[-1] if pieces else ""
        if level != "市" and "市" in stem[:-1]:
            stem = stem[stem.rindex("市") + 1:]   # 北京市东城区: the district is 东城区
        if stem + level not in known and (
                not 2 <= len(stem) <= 4 or stem in _PLACE_BLOCK or _GENERIC_RE.fullmatch(stem)
                or _NOT_A_PLACE_RE.search(stem)
                # 深山区, 老城区: a word of the level's character, unless a direction names
                # the place (东城区) or the name is longer (石景山区).
                or (stem[-1] + level in _PLACE_BLOCK and len(stem) < 3
                    and stem[0] not in "东西南北中")):
            continue
        found.append((end - len(stem) - 1, stem + level))
    return found


def _resolve_short(level: str, form: str, position: int, text: str, context,
                   index: _Index) -> tuple[str, bool]:
    """A short form's full name (``form`` is what follows the level: 总工会, 教育工会): the
    nearest place of its level in the story, else for 市 the home city, else the only place
    of its level on the page; else the short form itself, unreviewed."""
    candidates = _places(text, level, index.places)
    if candidates:
        _distance, place = min((abs(pos - position), place) for pos, place in candidates)
    elif level == "市":
        place = None   # a page names many cities in passing; 市 is the paper's own city
    else:
        page_text = context()
        on_page = ({place for _pos, place in _places(page_text, level, index.places)}
                   if page_text else set())
        place = on_page.pop() if len(on_page) == 1 else None
    if place is None and level == "市":
        place = index.home_city
    if place is None:
        return level + form, False
    name = place + form
    # The fullest form of it the story names: 天津市河西区总工会 for 河西区总工会.
    for match in re.finditer(re.escape(name), text):
        fuller = _cut(text[_name_start(text, match.start()):match.end()])
        if fuller.endswith(name) and len(fuller) > len(name) and (
                fuller.startswith(_PLACE_PREFIXES) or fuller[:-len(name)].endswith(("市", "省"))):
            name = fuller
    for spelling in (name, _expand(name, {}, index.home_city)):
        if (known := index.unions.get(spelling)) is not None:
            return known, True
    return name, False


def _union_bodies(text: str, index: _Index,
                  context=str) -> tuple[list[tuple[int, int, str, bool]], str]:
    """(start, end, canonical name, known) for every union body mentioned, and the text
    the positions are in (without the text's own definitions). ``context()`` gives the
    rest of the page's text, asked for only when a short form needs it."""
    definitions = _definitions(text)
    if definitions:
        text = _DEFINITION_RE.sub("", text)
    spans: list[tuple[int, int, str, bool]] = []
    for form in _UNION_FORM_RE.finditer(text):
        begin, end = form.span()
        department = _DEPARTMENT_RE.match(text, end)
        if department and not department.group().endswith("干部"):
            continue
        start = _name_start(text, begin)
        # Cut with the form in view: 联合工会 is a name's part, 联合开展 a verb.
        named = _cut(text[start:end])
        stem = named[:-len(form.group())] if named.endswith(form.group()) else ""
        inner = stem.rfind("会")
        if inner >= 0 and stem[inner + 1:] != "机关" and _GENERIC_RE.fullmatch(stem[inner + 1:]):
            # 区总工会三级工会 is a count of levels after a name; 市总工会机关工会 is a name.
            stem = stem[inner + 1:]
        start = begin - len(stem)
        name = stem + form.group()
        short = _SHORT_STEM_RE.fullmatch(stem)
        if short and form.group() == "工会" and stem.endswith("总"):
            spans.append((start, end, *_resolve_short(
                short.group(1), name[len(stem) - 1:], start, text, context, index)))
            continue
        resolved = _resolve(name, stem, definitions, index)
        if resolved is not None and not resolved[1] and begin and text[begin - 1] in _X_GONG:
            continue   # 职工会议, 施工会场: no name at all
        if resolved is None:
            # A garbled start (no verb to cut at) may still end in a name we know.
            for offset in range(1, len(stem)):
                if (known := index.unions.get(name[offset:])) is not None:
                    resolved, start = (known, True), start + offset
                    break
        if resolved is not None and not resolved[1] and stem.startswith("市") and len(stem) >= 2:
            # 市X工会 unknown to the vocabulary: the city is the nearest one named.
            resolved = _resolve_short("市", name[1:], start, text, context, index)
        if resolved is not None:
            spans.append((start, end, *resolved))
    # Of nested matches (市总工会 inside 市总工会机关工会) the longest one is the name.
    spans.sort(key=lambda s: (s[0], -s[1]))
    found: list[tuple[int, int, str, bool]] = []
    reach = -1
    for start, end, name, known in spans:
        if end <= reach:
            continue
        reach = max(reach, end)
        found.append((start, end, name, known))
    if index.union_short_re is not None:
        for match in index.union_short_re.finditer(text):
            start, end = match.span()
            if (text[max(0, start - 1):start + 1] in _UNION_BLOCK_BEFORE
                    or text[end - 1:end + 1] in _UNION_BLOCK_AFTER):
                continue
            found.append((start, end, index.unions[match.group()], True))
    return found, text


def _resolve(name: str, stem: str, definitions: dict[str, str],
             index: _Index) -> tuple[str, bool] | None:
    known = index.unions.get(name)
    if known is not None:
        return known, True
    expanded = _expand(name, definitions, index.home_city)
    known = index.unions.get(expanded)
    if known is not None:
        return known, True
    if not _plausible_stem(stem):
        return None
    return expanded, False


# ---------------------------------------------------------------------------
# Beneficiary groups


# Groups recognised by their form: an occupation in a list of the people a story is about
# (为清洁工人、保安员和外卖骑手送上…, 六十名电梯维修工、绿化工同场竞技).
_OCCUPATION_RE = re.compile(
    r"[\u4e00-\u9fff]{1,6}?(?:驾驶员|服务员|配送员|护理员|维修工|从业人员|服务人员|作业人员|"
    r"工作者|劳动者|工人|司机|骑手|小哥|员|工)"
)
_COUNT_RE = re.compile(r"^[0-9０-９一二三四五六七八九十百千万两几多余]+(?:名|位|个|余名|多名)")
# Words of that form that are no group of workers.
_NOT_OCCUPATIONS = frozenset(
    "会员 党员 委员 成员 学员 队员 人员 官员 议员 动员 团员 社员 雇员 复员 减员 满员 全员 裁员 "
    "专员 组员 职员 教员 演员 店员 球员 海员 船员 要员 伤员 病员 生员 "
    "员工 职工 用工 务工 施工 开工 复工 竣工 加工 分工 罢工 打工 完工 手工 化工 停工 动工 返工 "
    "怠工 招工 监工 义工 员工 劳工 美工 做工 上工 "
    "工作人员 管理人员 有关人员 相关人员 服务人员 技术人员 参赛人员 工作者 劳动者 一线工人 "
    "广大职工 全体职工 干部职工 志愿服务人员 工会干部 工会工作者".split()
)
_MIN_OCCUPATION = 3


def _groups(text: str, index: _Index) -> list[tuple[int, int, str, bool, str | None]]:
    """(start, end, canonical name, known, phrase if not the text's own) for every
    beneficiary group mentioned."""
    found: list[tuple[int, int, str, bool, str | None]] = []
    if index.groups_re is not None:
        for match in index.groups_re.finditer(text):
            word = match.group(1)
            start, end = match.start(), match.start() + len(word)
            if len(word) <= 2 and _straddles(text, start, end):
                continue
            if word.endswith("代表") and text.startswith("大会", end):
                continue   # 职工代表大会 is an assembly, not the representatives
            found.append((start, end, index.groups[word], True, None))
    found.extend(_enumerations(text, index))
    # A term inside a longer one (护理员 in 养老护理员) is no mention of its own, and a
    # word the vocabulary knows is never also a new group.
    found.sort(key=lambda f: (f[0], -f[1]))
    kept: list[tuple[int, int, str, bool, str | None]] = []
    for item in found:
        if any(k[0] <= item[0] and item[1] <= k[1] and (k[0], k[1]) != (item[0], item[1])
               for k in kept[-4:]):
            continue
        kept.append(item)
    known = [(a, b) for a, b, _name, is_known, _phrase in kept if is_known]
    return [item for item in kept if item[3] or not any(
        a < item[1] and item[0] < b for a, b in known)]


def _straddles(text: str, start: int, end: int) -> bool:
    before = text[start - 1:start + 1] if start else ""
    after = text[end - 1:end + 1]
    if (text[start] == "的" and start and _NAME_CHAR_RE.match(text[start - 1])
            and text[start - 1] not in _BEFORE_DE_WORD):
        return True   # 他的哥哥: 的 is the particle, not the start of 的哥
    return before in _BLOCK_BEFORE or after in _BLOCK_AFTER


def _list_items(text: str, start: int, end: int) -> list[tuple[int, str]]:
    position = start
    items = []
    for piece in re.split(r"(以及|[、和及与或])", text[start:end]):
        if piece and not _ENUM_ITEM_SPLIT_RE.fullmatch(piece):
            items.append((position, piece))
        position += len(piece)
    return items


def _enumerations(text: str, index: _Index) -> list[tuple[int, int, str, bool]]:
    """向生活困难、基层一线和新业态等职工群体 -> 生活困难职工, 基层一线职工, 新业态职工;
    and occupations listed side by side, which are groups by their form."""
    found = []
    for head in _ENUM_HEAD_RE.finditer(text):
        end = head.start()
        start = end
        while start > 0 and end - start < 60 and _ENUM_SPAN_RE.match(text[start - 1]):
            start -= 1
        span = text[start:end]
        if "、" not in span and not _ENUM_ITEM_SPLIT_RE.search(span):
            continue
        items = _list_items(text, start, end)
        if len(items) < 2:
            continue
        noun = head.group(1)
        for item_start, item in items:
            # The first item may carry the verb before the list (向重点领域): try its tails.
            for offset in range(max(0, len(item) - 8), len(item) - 1):
                canonical = index.groups.get(item[offset:] + noun)
                if canonical is not None:
                    found.append((item_start + offset, item_start + len(item), canonical, True,
                                  item[offset:] + noun))
                    break
    found.extend(_occupations(text))
    return found


def _occupations(text: str) -> list[tuple[int, int, str, bool]]:
    found = []
    if "、" not in text:
        return found
    for clause in re.finditer(r"[^，。；！？,;!?：:“”（）()\s]+", text):
        if "、" not in clause.group():
            continue
        items = _list_items(text, clause.start(), clause.end())
        if len(items) < 2:
            continue
        # The last item runs on into the sentence (…和客服人员同场竞技): its occupation
        # is the longest head-form word at its start.
        names = []
        for number, (item_start, item) in enumerate(items):
            if number == 0:
                item = _cut(item)
            item = _COUNT_RE.sub("", item)
            item_start = item_start + len(items[number][1]) - len(item)
            if number == len(items) - 1:
                match = None
                for candidate in _OCCUPATION_RE.finditer(item):
                    if candidate.start() == 0:
                        match = candidate
                    break
                item = match.group() if match else ""
            if (not _OCCUPATION_RE.fullmatch(item) or len(item) < _MIN_OCCUPATION
                    or item in _NOT_OCCUPATIONS
                    or (item.endswith(("人员", "工作者", "劳动者")) and len(item) < 4)):
                names = []
                break
            names.append((item_start, item))
        for item_start, item in names:
            found.append((item_start, item_start + len(item), item, False, None))
    return found


# ---------------------------------------------------------------------------
# Public API


def _ordered(found) -> tuple[str, ...]:
    return tuple(dict.fromkeys(name for _pos, name in sorted(found, key=lambda f: f[0])))


def _mentions(found, text: str, printed: str) -> dict[str, list[str]]:
    # The phrase as printed: simplified text has the printed text's positions when it is
    # as long (OpenCC changes characters, hardly ever lengths).
    source = printed if len(printed) == len(text) else text
    mentions: dict[str, list[str]] = {}
    for start, end, name, _known, *given in sorted(found, key=lambda f: f[0]):
        phrase = (given[0] if given and given[0] else None) or source[start:end]
        phrases = mentions.setdefault(name, [])
        if phrase and phrase not in phrases:
            phrases.append(phrase)
    return mentions


def tag_story(story: Story, vocabulary: Vocabulary, page: Page | None = None) -> StoryTags:
    """The story's tags; ``page`` (the page it is on) resolves short forms such as 区总工会."""
    index = _index(vocabulary)
    printed = story.text
    text = simplified(printed)
    def context() -> str:
        if page is None:
            return ""
        return simplified("\n".join(other.text for other in page.stories if other is not story))

    unions, union_text = _union_bodies(text, index, context)
    groups = _groups(text, index)
    union_names = _ordered((start, name) for start, _end, name, _known in unions)
    group_names = _ordered((start, name) for start, _end, name, _known, _phrase in groups)
    unknown = {name for _s, _e, name, known in unions if not known}
    new_groups = {name for _s, _e, name, known, _phrase in groups if not known}
    mentions = _mentions(unions, union_text, printed if union_text == text else union_text)
    for name, phrases in _mentions(groups, text, printed).items():
        mentions.setdefault(name, []).extend(p for p in phrases if p not in mentions[name])
    return StoryTags(
        union_bodies=union_names,
        beneficiary_groups=group_names,
        discovered_union_bodies=tuple(name for name in union_names if name in unknown),
        mentions={name: tuple(phrases) for name, phrases in mentions.items()},
        discovered_beneficiary_groups=tuple(n for n in group_names if n in new_groups),
    )


def tag_page(page: Page, vocabulary: Vocabulary) -> dict[int, StoryTags]:
    """Every story's tags by position, each read with the rest of the page beside it."""
    return {story.position: tag_story(story, vocabulary, page) for story in page.stories}


def story_json(story: Story, vocabulary: Vocabulary, page: Page | None = None,
               tags: StoryTags | None = None) -> dict:
    tags = tags or tag_story(story, vocabulary, page)
    return {
        **story.as_dict(),
        "union_bodies": list(tags.union_bodies),
        "beneficiary_groups": list(tags.beneficiary_groups),
        "mentions": {name: list(phrases) for name, phrases in tags.mentions.items()},
    }


def page_json(page: Page, vocabulary: Vocabulary) -> dict:
    tags = tag_page(page, vocabulary)
    return {
        "source": page.source,
        "banner": page.banner,
        "stories": [story_json(story, vocabulary, page, tags[story.position])
                    for story in page.stories],
    }
