"""The national catalogue categories every agency starts with, as data: (code, 中文名, English name)."""

from __future__ import annotations

NATIONAL_CATEGORIES: tuple[tuple[str, str, str], ...] = (
    ("jgzn", "机构职能", "Functions and organisation"),
    ("zcwj", "政策文件", "Policy documents"),
    ("ghjh", "规划计划", "Plans and programmes"),
    ("czzj", "财政资金", "Public finances"),
    ("xzzf", "行政执法", "Administrative enforcement"),
    ("zfcg", "政府采购", "Government procurement"),
    ("rsxx", "人事信息", "Personnel"),
    ("gzdt", "工作动态", "Work news"),
    ("ndbg", "年度报告", "Annual reports"),
    ("ysqgk", "依申请公开", "Disclosure on request"),
)

#: The category holding the annual disclosure reports (the portal's annual-report column).
ANNUAL_REPORT_CODE = "ndbg"
#: The category of daily work news (the sample report's 174 items).
WORK_NEWS_CODE = "gzdt"
#: The category of disclosure on request (依申请公开): the portal shows the way to apply there.
ON_REQUEST_CODE = "ysqgk"
