"""Parse and tag 1,000 generated page dumps (about 6,000 stories); print the throughput.

    .venv/bin/python benchmarks/parse_pages.py [--pages N] [--seed S]

No database: this measures articles.importer.parser and articles.importer.tagging alone. The pages
are built from templates with random names in the paper's layout (banners, kicker
and subheadline lines, leads in their several forms, paragraphs cut mid-word with
blank lines between the halves, credits, staff lines, photo items), always the
same ones for the same seed. The story count found is checked against the count
generated, as a rough check that the speed is not bought with wrong answers.
"""

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from articles.importer.parser import parse_bytes
from articles.importer.tagging import tag_page
from articles.importer.vocabulary import initial_vocabulary

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"  # noqa: E501
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌鹏宇浩然晨曦思远雨轩子涵欣怡梓"  # noqa: E501
BANNERS = ["凝心聚力 共建和谐劳动关系", "弘扬劳模精神 争当时代先锋", "喜迎新春 温暖职工"]
PLACES = ["红星机床厂", "东方电缆有限公司", "青山街道", "西山科技园区", "城南热力公司",
          "华北物流集团"]
UNIONS = ["市总工会", "北京市总工会", "市建设工会", "海淀区总工会", "朝阳区总工会", "经开区总工会",
          "市交通运输工会", "市教育工会"]
GROUPS = ["快递小哥", "外卖骑手", "环卫工人", "困难职工", "一线职工", "新就业形态劳动者", "劳模",
          "网约车司机", "保洁员", "农民工", "女职工", "货车司机"]
ACTIONS = ["开展送温暖慰问活动", "举办职工技能比武", "开设职工午间课堂", "启动健康体检服务",
           "为职工送去防暑降温物品", "召开职工代表座谈会"]
SENTENCES = [
    "{union}负责人表示，将持续关心关爱{group}，帮助他们解决急难愁盼问题。",
    "活动现场，{group}代表领取了米面油、棉衣等慰问品，大家纷纷表示感谢。",
    "据了解，{place}工会今年共投入专项资金八十余万元，覆盖职工两千余人。",
    "“工会就是我们的娘家人，遇到困难第一个想到的就是工会。”一名{group}说。",
    "下一步，{union}将进一步完善服务体系，推动各项惠企利民举措落地见效。",
    "{union}还向生活困难、基层一线和新业态等职工群体倾斜，做到应帮尽帮。",
]


def name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def cut(paragraph: str, rng: random.Random) -> str:
    """Break a paragraph as PDF extraction does: anywhere, with 1–4 blank lines."""
    if len(paragraph) < 20 or rng.random() < 0.6:
        return paragraph
    at = rng.randrange(8, len(paragraph) - 4)
    if paragraph[at - 1] in "。！？”":
        return paragraph
    return paragraph[:at] + "\n" * rng.randint(2, 5) + paragraph[at:]


def lead(rng: random.Random) -> str:
    reporter, other = name(rng), name(rng)
    return rng.choice([
        f"本报讯（记者 {reporter}）",
        f"本报讯(记者 {reporter})",
        f"本报讯（记者 {reporter} 通讯员 {other}）",
        f"本报讯（记者 {reporter}、{other}）",
        f"本报讯 记者{reporter}摄影报道 ",
    ])


def story(rng: random.Random) -> list[str]:
    place, union = rng.choice(PLACES), rng.choice(UNIONS)
    fill = {"place": place, "union": union, "group": rng.choice(GROUPS)}
    if rng.random() < 0.15:
        caption = (f"近日，{place}工会为{fill['group']}送去慰问品。"
                   f"本报记者 {name(rng)} 通讯员 {name(rng)} 摄影报道")
        return [f"{rng.choice(['暖心慰问', '冬日送暖', '节日坚守'])}{rng.randint(1, 99)}", caption]
    blocks = []
    if rng.random() < 0.2:
        blocks.append("聚焦职工急难愁盼——")
    blocks.append(f"{union}{rng.choice(ACTIONS)}")
    if rng.random() < 0.3:
        blocks.append(f"“{rng.choice(GROUPS)}感受到了娘家人的温暖”")
    first = (f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日，{union}来到{place}，"
             f"看望慰问{fill['group']}，并送上节日祝福。")
    blocks.append(cut(lead(rng) + first, rng))
    for template in rng.sample(SENTENCES, rng.randint(2, 4)):
        blocks.append(cut(template.format(**fill), rng))
    if rng.random() < 0.3:
        blocks.append(f"本报记者 {name(rng)} 摄")
    if rng.random() < 0.1:
        blocks.append(f"编辑:{name(rng)} 审核:{name(rng)} 终审:{name(rng)}")
    return blocks


def generate(pages: int, seed: int) -> list[tuple[bytes, int]]:
    rng = random.Random(seed)
    result = []
    for _ in range(pages):
        blocks = [rng.choice(BANNERS)] if rng.random() < 0.5 else []
        count = rng.randint(4, 8)
        for _story in range(count):
            blocks.extend(story(rng))
        text = "\n\n".join(blocks) + "\n"
        encoding = rng.choice(["utf-8", "utf-8", "utf-8-sig", "gb18030"])
        result.append((text.encode(encoding), count))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20240101)
    args = parser.parse_args()
    pages = generate(args.pages, args.seed)
    vocabulary = initial_vocabulary()
    expected = sum(count for _data, count in pages)
    started = time.perf_counter()
    cpu_started = time.process_time()
    found = tags = 0
    miscounted = 0
    for number, (data, count) in enumerate(pages):
        page = parse_bytes(data, f"page-{number}.txt")
        for result in tag_page(page, vocabulary).values():
            tags += len(result.union_bodies) + len(result.beneficiary_groups)
        found += len(page.stories)
        miscounted += len(page.stories) != count
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    print(f"pages: {len(pages)}")
    print(f"stories: {found} (generated {expected}; pages with a different count: {miscounted})")
    print(f"tags: {tags}")
    print(f"seconds: {seconds:.2f}")
    print(f"stories/second: {found / seconds:,.0f}")
    # CPU time: on a machine shared with other work, wall-clock time mostly measures the others.
    print(f"cpu seconds: {cpu_seconds:.2f} ({found / cpu_seconds:,.0f} stories per cpu second)")


if __name__ == "__main__":
    main()
