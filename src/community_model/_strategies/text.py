"""Text as the records hold it: Chinese names built from real patterns, and adversarial text.

Every text strategy here draws a realistic value first (so failures shrink to names a reader
knows: 新城社区, 京师(苏州)律师事务所, 王海) and sometimes text at the edges the validators allow:
rare and astral characters, combining marks, inner line breaks, the exact maximum length. Text
is generated already stripped and in NFC, so the model stores what was drawn.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable
from typing import Final

from hypothesis import strategies as st

from community_model._strategies.draws import ONE_IN_FIVE, pick
from community_model._vocab import (
    ActivityCategory,
    BranchLevel,
    CommunityKind,
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

# -- text strategies ------------------------------------------------------------------------------

#: Characters a validated text field accepts: no control characters, surrogates or unassigned
#: code points (a consumer with another Unicode version could normalise those differently).
_TEXT_CHARACTERS: Final = st.characters(exclude_categories=("Cc", "Cs", "Cn"))
_LINE_CHARACTERS: Final = st.characters(
    exclude_categories=("Cc", "Cs", "Cn"), include_characters="\n"
)
#: An id is free of white space; every white space character is in Cc, Zs, Zl or Zp.
_ID_CHARACTERS: Final = st.characters(exclude_categories=("Cc", "Cs", "Cn", "Zs", "Zl", "Zp"))
#: Characters repeated to fill a field to its exact maximum length: CJK, an astral CJK
#: ideograph (two UTF-16 units, four UTF-8 bytes), Latin with a composed accent.
_FILLERS: Final = ("字", "a", "\U00020000", "é", "〇")


def tidy(text: str, max_len: int, fallback: str = "某") -> str:
    """``text`` as the model stores it (stripped, NFC), at most ``max_len`` characters.

    Repeats to a fixed point: cutting to length can end on white space, and NFC may change
    length, so one pass is not always enough. A deterministic repair, never a filter.
    """
    for _ in range(8):
        cleaned = unicodedata.normalize("NFC", text.strip())[:max_len]
        if cleaned == text:
            break
        text = cleaned
    else:  # pragma: no cover - no known text needs more than three passes
        return fallback
    return text or fallback


@st.composite
def mostly(draw: st.DrawFn, usual: st.SearchStrategy[str], unusual: st.SearchStrategy[str]) -> str:
    """The usual value four times in five; shrinks to the usual one."""
    if draw(ONE_IN_FIVE) == 4:
        return draw(unusual)
    return draw(usual)


@functools.lru_cache(maxsize=64)
def free_text(max_len: int, *, lines: bool = False) -> st.SearchStrategy[str]:
    """Adversarial text the validators allow: any assigned characters, or exactly ``max_len``."""
    alphabet = _LINE_CHARACTERS if lines else _TEXT_CHARACTERS
    return mostly(
        st.text(alphabet, min_size=1, max_size=min(max_len, 40)).map(
            lambda text: tidy(text, max_len)
        ),
        st.sampled_from(_FILLERS).map(lambda char: char * max_len),
    )


def text_field(
    realistic: st.SearchStrategy[str], max_len: int, *, lines: bool = False
) -> st.SearchStrategy[str]:
    """A realistic value, sometimes adversarial text within ``max_len``."""
    return mostly(realistic.map(lambda text: tidy(text, max_len)), free_text(max_len, lines=lines))


def _stem(real: tuple[str, ...]) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(real), st.text(PLACE_CHARACTERS, min_size=2, max_size=3))


street_stems: Final = _stem(STREET_STEMS)
community_stems: Final = _stem(COMMUNITY_STEMS)
village_stems: Final = _stem(VILLAGE_STEMS)

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


def known_first(known: Iterable[str], more: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A known real value, or one built from real parts.

    A known value is one choice, fewer than any adversarial text takes, so hypothesis (which
    shrinks towards fewer, smaller choices) shrinks a realistic field to a real name.
    """
    return st.one_of(st.sampled_from(tuple(known)), more)


def _joined(
    heads: Iterable[str] | st.SearchStrategy[str], tails: Iterable[str]
) -> st.SearchStrategy[str]:
    head = heads if isinstance(heads, st.SearchStrategy) else st.sampled_from(tuple(heads))
    return st.builds(str.__add__, head, st.sampled_from(tuple(tails)))


@functools.cache
def street_names(kind: StreetKind) -> st.SearchStrategy[str]:
    """吴门桥街道, 望亭镇, 光福乡, 漕湖经济开发区."""
    suffixes = _STREET_SUFFIX[kind]
    known = [stem + suffix for suffix in suffixes for stem in STREET_STEMS]
    return known_first(known, _joined(street_stems, suffixes))


@functools.cache
def community_names(kind: CommunityKind) -> st.SearchStrategy[str]:
    """新城社区, 冯梦龙村, 东湖生活区."""
    real = VILLAGE_STEMS if kind is CommunityKind.VILLAGE_COMMITTEE else COMMUNITY_STEMS
    stems = village_stems if kind is CommunityKind.VILLAGE_COMMITTEE else community_stems
    suffixes = _COMMUNITY_SUFFIX[kind]
    known = [stem + suffix for suffix in suffixes for stem in real]
    return known_first(known, _joined(stems, suffixes))


@functools.lru_cache(maxsize=256)
def name_field(names: st.SearchStrategy[str], max_len: int = 100) -> st.SearchStrategy[str]:
    """``text_field`` of a named strategy, built once."""
    return text_field(names, max_len)


def branch_name(host_name: str, level: BranchLevel) -> str:
    """新城社区党委, 京师(苏州)律师事务所党支部: the host's name, then the level."""
    return host_name[: 100 - len(level.label)] + level.label


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


_PLACES: Final = st.one_of(street_stems, st.sampled_from([region[2] for region in REGIONS]))
_GIVEN_NAMES: Final = st.text(GIVEN_CHARACTERS, min_size=1, max_size=2)
_BRAND_STEMS: Final = st.text(PLACE_CHARACTERS, min_size=2, max_size=2)


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


@functools.cache
def organisation_names(kind: OrganisationKind) -> st.SearchStrategy[str]:
    """Names as partner units write them, brackets full-width or half-width."""
    return known_first(_KNOWN_UNITS[kind], _organisation_names(kind))


@st.composite
def _organisation_names(draw: st.DrawFn, kind: OrganisationKind) -> str:
    city = pick(draw, _CITIES)
    units: tuple[str, ...]
    match kind:
        case OrganisationKind.LAW_FIRM:
            opening, closing = pick(draw, (("(", ")"), ("（", "）")))
            return f"{pick(draw, _LAW_FIRM_BRANDS)}{opening}{city}{closing}律师事务所"
        case OrganisationKind.COMPANY:
            ending = pick(draw, ("有限公司", "股份有限公司", "集团有限公司"))
            return city + pick(draw, _COMPANY_WORDS) + ending
        case OrganisationKind.PUBLIC_AGENCY:
            return city + "市" + pick(draw, _AGENCIES)
        case OrganisationKind.PROPERTY_MANAGEMENT:
            ending = pick(draw, ("物业管理有限公司", "物业服务有限公司"))
            return city + draw(community_stems) + ending
        case OrganisationKind.HOSPITAL:
            units = _HOSPITALS
        case OrganisationKind.SOCIAL_ORGANISATION:
            units = _SOCIAL
        case OrganisationKind.SCHOOL:
            units = _SCHOOLS
        case _:
            units = _OTHER_UNITS
    return draw(_PLACES) + pick(draw, units)


@st.composite
def _person_names(draw: st.DrawFn) -> str:
    surname = pick(draw, SURNAMES)
    if draw(ONE_IN_FIVE) == 4:
        return surname + pick(draw, ("女士", "先生", "阿姨", "师傅"))
    return surname + draw(_GIVEN_NAMES)


#: People the source page names: secretaries, residents, reporters.
KNOWN_PEOPLE: Final = ("成丽君", "王海", "姚女士", "周福珍", "许向前", "高福妹", "徐晓安", "高达")
#: 成丽君, 王海, 姚女士: a surname, then a given name or a polite form.
person_names: Final = known_first(KNOWN_PEOPLE, _person_names())


_BRANDS: Final = ("五心党建,同心同行", "海棠先锋", "红色管家", "邻里同心", "先锋大篷车", "红色驿站")


#: Party-building brands (党建品牌): 海棠先锋, "五心党建,同心同行".
brand_names: Final = known_first(
    _BRANDS, _joined(_BRAND_STEMS, ("先锋", "红管家", "同心圆", "暖心驿站"))
)


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


@functools.cache
def activity_titles(category: ActivityCategory) -> st.SearchStrategy[str]:
    """海棠集市, 高压氧健康知识讲座, sometimes led by the place: 新城社区家长夜话."""
    places = community_stems.map(lambda stem: stem + "社区")
    return known_first(
        _TOPICS[category], st.builds(str.__add__, places, st.sampled_from(_TOPICS[category]))
    )


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

ID_PREFIX: Final = {
    RecordKind.STREET: "street",
    RecordKind.COMMUNITY: "community",
    RecordKind.PARTY_BRANCH: "branch",
    RecordKind.ORGANISATION: "org",
    RecordKind.PERSON: "person",
    RecordKind.PARTNERSHIP: "partnership",
    RecordKind.SERVICE_PROJECT: "project",
    RecordKind.ACTIVITY: "activity",
}
_SLUGS: Final = (
    "wumenqiao", "baiyangwan", "beiqiao", "yuanhe", "wangting", "xincheng", "dalong",
    "lvse-shiguang", "guoyuan", "shengnan", "loubei", "hemei", "qingjiayuan", "jingshi", "caohu",
)  # fmt: skip


@functools.lru_cache(maxsize=64)
def adversarial_ids(max_len: int = 128) -> st.SearchStrategy[str]:
    """Ids the model allows: any characters but white space, up to the exact maximum length."""
    return mostly(
        st.text(_ID_CHARACTERS, min_size=1, max_size=min(max_len, 40)),
        st.sampled_from(_FILLERS).map(lambda char: char * max_len),
    )


_PREFIXES: Final = tuple(ID_PREFIX.values())
_SLUG_STRATEGY: Final = st.one_of(
    st.sampled_from(_SLUGS),
    st.text("abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=12),
)


@functools.cache
def record_ids(kind: RecordKind | None = None) -> st.SearchStrategy[str]:
    """``street:wumenqiao``, ``org:caohu-2``, sometimes any id the model allows."""
    return _record_ids(kind)


@st.composite
def _record_ids(draw: st.DrawFn, kind: RecordKind | None) -> str:
    if draw(ONE_IN_FIVE) == 4:
        return draw(adversarial_ids())
    prefix = ID_PREFIX[kind] if kind is not None else pick(draw, _PREFIXES)
    return f"{prefix}:{draw(_SLUG_STRATEGY)}"


def draw_dataset_id(draw: st.DrawFn, kind: RecordKind, index: int) -> str:
    """``street:1``, unique by its number; sometimes with an adversarial tail after a ``-``."""
    head = f"{ID_PREFIX[kind]}:{index}"
    if draw(ONE_IN_FIVE) == 4:
        return f"{head}-{draw(adversarial_ids(127 - len(head)))}"
    return head
