"""The fixed content of Haibin Street's enforcement demo: the catalogue, the key areas, the
campaign of 2020, the enforcement body and its powers. The records of the year (patrols, cases,
self-checks) are generated from these in ``demo.py``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from fazhi.enforcement.models import CampaignPartner, EnforcementPower, KeyArea, ViolationCategory

AUTHORITY = "天津市滨海新区海滨街道办事处"

# 《城市市容和环境卫生管理条例》(1992年国务院令第101号，2017年修订): 第三十四条 (warning or
# fine, its items numbered as revised in 2011: (二) writing and posting, (三) balconies, (五)
# responsibility areas, (六) spillage, (七) building sites) and 第三十六条 ((一) large outdoor
# advertising, (二) piling and building on streets and public ground).
NATIONAL = "《城市市容和环境卫生管理条例》"
# 《城市道路管理条例》(1996年国务院令第198号，2019年修订): 第二十七条 (what is forbidden on a
# city road), 第四十二条 (its penalty).
ROADS = "《城市道路管理条例》"
LOCAL = "《天津市市容和环境卫生管理条例》"

_ART34 = "责令纠正违法行为、采取补救措施，可以并处警告、罚款。"
_ART36 = "责令停止违法行为，限期清理、拆除或者采取其他补救措施，并可处以罚款。"
_ROAD42 = "责令限期改正，可以处以二万元以下的罚款；造成损失的，依法承担赔偿责任。"

# (code, name, group, legal basis, penalty basis, penalty range, fine min, fine max); the fines
# are the street's discretion within the range the penalty article allows.
CATALOGUE = [
    (
        "SR-01",
        "占道经营",
        ViolationCategory.Group.STREET_VENDING,
        f"{ROADS}第二十七条第（一）项",
        f"{ROADS}第四十二条",
        _ROAD42,
        "50",
        "200",
    ),
    (
        "SR-02",
        "店外经营",
        ViolationCategory.Group.STREET_VENDING,
        f"{ROADS}第二十七条第（一）项",
        f"{ROADS}第四十二条",
        _ROAD42,
        "100",
        "500",
    ),
    (
        "SR-03",
        "乱堆乱放",
        ViolationCategory.Group.PILING,
        f"{NATIONAL}第十四条",
        f"{NATIONAL}第三十六条第（二）项",
        _ART36,
        "50",
        "1000",
    ),
    (
        "SR-04",
        "乱贴乱画",
        ViolationCategory.Group.POSTING,
        f"{NATIONAL}第十七条",
        f"{NATIONAL}第三十四条第（二）项",
        _ART34,
        "50",
        "500",
    ),
    (
        "SR-05",
        "擅自设置户外广告",
        ViolationCategory.Group.OUTDOOR_ADS,
        f"{NATIONAL}第十一条",
        f"{NATIONAL}第三十六条第（一）项",
        _ART36,
        "500",
        "10000",
    ),
    (
        "SR-06",
        "私搭乱建",
        ViolationCategory.Group.ILLEGAL_BUILDING,
        f"{NATIONAL}第十四条",
        f"{NATIONAL}第三十六条第（二）项",
        _ART36,
        "1000",
        "50000",
    ),
    (
        "SR-07",
        "运输渣土遗撒",
        ViolationCategory.Group.SPILLAGE,
        f"{NATIONAL}第十五条",
        f"{NATIONAL}第三十四条第（六）项",
        _ART34,
        "1000",
        "100000",
    ),
    (
        "SR-08",
        "不履行门前三包责任",
        ViolationCategory.Group.FRONTAGE,
        f"{NATIONAL}第三十四条第（五）项",
        f"{NATIONAL}第三十四条第（五）项",
        _ART34,
        "50",
        "500",
    ),
    (
        "SR-09",
        "临街阳台外吊挂有碍市容物品",
        ViolationCategory.Group.OTHER,
        f"{NATIONAL}第十条",
        f"{NATIONAL}第三十四条第（三）项",
        _ART34,
        "20",
        "200",
    ),
    (
        "SR-10",
        "工地未设置护栏或者未作遮挡",
        ViolationCategory.Group.OTHER,
        f"{NATIONAL}第十六条",
        f"{NATIONAL}第三十四条第（七）项",
        _ART34,
        "500",
        "20000",
    ),
]
# How often each entry is found on the street (weights for the generated cases).
CATEGORY_WEIGHTS = {
    "SR-01": 30,
    "SR-02": 18,
    "SR-03": 16,
    "SR-04": 10,
    "SR-05": 6,
    "SR-06": 5,
    "SR-07": 4,
    "SR-08": 8,
    "SR-09": 2,
    "SR-10": 1,
}

# (name, kind, village or None, description)
KEY_AREAS = [
    (
        "港西新城",
        KeyArea.Kind.NEIGHBOURHOOD,
        "港西新城社区",
        "新建居住区，底商集中，占道经营和店外经营多发。",
    ),
    ("幸福路", KeyArea.Kind.ROAD, "幸福路社区", "街道主干道，沿街商户密集。"),
    ("光明大道", KeyArea.Kind.ROAD, None, "连接港西新城与老镇区的主干道，渣土车辆通行。"),
    ("花园路", KeyArea.Kind.ROAD, None, "学校、医院周边道路。"),
    ("祥和市场", KeyArea.Kind.MARKET, None, "农贸市场及周边，早市时段占道经营突出。"),
]

# The grids each key area lies in, on the street's map (``fazhi.org.demo.MAP_ROWS``): the
# neighbourhood's four blocks, each road's grids in order along it (幸福路 west to east through
# its junction with 光明大道, 光明大道 north to south to the old town of 福华里), the market and
# its surroundings. The year's reports, cases and 门前三包 units there are placed in these.
KEY_AREA_GRIDS = {
    "港西新城": ("HB-01-01", "HB-01-02", "HB-01-04", "HB-01-05"),
    "幸福路": (
        "HB-01-05",
        "HB-01-08",
        "HB-01-06",
        "HB-01-09",
        "HB-02-03",
        "HB-02-05",
        "HB-02-04",
        "HB-03-01",
    ),
    "光明大道": (
        "HB-03-01",
        "HB-03-02",
        "HB-03-03",
        "HB-03-04",
        "HB-05-02",
        "HB-03-06",
        "HB-05-04",
        "HB-07-01",
    ),
    "花园路": ("HB-06-04", "HB-06-06", "HB-04-01", "HB-04-03", "HB-04-02", "HB-04-04"),
    "祥和市场": ("HB-05-03", "HB-05-01"),
}

CAMPAIGN = {
    "name": "2020年港西新城等重点区域市容环境专项治理",
    "starts_on": date(2020, 5, 11),
    "ends_on": date(2020, 8, 31),
    "goal": (
        "经疫情防控和执法工作双论证，对港西新城、幸福路、光明大道、花园路、祥和市场等重点区域"
        "的占道经营、店外经营、乱堆乱放、乱贴乱画、违规户外广告、私搭乱建和渣土遗撒等突出问题"
        "集中整治，落实“门前三包”责任制，做到违章及时发现、及时制止、依法处置，"
        "为常态长效管理打好基础。"
    ),
    "summary": (
        "专项治理期间，联合公安、交警、油田物业公司、市政公司和各村居开展联合巡查，"
        "重点区域占道经营、乱堆乱放等问题明显减少，沿街商户自查自改积极性提高，迎检工作顺利通过。"
    ),
}
PHASES = [
    (
        "动员部署",
        date(2020, 5, 11),
        date(2020, 5, 17),
        "制定方案，召开部署会，与沿街商户重签门前三包责任书。",
    ),
    (
        "集中整治",
        date(2020, 5, 18),
        date(2020, 7, 31),
        "集中执法力量对重点区域突出问题逐一整治，每日联合巡查。",
    ),
    (
        "巩固提升",
        date(2020, 8, 1),
        date(2020, 8, 31),
        "查漏补缺，建立常态长效管理机制，迎接检查验收。",
    ),
]
PARTNERS = [
    (
        CampaignPartner.Kind.POLICE,
        "滨海新区公安局海滨派出所",
        "维护整治现场秩序，依法处置阻碍执法行为。",
    ),
    (
        CampaignPartner.Kind.TRAFFIC_POLICE,
        "滨海新区公安局交通警察支队海滨大队",
        "查处占道停车和渣土车辆交通违法。",
    ),
    (
        CampaignPartner.Kind.PROPERTY,
        "油田物业公司",
        "港西新城小区内乱堆乱放、私搭乱建的发现和劝导。",
    ),
    (CampaignPartner.Kind.MUNICIPAL, "海滨市政公司", "清理违规设施后的道路、绿地修复和保洁。"),
    (CampaignPartner.Kind.VILLAGE, "海滨第一社区居民委员会", "入户宣传，发动居民参与。"),
    (CampaignPartner.Kind.VILLAGE, "幸福社区居民委员会", "沿街商户宣传和门前三包自查督促。"),
]

BODY = {
    "name": AUTHORITY,
    "legal_basis": (
        "《中华人民共和国行政处罚法》第二十四条；天津市人民政府关于向街道办事处和乡镇人民政府"
        "下放部分行政执法权的决定。街道综合执法大队以街道办事处名义实施行政执法。"
    ),
    "address": "天津市滨海新区海滨街幸福路1号",
    "phone": "022-63210000",
    "supervision_phone": "022-63210010",
}
# (kind, name, legal basis)
POWERS = [
    (
        EnforcementPower.Kind.PENALTY,
        "对占道经营、店外经营的行政处罚",
        f"{ROADS}第二十七条、第四十二条",
    ),
    (EnforcementPower.Kind.PENALTY, "对乱堆乱放的行政处罚", f"{NATIONAL}第十四条、第三十六条"),
    (EnforcementPower.Kind.PENALTY, "对乱贴乱画的行政处罚", f"{NATIONAL}第十七条、第三十四条"),
    (
        EnforcementPower.Kind.PENALTY,
        "对擅自设置大型户外广告的行政处罚",
        f"{NATIONAL}第十一条、第三十六条",
    ),
    (
        EnforcementPower.Kind.PENALTY,
        "对运输散装货物遗撒的行政处罚",
        f"{NATIONAL}第十五条、第三十四条",
    ),
    (
        EnforcementPower.Kind.COERCION,
        "对违法建筑物、设施的强制拆除",
        f"{NATIONAL}第三十七条；《中华人民共和国行政强制法》第四十四条",
    ),
    (EnforcementPower.Kind.INSPECTION, "市容环境卫生监督检查", f"{NATIONAL}；{LOCAL}"),
]

PROCEDURES = (
    "一、简易程序：违法事实确凿并有法定依据，对公民处二百元以下、对法人或者其他组织处三千元以下"
    "罚款或者警告的，执法人员出示执法证件后可以当场作出行政处罚决定。\n"
    "二、普通程序：立案、调查取证、告知拟作出的处罚及陈述申辩（听证）权利、重大案件法制审核、"
    "作出决定、送达、执行、结案、归档。执法人员不少于两人，自立案之日起九十日内作出处理决定。\n"
    "三、行政处罚决定自作出之日起七个工作日内、其他执法决定自作出之日起二十个工作日内向社会公示。"
)
REMEDIES = (
    "当事人对行政处罚决定不服的，可以自收到决定书之日起六十日内向天津市滨海新区人民政府申请"
    "行政复议，或者自收到决定书之日起六个月内直接向天津市滨海新区人民法院提起行政诉讼。"
    "行政复议和行政诉讼期间，不停止决定的执行，法律另有规定的除外。"
)

SHOP_NAMES = [
    "鑫源",
    "福满多",
    "惠民",
    "万家",
    "海韵",
    "兴隆",
    "顺发",
    "康乐",
    "金港",
    "百味",
    "和顺",
    "长青",
    "乐家",
    "盛达",
    "益民",
    "晨光",
    "如意",
    "丰收",
    "新风",
    "永安",
]
SHOP_KINDS = [
    "便利店",
    "餐馆",
    "五金店",
    "理发店",
    "药房",
    "水果店",
    "烟酒店",
    "服装店",
    "早点铺",
    "超市",
    "汽修店",
    "文具店",
]

FINE_STEP = Decimal("50")
