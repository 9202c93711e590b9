"""Names: one person spelled two ways, or a byline the body's credit spells differently.

Without a dictionary of people, a name is recognised by its surroundings (a title before it,
表示 or 说 after it, 记者 in a credit), and two spellings count as the same person only when
they sound the same: 张良 and 张亮, not 张良 and 张明, who are two people.
"""

import re
from collections import defaultdict
from functools import lru_cache

from django.utils.translation import gettext_lazy as _
from pypinyin import Style, lazy_pinyin

from articles.proofreading.findings import CJK, NAMES, Rule, finding

TWO_SPELLINGS = Rule("names.two_spellings", NAMES, _("one person's name spelled two ways"),
                     "《图书编校质量差错认定细则》 3.1（人名错）")
BYLINE_MISMATCH = Rule("names.byline", NAMES, _("the byline spells the name differently"),
                       "《图书编校质量差错认定细则》 3.1（人名错）")
RULES = [TWO_SPELLINGS, BYLINE_MISMATCH]

SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜"
    "叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎"
    "贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申"
    "欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴"
    "蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席"
    "卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟"
    "邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强"
    "帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍"
    "辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉"
    "冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
)
TITLES = (
    "记者|通讯员|实习生|见习记者|特约记者|书记|副书记|主席|副主席|主任|副主任|经理|总经理|"
    "董事长|院长|副院长|厂长|局长|副局长|部长|副部长|市长|副市长|区长|副区长|会长|代表|劳模|"
    "师傅|工人|职工|队长|组长|班长|校长|教授|工程师|医生|同志|技师|员工|快递员|骑手|司机|"
    "押运员|保安员|志愿者|党员|委员|干部|负责人"
)
AFTER = "表示|指出|强调|介绍|认为|告诉|坦言|笑着说|说道|说|一行|同志|师傅|老师|先生|女士|等人|："
NAME = rf"[{CJK}]{{2,3}}"
# A title and the two or three characters after it: both lengths are candidates.
BEFORE_NAME = [re.compile(rf"(?:{TITLES})[ \u3000]?([{CJK}]{{{n}}})") for n in (2, 3)]
# A name opening a clause, told by the verb after it: 张良表示, 韩世春指出.
BEFORE_VERB = [re.compile(rf"(?<![{CJK}])([{CJK}]{{{n}}})(?:{AFTER})") for n in (2, 3)]
CREDIT = re.compile(
    rf"(?:记者|通讯员|实习生|见习记者|特约记者)[ \u3000]?({NAME})|({NAME})[ \u3000]摄"
)


@lru_cache(maxsize=4096)
def sound(name: str) -> tuple:
    return tuple(lazy_pinyin(name, style=Style.NORMAL))


def same_person(a: str, b: str) -> bool:
    """Two spellings of one name: same length, one character apart, and said the same way."""
    if a == b or len(a) != len(b) or a[0] not in SURNAMES or b[0] not in SURNAMES:
        return False
    if sum(x != y for x, y in zip(a, b, strict=True)) != 1:
        return False
    return sound(a) == sound(b)


def mentions(text):
    """Candidate names with their spans, from the surroundings that mark a person."""
    found = defaultdict(list)
    for pattern in (*BEFORE_NAME, *BEFORE_VERB):
        for match in pattern.finditer(text):
            name = match.group(1)
            if name[0] in SURNAMES:
                found[name].append(match.span(1))
    return found


def _spans(text, name):
    return [(m.start(), m.end()) for m in re.finditer(re.escape(name), text)]


def two_spellings(field_name, text):
    names = mentions(text)
    counted = {name: len(_spans(text, name)) for name in names}
    reported = set()
    for a in names:
        for b in names:
            if a >= b or not same_person(a, b):
                continue
            # The rarer spelling is the slip; on a tie, the later one.
            rare, common = (a, b) if (counted[a], names[b][0]) < (counted[b], names[a][0]) \
                else (b, a)
            for start, end in _spans(text, rare):
                if (rare, start) in reported:
                    continue
                reported.add((rare, start))
                yield finding(TWO_SPELLINGS, field_name, text, start, end, common, False,
                              _("Also spelled %(other)s in this story.") % {"other": common})


def byline_mismatch(field_name, text, bylines):
    if not bylines:
        return
    for match in CREDIT.finditer(text):
        group = 1 if match.group(1) else 2
        credited = match.group(group)
        for byline in bylines:
            if credited != byline and _prefix_same_person(credited, byline):
                start = match.start(group)
                yield finding(BYLINE_MISMATCH, field_name, text, start,
                              start + len(byline), byline, False,
                              _("The byline reads %(byline)s.") % {"byline": byline})


def _prefix_same_person(credited, byline):
    # The credit pattern may take a following character in (记者 白莹报道): compare its start.
    return same_person(credited[:len(byline)], byline)
