"""Rule ``prose_consistency``: what the prose says against what the tables say, only where comparable."""

from __future__ import annotations

import re

from gongkai.checks.labels import cell_label
from gongkai.findings import Finding
from gongkai.model import Report

# Prose is split into clauses; every pattern below is bounded, so a huge prose stays linear.
_CLAUSE = re.compile(r"[，,。；;！!？?\n]")
_NEGATION = re.compile(r"(?:未|没有|无)(?:收到|接到|受理|接收|发生|出现|产生)")
# 「因政府信息公开申请提起的行政复议」 is about appeals, not about applications.
_CAUSED_BY = re.compile(r"因[^，。；]{0,24}?申请(?:而)?(?:提起|引起|引发|产生|导致)?(?:的)?")
_APPEAL_WORD = re.compile(r"行政(复议|诉讼)(?=$|案件|情况|事项|申请|和|与|及|、|或|等|的情况)")
_RECEIVED = re.compile(
    r"(?:收到|接到|受理|接收|新收|办理)(?:到)?(?:各类|群众|公民、法人(?:或|和)其他组织(?:提出)?的?)?"
    r"(?:政府信息公开|依申请公开(?:政府信息)?)(?:的)?(?:申请|事项)(?:共计|共|合计|总计|数量为|为)?"
    r"(\d{1,9})(?:件|条|份|个|宗|次)"
)


def _clauses(report: Report) -> list[str]:
    p = report.prose
    text = "\n".join((p.overview, p.proactive, p.applications, p.appeals, p.problems, p.other))
    return [c for c in _CLAUSE.split(text) if c]


def _says_no_applications(tail: str) -> bool:
    tail = _CAUSED_BY.sub("", tail)
    for match in re.finditer("申请", tail):
        before = tail[max(0, match.start() - 2) : match.start()]
        if before not in ("复议", "诉讼", "补正"):
            return True
    return False


def _int(report: Report, key: str) -> int | None:
    value = report.cells.get(key)
    return None if value is None else int(value)


def _warning(report: Report, keys: tuple[str, ...], expected: int, found: int, zh: str, en: str) -> Finding:
    return Finding(
        severity="warning",
        rule="prose_consistency",
        cells=keys,
        expected=expected,
        found=found,
        message_zh=zh,
        message_en=en,
    )


def prose_consistency(report: Report) -> list[Finding]:
    """Prose must not contradict the tables where both state the same thing (warning).

    Compared: a clause saying no applications were received (「未收到…申请」) against
    ``applications.new.total``; a clause saying no reconsideration or litigation happened against the totals
    of part 四; a stated number of applications received (「共收到政府信息公开申请12件」) against
    ``applications.new.total`` (or that plus ``carried_over.total``, which some agencies count as received, or
    ``results_total.total`` for 「办理…申请N件」).
    Totals with no table counterpart (「主动公开信息共174条」) are not compared.
    """
    spec = report.spec
    new_total = _int(report, "applications.new.total")
    over_total = _int(report, "applications.carried_over.total")
    recon = _int(report, "appeals.reconsideration.total")
    lit_keys = ("appeals.litigation_direct.total", "appeals.litigation_after_review.total")
    lit_values = [_int(report, k) for k in lit_keys]
    litigation = None if None in lit_values else sum(v or 0 for v in lit_values)
    found: list[Finding] = []
    said_none = said_no_recon = said_no_lit = False
    stated: list[int] = []
    for clause in _clauses(report):
        for neg in _NEGATION.finditer(clause):
            tail = clause[neg.end() : neg.end() + 60]
            said_none = said_none or _says_no_applications(tail)
            for word in _APPEAL_WORD.finditer(tail):
                if word.group(1) == "复议":
                    said_no_recon = True
                else:
                    said_no_lit = True
        stated.extend(int(m.group(1)) for m in _RECEIVED.finditer(clause))

    new_label = cell_label(spec, "applications.new.total")
    if said_none and new_total:
        found.append(
            _warning(
                report,
                ("applications.new.total",),
                0,
                new_total,
                f"正文称未收到政府信息公开申请，但表格{new_label}为 {new_total}",
                f"the prose says no applications were received, but applications.new.total is {new_total}",
            )
        )
    if said_no_recon and recon:
        found.append(
            _warning(
                report,
                ("appeals.reconsideration.total",),
                0,
                recon,
                f"正文称未发生行政复议，但表格{cell_label(spec, 'appeals.reconsideration.total')}为 {recon}",
                f"the prose says there was no reconsideration, but appeals.reconsideration.total is {recon}",
            )
        )
    if said_no_lit and litigation:
        found.append(
            _warning(
                report,
                lit_keys,
                0,
                litigation,
                f"正文称未发生行政诉讼，但表格中行政诉讼总计为 {litigation}",
                f"the prose says there was no litigation, but part 4 counts {litigation} lawsuits",
            )
        )
    if new_total is not None:
        accepted = {new_total} | ({new_total + over_total} if over_total is not None else set())
        handled = _int(report, "applications.results_total.total")
        if handled is not None:
            accepted.add(handled)
        for number in stated:
            if number in accepted:
                continue
            found.append(
                _warning(
                    report,
                    ("applications.new.total",),
                    new_total,
                    number,
                    f"正文称收到政府信息公开申请 {number} 件，但表格{new_label}为 {new_total}",
                    f"the prose states {number} applications received, but applications.new.total is {new_total}",
                )
            )
    return found
