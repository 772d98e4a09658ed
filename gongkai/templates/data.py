"""The two national templates as data: the only place the Chinese labels of the report live.

Source: 国办公开办函〔2019〕60号 (template ``2019``, reports on 2019 and 2020) and 国办公开办函〔2021〕30号
(template ``2021``, reports on 2021 onward), cell by cell as those two notices print them.
"""

from __future__ import annotations

from gongkai.templates.schema import (
    AppealBlock,
    AppealsTable,
    ApplicationsTable,
    Column,
    Part,
    ProactiveGroup,
    Row,
    Template,
)

PARTS = (
    Part(key="overview", number="一", title="总体情况"),
    Part(key="proactive", number="二", title="主动公开政府信息情况"),
    Part(key="applications", number="三", title="收到和处理政府信息公开申请情况"),
    Part(
        key="appeals",
        number="四",
        title="政府信息公开行政复议、行政诉讼情况",
        aliases=(
            "因政府信息公开申请提起行政复议、行政诉讼情况",
            "因政府信息公开申请行政复议、提起行政诉讼的情况",
            "政府信息公开行政复议、行政诉讼",
        ),
    ),
    Part(
        key="problems",
        number="五",
        title="存在的主要问题及改进情况",
        aliases=("政府信息公开工作存在的主要问题及改进情况",),
    ),
    Part(key="other", number="六", title="其他需要报告的事项"),
)

#: The six parts in order; prose parts are overview, problems, other.
PROSE_PARTS = ("overview", "problems", "other")

_ART = "第二十条"

# --- part 二, template 2019 -------------------------------------------------------------------------

_MADE = (
    Column(key="made", label="本年新制作数量"),
    Column(key="published", label="本年新公开数量"),
    Column(key="total_published", label="对外公开总数量"),
)
_PROJECTS = (
    Column(key="previous", label="上一年项目数量"),
    Column(key="change", label="本年增/减", kind="change"),
    Column(key="decisions", label="处理决定数量"),
)

_PROACTIVE_2019 = (
    ProactiveGroup(
        heading=f"{_ART}第（一）项",
        columns=_MADE,
        rows=(
            Row(key="regulations", label="规章"),
            Row(key="normative_documents", label="规范性文件", aliases=("行政规范性文件",)),
        ),
    ),
    ProactiveGroup(
        heading=f"{_ART}第（五）项",
        columns=_PROJECTS,
        rows=(
            Row(key="licensing", label="行政许可"),
            Row(key="other_services", label="其他对外管理服务事项"),
        ),
    ),
    ProactiveGroup(
        heading=f"{_ART}第（六）项",
        columns=_PROJECTS,
        rows=(Row(key="penalty", label="行政处罚"), Row(key="enforcement", label="行政强制")),
    ),
    ProactiveGroup(
        heading=f"{_ART}第（八）项",
        columns=_PROJECTS[:2],
        rows=(Row(key="fees", label="行政事业性收费"),),
    ),
    ProactiveGroup(
        heading=f"{_ART}第（九）项",
        columns=(
            Column(key="count", label="采购项目数量"),
            Column(key="amount", label="采购总金额", kind="amount"),
        ),
        rows=(Row(key="procurement", label="政府集中采购"),),
    ),
)

# --- part 二, template 2021 -------------------------------------------------------------------------

_ISSUED = (
    Column(key="issued", label="本年制发件数"),
    Column(key="repealed", label="本年废止件数"),
    Column(key="in_force", label="现行有效件数"),
)
_DECISIONS = (Column(key="decisions", label="本年处理决定数量"),)

_PROACTIVE_2021 = (
    ProactiveGroup(
        heading=f"{_ART}第（一）项",
        columns=_ISSUED,
        rows=(
            Row(key="regulations", label="规章"),
            Row(key="normative_documents", label="行政规范性文件", aliases=("规范性文件",)),
        ),
    ),
    ProactiveGroup(
        heading=f"{_ART}第（五）项",
        columns=_DECISIONS,
        rows=(Row(key="licensing", label="行政许可"),),
    ),
    ProactiveGroup(
        heading=f"{_ART}第（六）项",
        columns=_DECISIONS,
        rows=(Row(key="penalty", label="行政处罚"), Row(key="enforcement", label="行政强制")),
    ),
    ProactiveGroup(
        heading=f"{_ART}第（八）项",
        columns=(Column(key="amount", label="本年收费金额（单位：万元）", kind="amount"),),
        rows=(Row(key="fees", label="行政事业性收费"),),
    ),
)

# --- part 三 --------------------------------------------------------------------------------------

_APPLICANT_COLUMNS = (
    Column(key="natural_person", label="自然人"),
    Column(key="commercial", label="商业企业"),
    Column(key="research", label="科研机构"),
    Column(key="nonprofit", label="社会公益组织"),
    Column(key="legal_services", label="法律服务机构"),
    Column(key="other_org", label="其他"),
    Column(key="total", label="总计"),
)

_RESULTS = "三、本年度办理结果"
_WITHHELD = (_RESULTS, "（三）不予公开")
_UNAVAILABLE = (_RESULTS, "（四）无法提供")
_NOT_PROCESSED = (_RESULTS, "（五）不予处理")
_OTHER = (_RESULTS, "（六）其他处理")

_ROWS_HEAD = (
    Row(key="new", number="一、", label="本年新收政府信息公开申请数量"),
    Row(key="carried_over", number="二、", label="上年结转政府信息公开申请数量"),
    Row(key="granted", number="（一）", label="予以公开", group=(_RESULTS,)),
    Row(
        key="partially_granted",
        number="（二）",
        label="部分公开（区分处理的，只计这一情形，不计其他情形）",
        group=(_RESULTS,),
    ),
    Row(key="withheld.state_secret", number="1.", label="属于国家秘密", group=_WITHHELD),
    Row(key="withheld.prohibited_by_law", number="2.", label="其他法律行政法规禁止公开", group=_WITHHELD),
    Row(key="withheld.security_stability", number="3.", label="危及“三安全一稳定”", group=_WITHHELD),
    Row(key="withheld.third_party_rights", number="4.", label="保护第三方合法权益", group=_WITHHELD),
    Row(key="withheld.internal_affairs", number="5.", label="属于三类内部事务信息", group=_WITHHELD),
    Row(key="withheld.process_information", number="6.", label="属于四类过程性信息", group=_WITHHELD),
    Row(key="withheld.enforcement_records", number="7.", label="属于行政执法案卷", group=_WITHHELD),
    Row(key="withheld.query_matters", number="8.", label="属于行政查询事项", group=_WITHHELD),
    Row(key="unavailable.not_held", number="1.", label="本机关不掌握相关政府信息", group=_UNAVAILABLE),
    Row(key="unavailable.needs_creation", number="2.", label="没有现成信息需要另行制作", group=_UNAVAILABLE),
    Row(key="unavailable.still_unclear", number="3.", label="补正后申请内容仍不明确", group=_UNAVAILABLE),
    Row(key="not_processed.petition", number="1.", label="信访举报投诉类申请", group=_NOT_PROCESSED),
    Row(key="not_processed.duplicate", number="2.", label="重复申请", group=_NOT_PROCESSED),
    Row(key="not_processed.publication", number="3.", label="要求提供公开出版物", group=_NOT_PROCESSED),
    Row(key="not_processed.excessive", number="4.", label="无正当理由大量反复申请", group=_NOT_PROCESSED),
    Row(
        key="not_processed.confirmation",
        number="5.",
        label="要求行政机关确认或重新出具已获取信息",
        group=_NOT_PROCESSED,
    ),
)
_ROWS_TAIL = (
    Row(key="results_total", number="（七）", label="总计", group=(_RESULTS,)),
    Row(key="carried_forward", number="四、", label="结转下年度继续办理"),
)

_OTHER_2019 = (Row(key="other", number="（六）", label="其他处理", group=(_RESULTS,)),)
_OTHER_2021 = (
    Row(
        key="other.no_correction",
        number="1.",
        label="申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        group=_OTHER,
    ),
    Row(
        key="other.unpaid_fee",
        number="2.",
        label="申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        group=_OTHER,
    ),
    Row(key="other.misc", number="3.", label="其他", group=_OTHER),
)


def _applications(other_rows: tuple[Row, ...]) -> ApplicationsTable:
    rows = _ROWS_HEAD + other_rows + _ROWS_TAIL
    return ApplicationsTable(
        note="（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        header="申请人情况",
        org_group="法人或其他组织",
        columns=_APPLICANT_COLUMNS,
        rows=rows,
        result_rows=tuple(r.key for r in rows[2:-2]),
    )


# --- part 四 --------------------------------------------------------------------------------------

_APPEALS = AppealsTable(
    blocks=(
        AppealBlock(key="reconsideration", label="行政复议"),
        AppealBlock(key="litigation_direct", label="未经复议直接起诉", group="行政诉讼"),
        AppealBlock(key="litigation_after_review", label="复议后起诉", group="行政诉讼"),
    ),
    columns=(
        Column(key="upheld", label="结果维持"),
        Column(key="corrected", label="结果纠正"),
        Column(key="other", label="其他结果"),
        Column(key="pending", label="尚未审结"),
        Column(key="total", label="总计"),
    ),
    litigation_label="行政诉讼",
)

TEMPLATE_2019 = Template(
    id="2019",
    issued_by="国办公开办函〔2019〕60号",
    title="政府信息公开工作年度报告",
    first_year=2019,
    last_year=2020,
    parts=PARTS,
    proactive=_PROACTIVE_2019,
    applications=_applications(_OTHER_2019),
    appeals=_APPEALS,
)

TEMPLATE_2021 = Template(
    id="2021",
    issued_by="国办公开办函〔2021〕30号",
    title="政府信息公开工作年度报告",
    first_year=2021,
    last_year=None,
    parts=PARTS,
    proactive=_PROACTIVE_2021,
    applications=_applications(_OTHER_2021),
    appeals=_APPEALS,
)
