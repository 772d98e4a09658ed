"""The texts an agency's 政府信息公开指南 shows where the agency has written none of its own, and the list of
法定主动公开内容 (条例 第二十条). The figures come from their homes: the fee tariffs from :mod:`gongkai.fees`,
the time limits of the remedies from :class:`gongkai.workflow.legal.Remedies`."""

from __future__ import annotations

from gongkai.fees import item_unit_price, page_unit_price
from gongkai.workflow.clock import MAX_EXTENSION, REPLY_PERIOD
from gongkai.workflow.legal import Remedies

#: 条例 第二十条: what every agency must publish of its own accord (fifteen items, as the article lists them).
STATUTORY_PROACTIVE: tuple[str, ...] = (
    "行政法规、规章和规范性文件",
    "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名",
    "国民经济和社会发展规划、专项规划、区域规划及相关政策",
    "国民经济和社会发展统计信息",
    "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果",
    "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定",
    "财政预算、决算信息",
    "行政事业性收费项目及其依据、标准",
    "政府集中采购项目的目录、标准及实施情况",
    "重大建设项目的批准和实施情况",
    "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
    "突发公共事件的应急预案、预警信息及应对情况",
    "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况",
    "公务员招考的职位、名额、报考条件等事项以及录用结果",
    "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息",
)
#: The catalogue column (national category code) where each item of 第二十条 is published, where there is one.
STATUTORY_COLUMNS: dict[int, str] = {
    0: "zcwj",
    1: "jgzn",
    2: "ghjh",
    5: "xzzf",
    6: "czzj",
    8: "zfcg",
    13: "rsxx",
}
#: The Chinese numerals of the article's items (（一） … （十五）).
_NUMERALS = "一二三四五六七八九十"


def item_number(index: int) -> str:
    """「（三）」 for the third item (0-based ``index`` 2)."""
    n = index + 1
    if n <= 10:
        return f"（{_NUMERALS[n - 1]}）"
    return f"（十{_NUMERALS[n - 11]}）"


def _free_up_to(price: object) -> int:
    n = 1
    while price(n + 1) == 0:  # type: ignore[operator]
        n += 1
    return n


def default_how_to_apply(agency_name: str) -> str:
    return (
        f"公民、法人或者其他组织向{agency_name}申请获取政府信息的，可以通过本网站在线提交申请，也可以采用信函、"
        "传真等书面形式提出申请；采用书面形式确有困难的，可以口头提出，由受理机构代为填写申请。"
        "申请内容应当包括：申请人的姓名或者名称、身份证明、联系方式；申请公开的政府信息的名称、文号或者便于查询的"
        "其他特征性描述；申请公开的政府信息的形式要求，包括获取信息的方式、途径（条例 第二十九条）。"
        f"行政机关收到申请后，能够当场答复的当场答复；不能当场答复的，自收到申请之日起{REPLY_PERIOD}个工作日内予以"
        f"答复；需要延长答复期限的，经负责人同意并告知申请人，延长的期限最长不得超过{MAX_EXTENSION}个工作日"
        "（条例 第三十三条）。"
    )


def default_fees() -> str:
    items, pages = _free_up_to(item_unit_price), _free_up_to(page_unit_price)
    return (
        "行政机关依申请提供政府信息，不收取费用。但是，申请人申请公开政府信息的数量、频次明显超过合理范围的，"
        "行政机关可以收取信息处理费（条例 第四十二条；《政府信息公开信息处理费管理办法》，国办函〔2020〕109号）："
        f"按件计收的，同一申请人一个自然月内累计申请{items}件以内（含）不收费，第{items + 1}件起按"
        f"{item_unit_price(items + 1)}元/件起分档累进计收；按量计收的，同一申请{pages}页以内（含）不收费，"
        f"第{pages + 1}页起按{page_unit_price(pages + 1)}元/页起分档累进计收。"
    )


def default_remedies(review_body: str) -> str:
    r = Remedies(reconsideration_first=False)
    body = review_body or "本机关的上一级行政机关或者本级人民政府"
    return (
        "公民、法人或者其他组织认为行政机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息"
        "公开工作主管部门投诉、举报（条例 第五十一条）；也可以依法申请行政复议或者提起行政诉讼："
        f"自知道该行为之日起{r.reconsideration_days}日内向{body}申请行政复议，或者自知道或者应当知道该行为之日起"
        f"{r.litigation_months}个月内向人民法院提起行政诉讼。"
    )
