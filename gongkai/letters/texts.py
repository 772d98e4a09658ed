"""The text of every letter, as data: titles, paragraphs per kind, the decision of each reply, the remedies.

Templates are ``str.format`` strings; :mod:`gongkai.letters.compose` fills them from the case. Each sentence
ends in exactly one 。 (the placeholders are filled with clauses stripped of their final punctuation). The
articles cited come from :mod:`gongkai.workflow.legal` (``{citation}``), never from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from gongkai.workflow.legal import WITHHELD_GROUND, Ground, Variant
from gongkai.workflow.outcomes import Outcome


class LetterKind(StrEnum):
    """The documents issued on an application."""

    RECEIPT = "receipt"
    CORRECTION = "correction"
    EXTENSION = "extension"
    #: 征求第三方意见书 (art. 32), to a third party whose rights disclosure may harm.
    CONSULTATION = "consultation"
    #: 征求意见函 (art. 34), to another administrative organ that made the information jointly.
    CONSULTATION_AGENCY = "consultation_agency"
    FEE = "fee"
    ANSWER = "answer"
    TERMINATION = "termination"


#: Each kind's official title (the letter prints the Chinese) and its English name (for pages in English).
LETTER_TITLES: Mapping[LetterKind, tuple[str, str]] = MappingProxyType(
    {
        LetterKind.RECEIPT: (
            "政府信息公开申请受理回执",
            "Receipt of an application for government information",
        ),
        LetterKind.CORRECTION: (
            "政府信息公开申请补正告知书",
            "Notice to correct an application for government information",
        ),
        LetterKind.EXTENSION: (
            "政府信息公开申请延期答复告知书",
            "Notice of extension of the reply to an application for government information",
        ),
        LetterKind.CONSULTATION: (
            "政府信息公开征求第三方意见书",
            "Consultation of a third party on disclosure of government information",
        ),
        LetterKind.CONSULTATION_AGENCY: (
            "政府信息公开征求意见函",
            "Consultation of another agency on disclosure of government information",
        ),
        LetterKind.FEE: ("信息处理费收费通知书", "Notice of information processing fee"),
        LetterKind.ANSWER: (
            "政府信息公开申请答复告知书",
            "Reply to an application for government information",
        ),
        LetterKind.TERMINATION: (
            "政府信息公开申请终止处理告知书",
            "Notice of termination of an application for government information",
        ),
    }
)

#: The kinds sent to someone other than the applicant: they never carry the 查询码 or the applicant's data.
TO_OTHERS = frozenset({LetterKind.CONSULTATION, LetterKind.CONSULTATION_AGENCY})

#: Kinds that decide the application: they state the remedies (procedural notices do not, 法释〔2011〕17号 第二条).
FINAL = frozenset({LetterKind.ANSWER, LetterKind.TERMINATION})

#: The 文号: the 机关代字, 依申 (application documents), the year of receipt, the case and the letter.
NUMBER = "{prefix}依申〔{year}〕{case}-{seq}号"

# --- paragraphs ----------------------------------------------------------------------------------------

OPENING = (
    "本机关于{received}收到您提交的政府信息公开申请（申请编号：{case_number}；提交方式：{channel}），"
    "申请获取：{description}。"
)
NOTE = "（申请编号：{case_number}；查询码：{query_code}。凭查询码可在本机关政府信息公开网站查询办理进度。）"

RECEIPT = (
    "本机关于{received}收到您提交的政府信息公开申请，现予受理。申请编号：{case_number}；提交方式：{channel}。",
    "收到申请之日的确定：{receipt_rule}。",
    "您申请获取的政府信息：{description}。",
    "您要求的政府信息形式：{form}；获取方式：{delivery}。",
)
RECEIPT_DUE = "依据{regulation}第三十三条第二款，本机关将于{due}前作出答复。"
#: When the calendar does not reach the due date yet: the period in the article's words, never a dash.
RECEIPT_DUE_IN_WORDS = (
    "依据{regulation}第三十三条第二款，本机关将自收到申请之日起{period}个工作日内作出答复。"
)
RECEIPT_AFTER = (
    "需要您补正申请、征求第三方或者其他机关意见、延长答复期限的，本机关将依法另行书面告知；"
    "征求意见所需时间不计算在答复期限内。",
    "请妥善保管下方查询码，凭查询码可在本机关政府信息公开网站查询办理进度。",
)

CORRECTION = (
    "经审查，您的申请内容不明确，本机关无法据此确定您所申请的政府信息。依据{regulation}第三十条，"
    "现一次性告知您对申请作出补正。需要补正的事项：{points}。",
    "请您于{correction_due}前向本机关提交补正后的申请。补正时，请写明所申请政府信息的名称、文号"
    "或者便于本机关查询的其他特征性描述。",
    "答复期限自本机关收到补正后的申请之日起计算。您无正当理由逾期不补正的，视为放弃申请，"
    "本机关不再处理该政府信息公开申请。",
)

EXTENSION = (
    "{because}本机关不能在{regulation}第三十三条第二款规定的期限内作出答复。经本机关政府信息公开工作机构负责人同意，"
    "答复期限延长{days}个工作日，延长后的答复期限届满日为{due}。"
)
#: While a consultation stops the clock, the new last day is not known yet (art. 33③).
EXTENSION_WHILE_CONSULTING = (
    "{because}本机关不能在{regulation}第三十三条第二款规定的期限内作出答复。经本机关政府信息公开工作机构负责人同意，"
    "答复期限延长{days}个工作日。本机关正在征求意见，征求意见所需时间不计算在答复期限内"
    "（{regulation}第三十三条第三款），延长后的答复期限届满日自征求意见结束之日起相应顺延。"
)
BECAUSE = "因{reason}，"

CONSULTATION = (
    "本机关收到一件政府信息公开申请，申请公开的政府信息为：{information}。",
    "经审查，该政府信息{reason}，公开可能损害您（单位）的合法权益。依据{regulation}第三十二条，"
    "现书面征求您（单位）的意见。",
    "请您（单位）自收到本意见书之日起{period}个工作日内，向本机关书面提出是否同意公开的意见；"
    "不同意公开的，请说明理由。",
    "逾期未提出意见的，不视为同意公开，由本机关依照{regulation}的规定决定是否公开。您（单位）不同意公开且有合理理由的，"
    "本机关不予公开；本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，"
    "并将决定公开的政府信息内容和理由书面告知您（单位）。",
)
CONSULTATION_REASON = "涉及您（单位）的商业秘密、个人隐私等内容"

CONSULTATION_AGENCY = (
    "本机关收到一件政府信息公开申请，申请公开的政府信息为：{information}。该政府信息由本机关与贵机关共同制作。",
    "依据{regulation}第三十四条，现征求贵机关意见。请贵机关自收到本函之日起{period}个工作日内，"
    "向本机关书面提出是否同意公开的意见；不同意公开的，请说明理由和依据。逾期未提出意见的，视为同意公开。",
    "请予函复。",
)

FEE = (
    "因您申请公开政府信息的数量、频次明显超过合理范围，依据{citation}，本机关决定收取信息处理费。"
    "计收方式及金额如下："
)
FEE_AFTER = (
    "请您于{payment_due}前缴纳信息处理费。缴费方式：{how_to_pay}。",
    "逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。",
)

CLOSING = "特此告知。"
#: Where the seal goes, above the signature.
SEAL = "（印章）"


@dataclass(frozen=True, slots=True)
class Reply:
    """The decision paragraph of a reply, and how the officer's reasons are introduced.

    ``decision`` may name ``{citation}``, ``{form}``, ``{delivery}``, ``{withheld}``, ``{ground}`` and the
    case's dates; ``explain`` introduces the reasons paragraph; ``required``: the letter is refused without
    reasons, because ``article`` (when given) demands them or the decision says nothing without them.
    """

    decision: str
    explain: str = "说明：{reasons}。"
    required: bool = False
    article: str = ""


#: The decision of each reply: by outcome, or by variant where the officer chose the row's other reply item.
REPLIES: Mapping[Outcome | Variant, Reply] = MappingProxyType(
    {
        Outcome.GRANTED: Reply(
            "经审查，您申请获取的政府信息属于可以公开的政府信息。依据{citation}的规定，本机关决定予以公开，"
            "按照您要求的{form}形式，通过{delivery}方式向您提供。"
        ),
        Variant.ALREADY_PUBLISHED: Reply(
            "经审查，您申请获取的政府信息本机关已经主动公开。依据{citation}的规定，现告知您获取该政府信息的方式、途径。",
            "获取方式、途径：{reasons}。",
            required=True,
            article="第三十六条第（一）项",
        ),
        Outcome.PARTIALLY_GRANTED: Reply(
            "经审查，您申请获取的信息中含有不应当公开或者不属于政府信息的内容，但是能够作区分处理。"
            "依据{citation}的规定，本机关向您提供可以公开的政府信息内容（按照您要求的{form}形式，通过{delivery}方式提供）；"
            "其中{withheld}，不予公开。",
            "不予公开部分的理由：{reasons}。",
            required=True,
            article="第三十七条",
        ),
        **{
            o: Reply(
                "经审查，您申请获取的政府信息{ground}。依据{citation}的规定，本机关决定不予公开。",
                "理由：{reasons}。",
                required=True,
                article="第三十六条第（三）项",
            )
            for o in WITHHELD_GROUND
        },
        # The letter names the law or regulation and its article (docs/applications.md, "Letters").
        Outcome.WITHHELD_PROHIBITED_BY_LAW: Reply(
            "经审查，您申请获取的政府信息{ground}。依据{citation}的规定，本机关决定不予公开。",
            "禁止公开所依据的法律、行政法规及其条款和理由：{reasons}。",
            required=True,
            article="第三十六条第（三）项",
        ),
        Outcome.WITHHELD_QUERY_MATTERS: Reply(
            "经审查，您申请获取的信息属于有关法律、行政法规对信息的获取有特别规定的信息。依据{citation}的规定，"
            "请您依照有关法律、行政法规的规定办理。",
            "有关规定及办理途径：{reasons}。",
            required=True,
            article="第三十六条第（七）项",
        ),
        Outcome.UNAVAILABLE_NOT_HELD: Reply(
            "经检索，本机关没有您所申请公开的政府信息。依据{citation}的规定，现告知您该政府信息不存在。",
            "检索情况：{reasons}。",
        ),
        Variant.OTHER_AGENCY: Reply(
            "经审查，您所申请公开的信息不属于本机关负责公开。依据{citation}的规定，现告知如下。",
            "理由及负责公开该政府信息的机关：{reasons}。",
            required=True,
            article="第三十六条第（五）项",
        ),
        Outcome.UNAVAILABLE_NEEDS_CREATION: Reply(
            "经审查，本机关没有现成的您所申请的信息，提供该信息需要本机关对现有政府信息进行加工、分析。"
            "依据{citation}的规定，本机关不予提供。"
        ),
        Outcome.UNAVAILABLE_STILL_UNCLEAR: Reply(
            "本机关已于{correction_requested}告知您对申请作出补正，并于{correction_received}收到您补正后的申请。"
            "经审查，补正后的申请内容仍不明确，本机关无法确定您所申请的政府信息。依据{citation}的规定，"
            "本机关无法向您提供。"
        ),
        Outcome.NOT_PROCESSED_PETITION: Reply(
            "经审查，您是以政府信息公开申请的形式进行信访、投诉、举报等活动。依据{citation}的规定，"
            "本机关不作为政府信息公开申请处理。",
            "您可以通过以下渠道提出：{reasons}。",
        ),
        Outcome.NOT_PROCESSED_DUPLICATE: Reply(
            "经审查，本机关已就您提出的政府信息公开申请作出答复，您重复申请公开相同政府信息。依据{citation}的规定，"
            "本机关不予重复处理。",
            "此前的答复：{reasons}。",
            required=True,
            article="第三十六条第（六）项",
        ),
        Outcome.NOT_PROCESSED_PUBLICATION: Reply(
            "经审查，您申请获取的是政府公报、报刊、书籍等公开出版物。依据{citation}的规定，本机关不作为政府信息公开申请处理，"
            "您可以通过公开出版渠道获取。",
            "获取途径：{reasons}。",
        ),
        Outcome.NOT_PROCESSED_EXCESSIVE: Reply(
            "您申请公开政府信息的数量、频次明显超过合理范围，本机关已要求您说明理由。经审查，本机关认为申请理由不合理。"
            "依据{citation}的规定，本机关不予处理。",
            "理由：{reasons}。",
            required=True,
            article="第三十五条",
        ),
        Outcome.NOT_PROCESSED_CONFIRMATION: Reply(
            "经审查，您的申请是要求本机关确认有关事实或者重新出具已经获取的信息，不属于申请获取行政机关以一定形式记录、"
            "保存的政府信息。依据{citation}的规定，本机关不作为政府信息公开申请处理。"
        ),
        Outcome.OTHER_NO_CORRECTION: Reply(
            "本机关已于{correction_requested}告知您对申请作出补正，补正期限至{correction_due}。补正期限届满，"
            "本机关未收到您补正后的申请。依据{citation}的规定，您的申请视为放弃，本机关不再处理该政府信息公开申请。"
        ),
        Outcome.OTHER_UNPAID_FEE: Reply(
            "本机关已于{fee_notice_on}向您发出信息处理费收费通知，缴费期限至{payment_due}。缴费期限届满，"
            "您未缴纳信息处理费。依据{citation}的规定，本机关不再处理该政府信息公开申请。"
        ),
        Outcome.OTHER_MISC: Reply("经审查，本机关对您的申请处理如下。", "{reasons}。", required=True),
    }
)

#: What withheld information is, by ground: the complement of 「您申请获取的政府信息…」 in a 不予公开 reply.
GROUND_CLAUSES: Mapping[Ground, str] = MappingProxyType(
    {
        Ground.STATE_SECRET: "属于依法确定为国家秘密的政府信息",
        Ground.PROHIBITED_BY_LAW: "属于法律、行政法规禁止公开的政府信息",
        Ground.SECURITY_STABILITY: "属于公开后可能危及国家安全、公共安全、经济安全、社会稳定的政府信息",
        Ground.THIRD_PARTY_RIGHTS: "涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害",
        Ground.INTERNAL_AFFAIRS: "属于行政机关的内部事务信息",
        Ground.PROCESS_INFORMATION: "属于行政机关在履行行政管理职能过程中形成的过程性信息",
        Ground.ENFORCEMENT_RECORDS: "属于行政执法案卷信息",
        Ground.NOT_GOVERNMENT_INFORMATION: "不属于政府信息",
    }
)
#: The withheld part of a 部分公开, by ground: 「其中…的内容」.
GROUND_PARTS: Mapping[Ground, str] = MappingProxyType(
    {
        Ground.STATE_SECRET: "属于国家秘密的内容",
        Ground.PROHIBITED_BY_LAW: "属于法律、行政法规禁止公开的内容",
        Ground.SECURITY_STABILITY: "公开后可能危及国家安全、公共安全、经济安全、社会稳定的内容",
        Ground.THIRD_PARTY_RIGHTS: "公开会对第三方合法权益造成损害的内容",
        Ground.INTERNAL_AFFAIRS: "属于内部事务信息的内容",
        Ground.PROCESS_INFORMATION: "属于过程性信息的内容",
        Ground.ENFORCEMENT_RECORDS: "属于行政执法案卷信息的内容",
        Ground.NOT_GOVERNMENT_INFORMATION: "不属于政府信息的内容",
    }
)

#: After a third party was consulted (art. 32), the 不予公开 reply says when and what it answered.
CONSULTED = "本机关已于{start}书面征求第三方意见，{answer}。"
CONSULTED_ANSWER = "第三方于{end}提出不同意公开的意见：{answer}"
CONSULTED_SILENT = "第三方未在规定期限内提出意见"

# --- remedies (行政复议法 第二十条、第二十三条；行政诉讼法 第四十四条至第四十六条) -------------------------------

REMEDIES_EITHER = (
    "如对本{what}不服，可以自收到本告知书之日起{days}日内{to}申请行政复议，"
    "也可以自收到本告知书之日起{months}个月内向人民法院提起行政诉讼。"
)
REMEDIES_REVIEW_FIRST = (
    "如对本{what}不服，应当自收到本告知书之日起{days}日内{to}申请行政复议（依据《中华人民共和国行政复议法》"
    "第二十三条，对不予公开的决定应当先申请行政复议，即行政复议前置）；对行政复议决定不服的，"
    "可以自收到行政复议决定书之日起{after}日内向人民法院提起行政诉讼。"
)
REMEDIES_PARTIAL = (
    "如对本答复中不予公开部分不服，应当自收到本告知书之日起{days}日内{to}申请行政复议（依据《中华人民共和国行政复议法》"
    "第二十三条，对不予公开的决定应当先申请行政复议，即行政复议前置）；对行政复议决定不服的，"
    "可以自收到行政复议决定书之日起{after}日内向人民法院提起行政诉讼。对本答复其他内容不服的，"
    "可以自收到本告知书之日起{days}日内{to}申请行政复议，也可以自收到本告知书之日起{months}个月内向人民法院提起行政诉讼。"
)
REMEDIES_TO = "向{body}"
REMEDIES_WHAT: Mapping[LetterKind, str] = MappingProxyType(
    {LetterKind.ANSWER: "答复", LetterKind.TERMINATION: "处理决定"}
)

__all__ = [
    "FINAL",
    "GROUND_CLAUSES",
    "GROUND_PARTS",
    "LETTER_TITLES",
    "REPLIES",
    "TO_OTHERS",
    "LetterKind",
    "Reply",
]
