"""Rules across two reports of the same agency for consecutive years (N−1 then N)."""

from __future__ import annotations

import re

from gongkai.checks.labels import column_label, row_label
from gongkai.findings import Finding
from gongkai.model import Report

_SPACE = re.compile(r"\s+")


def normalize_agency(name: str) -> str:
    """An agency name for comparison: whitespace removed."""
    return _SPACE.sub("", name)


def same_agency(a: str, b: str) -> bool:
    """True when two agency names are the same once whitespace is ignored."""
    return normalize_agency(a) == normalize_agency(b)


def different_agency(previous: Report, current: Report) -> list[Finding]:
    """Reports compared across years must name the same agency (warning; the pair is then not compared)."""
    if same_agency(previous.agency, current.agency):
        return []
    return [
        Finding(
            severity="warning",
            rule="different_agency",
            expected=previous.agency,
            found=current.agency,
            message_zh=f"两份报告不属于同一机关（{previous.agency or '未知'}、{current.agency or '未知'}），不做跨年度核对",
            message_en=(
                f"the reports are of different agencies ({previous.agency or 'unknown'}, "
                f"{current.agency or 'unknown'}); not compared across years"
            ),
        )
    ]


def not_consecutive(previous: Report, current: Report) -> list[Finding]:
    """Reports compared across years must be for consecutive years, the previous one first (warning)."""
    if current.year == previous.year + 1:
        return []
    return [
        Finding(
            severity="warning",
            rule="not_consecutive",
            expected=previous.year + 1,
            found=current.year,
            message_zh=f"两份报告的年度（{previous.year}、{current.year}）不是前后相继的两年，不做跨年度核对",
            message_en=(
                f"the years {previous.year} and {current.year} are not consecutive (previous first); "
                "not compared across years"
            ),
        )
    ]


def carry_over(previous: Report, current: Report) -> list[Finding]:
    """Part 三, every column c: ``carried_over.c`` (year N) = ``carried_forward.c`` (year N−1) (error).

    Holds across the change of template (2020 on ``2019`` → 2021 on ``2021``): part 三 keeps its keys.
    """
    found: list[Finding] = []
    spec = current.spec
    for col in spec.applications.columns:
        over_key = f"applications.carried_over.{col.key}"
        forward_key = f"applications.carried_forward.{col.key}"
        over, forward = current.cells.get(over_key), previous.cells.get(forward_key)
        if over is None or forward is None or int(over) == int(forward):
            continue
        found.append(
            Finding(
                severity="error",
                rule="carry_over",
                cells=(over_key, forward_key),
                expected=int(forward),
                found=int(over),
                message_zh=(
                    f"第三部分「{col.label}」列：{current.year} 年「{row_label(spec, 'applications', 'carried_over')}」"
                    f"为 {over}，而 {previous.year} 年「{row_label(previous.spec, 'applications', 'carried_forward')}」"
                    f"为 {forward}，两者应相等"
                ),
                message_en=(
                    f"part 3, column {col.key}: carried_over in {current.year} is {over}, but carried_forward "
                    f"in {previous.year} is {forward}; they must be equal"
                ),
            )
        )
    return found


def normative_stock(previous: Report, current: Report) -> list[Finding]:
    """Template ``2021``: ``in_force`` (N) = ``in_force`` (N−1) + ``issued`` (N) − ``repealed`` (N) (warning).

    A warning only: agencies also re-count their stock. Compared only when both reports use ``2021``.
    """
    if previous.template != "2021" or current.template != "2021":
        return []
    spec = current.spec
    found: list[Finding] = []
    for row in ("regulations", "normative_documents"):
        keys = [f"proactive.{row}.{c}" for c in ("in_force", "issued", "repealed")]
        values = [current.cells.get(k) for k in keys]
        before = previous.cells.get(keys[0])
        if before is None or None in values:
            continue
        in_force, issued, repealed = (int(v or 0) for v in values)
        expected = int(before) + issued - repealed
        if expected == in_force:
            continue
        label = row_label(spec, "proactive", row)
        col = column_label(spec, "proactive", "in_force")
        found.append(
            Finding(
                severity="warning",
                rule="normative_stock",
                cells=tuple(keys),
                expected=expected,
                found=in_force,
                message_zh=(
                    f"第二部分「{label}」：{previous.year} 年「{col}」{before} 加本年制发 {issued} 减本年废止 "
                    f"{repealed} 应为 {expected}，{current.year} 年报告为 {in_force}"
                ),
                message_en=(
                    f"part 2, {row}: in_force {previous.year} ({before}) + issued ({issued}) − repealed "
                    f"({repealed}) = {expected}, but {current.year} reports {in_force}"
                ),
            )
        )
    return found


def project_count_carry(previous: Report, current: Report) -> list[Finding]:
    """Template ``2019``: ``previous`` (N) = ``previous`` (N−1) + ``change`` (N−1) (warning).

    Compared only when both reports use ``2019``; a 2021 report has no project counts to compare.
    """
    if previous.template != "2019" or current.template != "2019":
        return []
    spec = current.spec
    found: list[Finding] = []
    for group, row in spec.proactive_rows():
        if not {"previous", "change"} <= {c.key for c in group.columns}:
            continue
        key, change_key = f"proactive.{row.key}.previous", f"proactive.{row.key}.change"
        now, before, change = (
            current.cells.get(key),
            previous.cells.get(key),
            previous.cells.get(change_key),
        )
        if now is None or before is None or change is None:
            continue
        expected = int(before) + int(change)
        if expected == int(now):
            continue
        col = column_label(spec, "proactive", "previous")
        found.append(
            Finding(
                severity="warning",
                rule="project_count_carry",
                cells=(key, change_key),
                expected=expected,
                found=int(now),
                message_zh=(
                    f"第二部分「{row.label}」：{previous.year} 年「{col}」{before} 加当年增减 {change} 应为 "
                    f"{expected}，{current.year} 年报告的「{col}」为 {now}"
                ),
                message_en=(
                    f"part 2, {row.key}: previous {previous.year} ({before}) + change ({change}) = {expected}, "
                    f"but {current.year} reports previous = {now}"
                ),
            )
        )
    return found
