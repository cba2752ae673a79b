"""Text as the records hold it: Chinese names built from real patterns.

Each builder takes a :class:`~.choices.Choices` and makes a realistic value: a real name first
(so that failures shrink to names a reader knows: 新城社区, 京师(苏州)律师事务所, 王海), else one
built from real parts. Lengths and odd characters are the fields' business
(:mod:`.fields`), which read them from the rule table. Text is generated already stripped and in
NFC, so the model stores what was drawn.
"""

from __future__ import annotations

from typing import Final

from community_model._strategies.choices import Choices
from community_model._vocab import (
    ActivityCategory,
    BranchLevel,
    CommunityKind,
    ListKind,
    OrganisationKind,
    RecordKind,
    StreetKind,
)

# -- real names from the source page and its region --------------------------------------------

STREET_STEMS: Final = (
    "吴门桥", "白洋湾", "北桥", "元和", "望亭", "平江", "沧浪", "金阊", "双塔", "虎丘", "娄葑",
    "斜塘", "唯亭", "胜浦", "横塘", "枫桥", "狮山", "浒墅关", "通安", "东渚", "黄埭", "渭塘",
    "太平", "阳澄湖", "黄桥", "澄阳", "湘城", "木渎", "胥口", "甪直", "越溪", "郭巷", "城南",
    "香山", "光福", "东山", "金庭", "临湖", "长桥", "漕湖",
)  # fmt: skip
COMMUNITY_STEMS: Final = (
    "新城", "大龙", "绿色时光", "南亚花园", "果园", "盛南", "元和佳苑", "娄北", "峰汇园",
    "水韵花都", "虎池苑", "和美", "清嘉苑", "三元", "彩香", "桐泾", "友联", "南环", "金色家园",
    "阳光", "幸福", "康乐", "惠民", "润元", "莲香", "梅巷", "荷塘", "新港", "东湖", "西园",
)  # fmt: skip
VILLAGE_STEMS: Final = (
    "蠡口", "冯梦龙", "旺山", "树山", "陆巷", "三山", "东林", "永联", "许巷", "荡口", "沈巷",
    "方浜", "金星", "五龙", "新湘", "灵峰", "漕湖", "太平",
)  # fmt: skip
#: Characters of place names, for stems that are plausible but not real.
PLACE_CHARACTERS: Final = (
    "东西南北中新华阳春和平安康宁泰山水湖桥塘湾港河溪浦泾浜庄园林花苑亭兴盛福金玉翠云"
)

#: Real (county code, city, district) triples: codes and names agree where the region is real.
REGIONS: Final = (
    ("320508", "苏州市", "姑苏区"),
    ("320507", "苏州市", "相城区"),
    ("320506", "苏州市", "吴中区"),
    ("320505", "苏州市", "虎丘区"),
    ("320509", "苏州市", "吴江区"),
    ("320571", "苏州市", "苏州工业园区"),
    ("320102", "南京市", "玄武区"),
    ("320213", "无锡市", "梁溪区"),
    ("330106", "杭州市", "西湖区"),
    ("310104", "上海市", "徐汇区"),
    ("110105", "北京市", "朝阳区"),
    ("440305", "深圳市", "南山区"),
    ("510107", "成都市", "武侯区"),
    ("420106", "武汉市", "武昌区"),
    ("370102", "济南市", "历下区"),
    ("500103", "重庆市", "渝中区"),
)

SURNAMES: Final = (
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "朱", "马", "胡", "郭",
    "林", "何", "高", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "沈", "姚", "成", "顾", "陆", "钱", "欧阳", "司马", "诸葛",
)  # fmt: skip
GIVEN_CHARACTERS: Final = (
    "丽君海福珍向前妹晓安达明华建国芳伟敏静强磊洋艳勇军杰娟涛超秀英霞平刚桂兰佳怡子涵宇轩"
)


# -- builders -------------------------------------------------------------------------------------


def _stem(c: Choices, real: tuple[str, ...]) -> str:
    """A real stem, or now and then one of place-name characters that sounds real."""
    return c.characters(PLACE_CHARACTERS, 2, 3) if c.chance(4) else c.pick(real)


_STREET_SUFFIX: Final = {
    StreetKind.SUBDISTRICT: ("街道",),
    StreetKind.TOWN: ("镇",),
    StreetKind.TOWNSHIP: ("乡", "民族乡"),
    StreetKind.OTHER: ("经济开发区", "农场", "管理区", "度假区"),
}
_COMMUNITY_SUFFIX: Final = {
    CommunityKind.RESIDENTS_COMMITTEE: ("社区",),
    CommunityKind.VILLAGE_COMMITTEE: ("村",),
    CommunityKind.OTHER: ("生活区", "社区工作站", "虚拟社区"),
}


def street_name(c: Choices, kind: StreetKind) -> str:
    """吴门桥街道, 望亭镇, 光福乡, 漕湖经济开发区."""
    return _stem(c, STREET_STEMS) + c.pick(_STREET_SUFFIX[kind])


def community_stem(c: Choices) -> str:
    """新城, 绿色时光: the first part of a community's name."""
    return _stem(c, COMMUNITY_STEMS)


def community_name(c: Choices, kind: CommunityKind) -> str:
    """新城社区, 冯梦龙村, 东湖生活区."""
    real = VILLAGE_STEMS if kind is CommunityKind.VILLAGE_COMMITTEE else COMMUNITY_STEMS
    return _stem(c, real) + c.pick(_COMMUNITY_SUFFIX[kind])


def branch_name(host_name: str, level: BranchLevel, max_len: int) -> str:
    """新城社区党委, 京师(苏州)律师事务所党支部: the host's name, then the level."""
    return host_name[: max_len - len(level.label)] + level.label


_LAW_FIRM_BRANDS: Final = (
    "京师",
    "大成",
    "国浩",
    "锦天城",
    "君合",
    "中伦",
    "德恒",
    "金诚同达",
    "竹辉",
)
_CITIES: Final = ("苏州", "南京", "无锡", "上海", "杭州", "江苏")
_COMPANY_WORDS: Final = (
    "城投再生资源发展", "信托", "轨道交通", "供电", "水务", "燃气", "文旅", "科技", "农商银行",
)  # fmt: skip
_AGENCIES: Final = (
    "市政设施管理处", "城市管理局", "民政局", "司法局", "卫生健康委员会", "消防救援支队",
)  # fmt: skip
_HOSPITALS: Final = ("人民医院", "中医医院", "妇幼保健院", "社区卫生服务中心", "第二人民医院")
_SOCIAL: Final = ("社会工作服务中心", "志愿者协会", "慈善基金会", "社区服务社")
_SCHOOLS: Final = ("实验小学", "中心小学", "中学", "幼儿园", "职业技术学院")
_OTHER_UNITS: Final = ("老年大学", "图书馆", "文化站", "农贸市场")
_PLACE_NAMES: Final = tuple(region[2] for region in REGIONS)

#: Real partner units of the source page, by kind.
_KNOWN_UNITS: Final = {
    OrganisationKind.LAW_FIRM: ("京师(苏州)律师事务所", "京师（苏州）律师事务所"),
    OrganisationKind.HOSPITAL: ("漕湖人民医院",),
    OrganisationKind.COMPANY: ("苏州城投再生资源发展有限公司", "苏州信托有限公司"),
    OrganisationKind.PUBLIC_AGENCY: ("苏州市市政设施管理处",),
    OrganisationKind.PROPERTY_MANAGEMENT: ("苏州清嘉苑物业管理有限公司",),
    OrganisationKind.SOCIAL_ORGANISATION: ("姑苏区社会工作服务中心",),
    OrganisationKind.SCHOOL: ("相城区实验小学",),
    OrganisationKind.OTHER: ("姑苏区老年大学",),
}


def organisation_name(c: Choices, kind: OrganisationKind) -> str:
    """Names as partner units write them, brackets full-width or half-width."""
    if not c.boolean():
        return c.pick(_KNOWN_UNITS[kind])
    city = c.pick(_CITIES)
    units: tuple[str, ...]
    match kind:
        case OrganisationKind.LAW_FIRM:
            opening, closing = c.pick((("(", ")"), ("（", "）")))
            return f"{c.pick(_LAW_FIRM_BRANDS)}{opening}{city}{closing}律师事务所"
        case OrganisationKind.COMPANY:
            ending = c.pick(("有限公司", "股份有限公司", "集团有限公司"))
            return city + c.pick(_COMPANY_WORDS) + ending
        case OrganisationKind.PUBLIC_AGENCY:
            return city + "市" + c.pick(_AGENCIES)
        case OrganisationKind.PROPERTY_MANAGEMENT:
            ending = c.pick(("物业管理有限公司", "物业服务有限公司"))
            return city + community_stem(c) + ending
        case OrganisationKind.HOSPITAL:
            units = _HOSPITALS
        case OrganisationKind.SOCIAL_ORGANISATION:
            units = _SOCIAL
        case OrganisationKind.SCHOOL:
            units = _SCHOOLS
        case _:
            units = _OTHER_UNITS
    place = _stem(c, STREET_STEMS) if c.boolean() else c.pick(_PLACE_NAMES)
    return place + c.pick(units)


#: People the source page names: secretaries, residents, reporters.
KNOWN_PEOPLE: Final = ("成丽君", "王海", "姚女士", "周福珍", "许向前", "高福妹", "徐晓安", "高达")


def person_name(c: Choices) -> str:
    """成丽君, 王海, 姚女士: a surname, then a given name or a polite form."""
    if not c.boolean():
        return c.pick(KNOWN_PEOPLE)
    surname = c.pick(SURNAMES)
    if c.chance(5):
        return surname + c.pick(("女士", "先生", "阿姨", "师傅"))
    return surname + c.characters(GIVEN_CHARACTERS, 1, 2)


_BRANDS: Final = ("五心党建,同心同行", "海棠先锋", "红色管家", "邻里同心", "先锋大篷车", "红色驿站")


def brand_name(c: Choices) -> str:
    """Party-building brands (党建品牌): 海棠先锋, "五心党建,同心同行"."""
    if not c.boolean():
        return c.pick(_BRANDS)
    return c.characters(PLACE_CHARACTERS, 2, 2) + c.pick(("先锋", "红管家", "同心圆", "暖心驿站"))


_TOPICS: Final = {
    ActivityCategory.FREE_CLINIC: ("健康义诊进社区", "中国医师节义诊", "送医上门义诊"),
    ActivityCategory.LECTURE: ("高压氧健康知识讲座", "防诈骗讲座", "普法讲座", "健康养生讲座"),
    ActivityCategory.MARKET: ("海棠集市", "非遗集市", "便民服务集市"),
    ActivityCategory.SIGNING: ("结对共建签约仪式", "支部共建签约"),
    ActivityCategory.CULTURAL: ("非遗文化展示", "邻里文化节", "中秋游园会"),
    ActivityCategory.EDUCATION: ("垃圾分类小课堂", "消防安全宣传", "反诈宣传"),
    ActivityCategory.PARENTING: ("家长夜话", "亲子阅读会"),
    ActivityCategory.SALON: ("书记周五沙龙", "议事沙龙"),
    ActivityCategory.VOLUNTEER_SERVICE: ("志愿服务日", "便民理发磨剪刀"),
    ActivityCategory.MEETING: ("党员大会", "居民议事会", "党员群众代表票决会"),
    ActivityCategory.OTHER: ("暑托班开班", "邻里节"),
}


def activity_title(c: Choices, category: ActivityCategory) -> str:
    """海棠集市, 高压氧健康知识讲座, sometimes led by the place: 新城社区家长夜话."""
    topic = c.pick(_TOPICS[category])
    return community_stem(c) + "社区" + topic if c.boolean() else topic


SERVICES: Final = (
    "糖画", "棕编", "泥人", "磨剪刀", "理发", "修鞋", "家电维修", "测血压", "测血糖",
    "法律咨询", "健康咨询", "内科", "外科", "骨科", "妇产科", "中医科", "手机维修", "政策宣传",
)  # fmt: skip
VENUES: Final = (
    "党群服务中心", "社区广场", "邻里中心", "口袋公园", "虎池苑小区4幢", "社区活动室",
    "新时代文明实践站",
)  # fmt: skip
AUDIENCES: Final = ("社区居民", "暑托班儿童", "老年居民", "党员群众", "辖区青少年", "新就业群体")
PROJECT_NAMES: Final = (
    "口袋公园", "舍得空间", "儿童友好家园", "先锋大篷车", "南门通道拓宽", "儿童乐园改造",
    "健身步道", "智能门禁", "非机动车棚改造", "楼道微更新",
)  # fmt: skip
SENTENCES: Final = (
    "居民反映小区南门通道狭窄,出行不便。",
    "社区党委摸排走访,收集居民诉求。",
    "经党员群众代表讨论票决,确定实施方案。",
    "项目使用党组织为民服务专项经费。",
    "改造后通道由约50厘米拓宽至120厘米。",
    "活动吸引了400余名居民参与。",
    "共建单位派出10余名医护人员。",
    "垃圾房改造为再生资源回收点,每天有专人值守。",
    "破损的塑胶场地焕然一新,增设了座椅和垃圾桶。",
)  # fmt: skip
PUBLISHERS: Final = ("苏州日报", "姑苏晚报", "引力播", "名城苏州", "相城发布", "苏州新闻网")
OUTCOMES: Final = (
    "塑胶场地翻新", "通道拓宽", "新增座椅", "新增回收点", "安装智能门禁", "铺设石子路",
)  # fmt: skip
DECISION_OUTCOMES: Final = ("确定首批方案", "票决通过", "同意立项", "暂缓实施")
POSITIONS: Final = (
    "社区党委书记", "社区党总支书记", "居委会主任", "网格员", "志愿者", "记者", "主治医师",
    "律师", "物业经理",
)  # fmt: skip
COMPOUND_STEMS: Final = ("虎池苑", "清嘉苑", "南亚花园", "水韵花都", "峰汇园", "元和佳苑", "阳光")


def project_name(c: Choices) -> str:
    """口袋公园, 舍得空间, sometimes led by the place: 新城口袋公园."""
    name = c.pick(PROJECT_NAMES)
    return community_stem(c) + name if c.boolean() else name


def venue(c: Choices) -> str:
    """党群服务中心, 新城社区党群服务中心."""
    return community_stem(c) + "社区党群服务中心" if c.boolean() else c.pick(VENUES)


def description(c: Choices) -> str:
    """One to three sentences of a report."""
    return "".join(c.pick(SENTENCES) for _ in range(c.integer(1, 3)))


def compound_name(c: Choices) -> str:
    """虎池苑小区, 新城花园."""
    if not c.boolean():
        return c.pick(COMPOUND_STEMS) + "小区"
    return community_stem(c) + c.pick(("小区", "花园", "苑", "新村"))


def address(c: Choices) -> str:
    """虎池苑4幢402室."""
    return f"{c.pick(COMPOUND_STEMS)}{c.integer(1, 40)}幢{c.integer(1, 26)}0{c.integer(1, 4)}室"


_HEADLINES: Final = (
    "打造和谐邻里“熟人社会”",
    "小切口撬动大民生",
    "微改造托起居民幸福感",
    "党建引领基层治理",
    "“家门口”的为民服务",
    "结对共建激活治理新动能",
)
_KNOWN_HEADLINES: Final = ("吴门桥街道:打造和谐邻里“熟人社会”", "白洋湾街道:小切口撬动大民生")


def headline(c: Choices) -> str:
    """吴门桥街道:打造和谐邻里“熟人社会”."""
    if not c.boolean():
        return c.pick(_KNOWN_HEADLINES)
    return f"{street_name(c, c.pick(tuple(StreetKind)))}:{c.pick(_HEADLINES)}"


#: Hosts a report leaves unnamed: a Party organisation of units it does not list.
UNNAMED_HOSTS: Final = ("非公企业联合", "商务楼宇联合", "新就业群体", "两新组织联合")


def list_name(c: Choices, kind: ListKind) -> str:
    """新城社区居民需求清单, 吴门桥街道2023年度项目清单."""
    if not c.boolean():
        return community_stem(c) + "社区居民" + kind.label
    year = f"{c.integer(2018, 2025)}年度" if c.boolean() else ""
    return street_name(c, StreetKind.SUBDISTRICT) + year + kind.label


#: What lists hold: residents' needs, units' resources, projects.
_LIST_ITEMS: Final = {
    ListKind.NEEDS: (
        "楼道照明维修", "增设休闲座椅", "老年助餐服务", "儿童阅读角", "加装电梯", "小区围墙修缮",
        "无障碍坡道", "非机动车充电桩", "健身器材更新", "垃圾分类亭改造",
    ),
    ListKind.RESOURCES: (
        "法律咨询服务", "义诊服务", "活动场地", "志愿者服务", "图书捐赠", "技能培训", "理发服务",
    ),
    ListKind.PROJECTS: PROJECT_NAMES,
}  # fmt: skip


def list_item_title(c: Choices, kind: ListKind) -> str:
    """楼道照明维修, 法律咨询服务, 口袋公园: an item as its kind of list holds it."""
    return c.pick(_LIST_ITEMS[kind])


ADOPTION_NOTES: Final = ("认领后由单位出资实施", "捐赠图书200册", "每月派员志愿服务", "提供场地")

ID_PREFIX: Final = {
    RecordKind.STREET: "street",
    RecordKind.COMMUNITY: "community",
    RecordKind.PARTY_BRANCH: "branch",
    RecordKind.ORGANISATION: "org",
    RecordKind.PERSON: "person",
    RecordKind.PARTNERSHIP: "partnership",
    RecordKind.SERVICE_PROJECT: "project",
    RecordKind.ACTIVITY: "activity",
    RecordKind.SERVICE_LIST: "list",
    RecordKind.LIST_ITEM: "item",
    RecordKind.ADOPTION: "adoption",
}
_SLUGS: Final = (
    "wumenqiao", "baiyangwan", "beiqiao", "yuanhe", "wangting", "xincheng", "dalong",
    "lvse-shiguang", "guoyuan", "shengnan", "loubei", "hemei", "qingjiayuan", "jingshi", "caohu",
)  # fmt: skip


_SLUG_CHARACTERS: Final = "abcdefghijklmnopqrstuvwxyz0123456789-"


def record_id(c: Choices, kind: RecordKind) -> str:
    """``street:wumenqiao``, ``org:caohu-2``: the kind's prefix and a slug."""
    slug = c.characters(_SLUG_CHARACTERS, 1, 12) if c.boolean() else c.pick(_SLUGS)
    return f"{ID_PREFIX[kind]}:{slug}"


def numbered_id(kind: RecordKind, number: int) -> str:
    """``street:1``: unique by its number within a dataset."""
    return f"{ID_PREFIX[kind]}:{number}"
