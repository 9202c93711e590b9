"""Controlled vocabularies for tagging: union bodies and beneficiary groups.

``INITIAL_UNION_BODIES`` and ``INITIAL_BENEFICIARY_GROUPS`` are the starting data
(a data migration copies them into the database, where editors maintain them);
the importer itself always works from a ``Vocabulary`` value, never from a module global.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    name: str                       # canonical name
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vocabulary:
    union_bodies: tuple[Term, ...]
    beneficiary_groups: tuple[Term, ...]
    home_city: str = "北京市"


_DISTRICTS = ("东城区", "西城区", "朝阳区", "海淀区", "丰台区", "石景山区", "门头沟区", "房山区",
              "通州区", "顺义区", "昌平区", "大兴区", "怀柔区", "平谷区", "密云区", "延庆区")

INITIAL_UNION_BODIES: tuple[Term, ...] = (
    Term("中华全国总工会", ("全国总工会", "全总")),
    Term("北京市总工会", ("市总工会", "北京市总")),
    *(Term(f"北京市{district}总工会", (f"{district}总工会",)) for district in _DISTRICTS),
    Term("北京经济技术开发区总工会",
         ("经开区总工会", "北京经开区总工会", "经济技术开发区总工会", "亦庄经开区总工会")),
    # Municipal industry unions under the federation.
    Term("北京市教育工会", ("市教育工会",)),
    Term("北京市工业（国防）工会",
         ("北京市工业(国防)工会", "市工业（国防）工会", "市工业(国防)工会")),
    Term("北京市农林水工会", ("市农林水工会",)),
    Term("北京市建设工会", ("市建设工会",)),
    Term("北京市商业服务业工会", ("市商业服务业工会",)),
    Term("北京市交通运输工会", ("市交通运输工会",)),
    Term("北京市金融工会", ("市金融工会", "北京金融工会")),
    Term("北京市政法卫文工会", ("市政法卫文工会",)),
    Term("北京市卫生健康工会", ("市卫生健康工会",)),
    Term("北京市科技工会", ("市科技工会",)),
    Term("北京市直属机关工会联合会", ("市直机关工会联合会", "北京市直机关工会联合会")),
    Term("中关村科技园区总工会", ("中关村总工会",)),
    # National industry unions, which often appear beside the city's.
    Term("中国教科文卫体工会", ("中国教育科技文化卫生体育工会",)),
    Term("中国海员建设工会"),
    Term("中国金融工会"),
    Term("中国能源化学地质工会"),
    Term("中国机械冶金建材工会"),
    Term("中国国防邮电工会"),
    Term("中国财贸轻纺烟草工会"),
    Term("中国农林水利气象工会"),
    Term("中国铁路工会"),
    Term("中国民航工会"),
)

INITIAL_BENEFICIARY_GROUPS: tuple[Term, ...] = (
    Term("劳动模范", ("劳模", "劳模先进", "全国劳模", "市级劳模")),
    Term("先进工作者", ("先进工作者代表",)),
    Term("大国工匠", ("首都大工匠", "首都工匠", "北京大工匠")),
    Term("困难职工", ("生活困难职工", "困难职工群体", "特困职工")),
    Term("困难职工家庭", ("困难家庭", "生活困难职工家庭")),
    Term("一线职工", ("基层一线职工", "一线工人", "一线员工")),
    Term("新就业形态劳动者", ("新业态劳动者", "新业态职工", "新业态", "新就业形态职工",
                              "新就业形态群体", "新就业群体")),
    Term("快递员", ("快递小哥", "快递配送员", "快递从业人员", "快递员工")),
    Term("外卖送餐员", ("外卖骑手", "外卖小哥", "外卖员", "送餐员", "外卖配送员", "网约配送员",
                        "送餐骑手")),
    Term("网约车司机", ("网约车驾驶员", "网约车")),
    Term("出租车司机", ("出租车驾驶员", "出租汽车驾驶员", "出租汽车司机", "的哥", "的姐")),
    Term("货车司机", ("货车驾驶员", "卡车司机", "货运司机")),
    Term("公交司机", ("公交驾驶员", "公交车司机", "公交车驾驶员")),
    Term("代驾司机", ("代驾员", "代驾人员")),
    Term("环卫工人", ("环卫工", "环卫职工", "环卫作业人员", "环卫工作者")),
    Term("农民工", ("进城务工人员", "外来务工人员", "务工人员")),
    Term("建筑工人", ("建筑业职工", "建筑业农民工", "建筑工地工人")),
    Term("保安员", ("保安人员", "安保人员")),
    Term("保洁员", ("保洁人员", "保洁工")),
    Term("护工", ("医疗护理员", "护理员")),
    Term("家政服务员", ("家政工", "家政人员", "家政服务人员", "家政从业人员")),
    Term("职工代表"),
    Term("押运人员", ("一线押运人员", "押运员")),
    Term("防疫一线工作人员", ("疫情防控一线工作人员", "抗疫一线人员", "防疫人员", "抗疫一线职工")),
    Term("医务人员", ("医护人员", "医务工作者", "医护工作者")),
    Term("交通运输职工", ("交通职工", "交通运输从业人员")),
    Term("铁路职工", ("铁路工人",)),
    Term("户外劳动者", ("户外工作者", "户外职工", "户外作业人员")),
    Term("女职工", ("女工",)),
    Term("退休职工", ("离退休职工", "退休人员")),
    Term("青年职工", ("青工", "青年员工")),
    Term("产业工人"),
    Term("技能人才", ("高技能人才", "技术工人", "技术技能人才")),
    Term("科技工作者", ("科研人员",)),
    Term("教职工", ("教职员工", "教师")),
    Term("社区工作者", ("社工",)),
    Term("劳务派遣工", ("派遣职工", "劳务派遣人员", "劳务派遣职工")),
    Term("灵活就业人员", ("灵活就业者",)),
    Term("残疾职工", ("残疾人职工",)),
    Term("大病职工", ("患大病职工", "重病职工")),
    Term("职工子女", ("困难职工子女", "农民工子女")),
    Term("非公企业职工", ("非公有制企业职工", "民营企业职工")),
    Term("中小微企业职工", ("小微企业职工",)),
    Term("坚守岗位职工", ("节日坚守岗位职工", "坚守一线职工", "春节坚守岗位职工")),
    Term("高温作业职工", ("高温作业人员",)),
    Term("失业人员", ("下岗职工", "失业职工")),
    Term("城市运行保障人员", ("城市运行保障一线人员",)),
    Term("货运物流从业人员", ("物流从业人员", "快递物流从业人员")),
    Term("电力职工", ("电力工人",)),
)


def initial_vocabulary(home_city: str = "北京市") -> Vocabulary:
    return Vocabulary(INITIAL_UNION_BODIES, INITIAL_BENEFICIARY_GROUPS, home_city)
