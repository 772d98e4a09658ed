"""Remake the pictures in docs/screenshots: each user's journey through the demo, in Debian's Chromium.

Run from the repository root: ``scripts/screenshots`` (or ``.venv/bin/python docs/screenshots/make_screenshots.py
[JOURNEY...]``). It builds a throw-away SQLite database with the demo (``seed_demo``), serves it with the dev
settings on a free port, walks every journey below (or the ones named) as its user and saves a full-page PNG
of each key page. The tests never write here; this script is the only writer of the pictures.

A journey is a function ``(shot)`` decorated with :func:`journey`; ``shot.page`` is a Playwright page logged
in as nobody, ``shot.login(user)`` / ``shot.logout()`` switch users and ``shot("name")`` saves ``name.png``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "gongkai-demo-2020"


class Shot:
    """The browser page of one journey, the server's address, and the camera."""

    def __init__(self, page: Any, base: str) -> None:
        self.page = page
        self.base = base
        self.taken: list[Path] = []

    def go(self, path: str) -> None:
        self.page.goto(self.base + path)

    def login(self, username: str) -> None:
        self.go("/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", PASSWORD)
        self.page.click("button[type=submit]")
        self.page.wait_for_load_state()

    def logout(self) -> None:
        self.page.context.clear_cookies()

    def __call__(self, name: str, *, full_page: bool = True) -> None:
        path = HERE / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        self.taken.append(path)


JOURNEYS: dict[str, Callable[[Shot], None]] = {}


def journey(func: Callable[[Shot], None]) -> Callable[[Shot], None]:
    """Register a journey under its function name."""
    JOURNEYS[func.__name__] = func
    return func


@journey
def public(shot: Shot) -> None:
    """A visitor reads the portal: home, an agency, an item, the annual-report column; the guide, 法定主动公开内容,
    a column of the tree, a search narrowed by agency and month, a report's page; the home page and a report
    on a phone (375 px)."""
    shot.go("/")
    shot("portal-home")
    shot.go("/a/sdq-sfj/")
    shot("portal-agency")
    shot.page.click("main a[href*='/i/'] >> nth=0")
    shot.page.wait_for_load_state()
    shot("portal-item")
    shot.go("/a/sdq-sfj/reports/")
    shot("portal-annual-reports")
    # The public's journey (issue 11): the guide, a column of the tree, a filtered search, a report, a phone.
    shot.go("/a/sdq-sfj/guide/")
    shot("portal-guide")
    shot.go("/a/sdq-sfj/statutory/")
    shot("portal-statutory")
    shot.go("/a/sdq-gov/c/gfxwj/")
    shot("portal-catalogue-tree")
    shot.go("/search/?q=%E6%99%AE%E6%B3%95&agency=sdq-sfj&since=2020-06-01&until=2020-06-30")
    shot("portal-search")
    shot.go("/annual/a/sdq-jyj/")
    shot("portal-report-list")
    shot.page.click("#reports a >> nth=0")
    shot.page.wait_for_load_state()
    shot("portal-report-page")
    shot.page.set_viewport_size({"width": 375, "height": 800})
    shot.go("/")
    shot("portal-phone-home")
    shot.go("/annual/a/sdq-jyj/")
    shot.page.click("#reports a >> nth=0")
    shot.page.wait_for_load_state()
    shot("portal-phone-report", full_page=False)


@journey
def officer(shot: Shot) -> None:
    """The officer's dashboard and the applications queue."""
    shot.login("sfj-officer")
    shot("staff-dashboard-officer")
    shot.go("/staff/cases/a/sdq-sfj/")
    shot("staff-case-queue")


@journey
def leader(shot: Shot) -> None:
    """The leader reviews an item another wrote: approve, or return it with the reason (the return form)."""
    shot.login("sfj-leader")
    shot.page.click("#to-review a >> nth=0")
    shot.page.wait_for_load_state()
    shot("staff-item-review-leader")


@journey
def superior(shot: Shot) -> None:
    """The superior office's board of its departments' 2022 reports; the review of 市场监管局's findings (one
    dismissed with a reason, one confirmed), the report returned with a reason; the department's view."""
    shot.login("gov-superior")
    shot.go("/staff/oversight/a/sdq-gov/?year=2022")
    shot("oversight-board")
    shot.page.click("tr[data-agency='sdq-scj'] a.review-link")
    shot.page.wait_for_load_state()
    stock = shot.page.locator("tr[data-rule='normative_stock']")
    stock.locator("textarea").fill("本年清理规章后重新统计存量，数字无误")
    stock.locator("button[value='dismissed']").click()
    shot.page.wait_for_load_state()
    shot.page.locator("tr[data-rule='applications_row_total'] button[value='confirmed']").click()
    shot.page.wait_for_load_state()
    shot("oversight-findings-review")
    shot.page.fill("#id_reason", "第三部分新收申请数与总计不符，请更正后重新报送")
    shot.page.click("#return button[type=submit]")
    shot.page.wait_for_load_state()
    shot.page.evaluate("document.querySelector('h2 + #returns').previousElementSibling.scrollIntoView()")
    shot("oversight-return", full_page=False)
    shot.go("/staff/oversight/a/sdq-gov/?year=2022")
    shot("oversight-board-reviewed")
    shot.logout()
    shot.login("scj-officer")
    shot.go("/staff/annual/a/sdq-scj/")
    shot("staff-report-returned")


def _register_case(shot: Shot, name: str, days_ago: int) -> None:
    """An officer registers an application received in person ``days_ago`` days ago (the demo has none)."""
    import datetime

    shot.go("/staff/cases/a/sdq-jyj/new/")
    page = shot.page
    day = datetime.date.today() - datetime.timedelta(days=days_ago)
    page.select_option("#id_channel", "in_person")
    page.fill("#id_submitted_on", day.isoformat())
    page.fill("#id_applicant_name", name)
    page.select_option("#id_applicant_category", "natural_person")
    page.select_option("#id_id_type", "resident_id")
    page.fill("#id_id_number", "140421199001011234")
    page.fill("#id_phone", "13800000000")
    page.fill("#id_description", "本局2024年义务教育阶段招生计划")
    page.select_option("#id_requested_form", "electronic")
    page.select_option("#id_delivery", "email")
    page.fill("#id_email", "applicant@example.org")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


@journey
def superior_data(shot: Shot) -> None:
    """The superior office's data pages: its departments' indicators with the trends, one department's
    year-on-year comparison, every level below it, and 督办 on a department's overdue case, which reaches the
    department's officer."""
    shot.login("jyj-officer")
    _register_case(shot, "王小明", 45)
    _register_case(shot, "李华", 27)
    shot.logout()
    shot.login("gov-superior")
    shot.go("/staff/oversight/a/sdq-gov/indicators/?year=2022")
    shot("oversight-indicators")
    shot.go("/staff/annual/a/sdq-jyj/2022/compare/")
    shot("oversight-comparison")
    shot.go("/staff/oversight/a/sdq-gov/hierarchy/?year=2022")
    shot("oversight-hierarchy")
    shot.go("/staff/oversight/a/sdq-gov/supervision/")
    shot.page.fill(
        "#supervision tbody tr >> nth=0 >> textarea", "请于两个工作日内答复申请人，并报送办理情况。"
    )
    shot.page.click("#supervision tbody tr >> nth=0 >> button")
    shot.page.wait_for_load_state()
    shot("oversight-supervision")
    shot.logout()
    shot.login("jyj-officer")
    shot("staff-dashboard-supervision")


@journey
def worklist(shot: Shot) -> None:
    """我的待办 per role: the officer's list (an overdue case first, a new application, last year's report
    to draft), the leader's with the report awaiting approval in 待我审核, the administrator's columns to
    update; a register record added one by one; the audit log in words; the item list with its filters."""
    import datetime

    page = shot.page
    shot.login("jyj-officer")
    _register_case(shot, "赵一", 80)
    _register_case(shot, "钱二", 0)
    shot.go("/staff/")
    shot("worklist-officer")
    year = datetime.date.today().year - 1
    shot.go("/staff/annual/a/sdq-jyj/")
    page.fill("#id_year", str(year))
    page.click("#generate button")
    page.wait_for_load_state()
    page.click("button[value=check]")
    page.wait_for_load_state()
    shot.go("/staff/a/sdq-jyj/registers/fees/new/")
    page.fill("#id_name", "档案查询复制费")
    page.fill("#id_year", str(year))
    page.fill("#id_amount", "0.12")
    shot("register-record-add")
    page.click("#record-form button[type=submit]")
    page.wait_for_load_state()
    shot("register-list")
    shot.go("/staff/a/sdq-jyj/items/?status=published&q=工作动态")
    shot("staff-item-list-filtered")
    shot.logout()
    shot.login("jyj-leader")
    shot("worklist-leader")
    shot.go("/staff/a/sdq-jyj/audit/")
    shot("audit-log-in-words")
    shot.logout()
    shot.login("sfj-admin")
    shot("worklist-admin")


@journey
def applicant(shot: Shot) -> None:
    """An applicant finds the form from the agency page, is told at the field what is wrong, applies, looks the
    case up (a mistyped code explained), answers the 补正 online and sees the reply to download; the officer's
    correction notice and reply are drafted on the case page in between, each approved by the leader."""
    page = shot.page
    shot.go("/a/sdq-sfj/")
    page.click("a[href='/apply/a/sdq-sfj/']")
    page.wait_for_load_state()
    page.fill("#id_applicant_name", "张明")
    page.select_option("#id_applicant_category", "natural_person")
    page.select_option("#id_id_type", "resident_id")
    page.fill("#id_id_number", "140421199001011230")
    page.fill("#id_phone", "abc")
    page.fill("#id_email", "zhang.ming@example.org")
    page.fill("#id_description", "本局2025年度行政复议决定书（关于某区某街道的复议案件）")
    page.select_option("#id_requested_form", "electronic")
    page.select_option("#id_delivery", "online")
    page.click("#apply-submit")
    page.wait_for_load_state()
    shot("applicant-form-errors")
    page.fill("#id_id_number", "140421199001011234")
    page.fill("#id_phone", "13800138000")
    page.click("#apply-submit")
    page.wait_for_load_state()
    page.reload()
    shot("applicant-done")
    code = page.inner_text("#query-code").strip()
    shot.go("/apply/status/?code=a%2Fb")
    shot("applicant-lookup-error")
    shot.login("sfj-officer")
    shot.go("/staff/cases/a/sdq-sfj/")
    page.click("#recent a >> nth=0")
    page.wait_for_load_state()
    page.fill("#id_request_correction-points", "请写明所申请复议决定书的文号或作出日期")
    case_url = page.url
    page.click("button[name=do][value=request_correction]")
    page.wait_for_load_state()
    shot.logout()
    shot.login("sfj-leader")
    page.goto(case_url)
    page.click("#proposals button >> text=审核通过")
    page.wait_for_load_state()
    shot.logout()
    shot.go(f"/apply/s/{code}/")
    shot("applicant-status-correction")
    page.click("#correct-link")
    page.wait_for_load_state()
    page.fill("#id_text", "所申请的是本局2025年3月作出的复议决定书，文号为某司复决字〔2025〕3号。")
    shot("applicant-correct")
    page.click("#correct-submit")
    page.wait_for_load_state()
    shot.login("sfj-officer")
    page.goto(case_url)
    page.select_option("#id_answer-outcome", "granted")
    page.fill("#id_answer-reasons", "已通过网站提供")
    page.click("button[name=do][value=answer]")
    page.wait_for_load_state()
    shot.logout()
    shot.login("sfj-leader")
    page.goto(case_url)
    page.click("#proposals button >> text=审核通过")
    page.wait_for_load_state()
    shot.logout()
    shot.go(f"/apply/s/{code}/")
    shot("applicant-status-answered")


@journey
def case_review(shot: Shot) -> None:
    """The officer and the leader on a case: the case list with its filters; the officer drafts the reply;
    the leader finds it in 待我审核, reads the draft and returns it with a reason; the officer revises it; the
    leader approves it (issued, numbered); the officer records its delivery (送达); the superior office sees
    the case with the applicant's identity number and phone masked."""
    import datetime

    page = shot.page
    shot.login("sfj-officer")
    for name, desc, ago in (
        ("赵敏", "2025年本局行政复议决定书目录", 3),
        ("钱学林", "本局2024年法律援助经费使用情况", 10),
        ("孙丽", "人民调解委员会名册", 40),
    ):
        shot.go("/staff/cases/a/sdq-sfj/new/")
        day = datetime.date.today() - datetime.timedelta(days=ago)
        page.select_option("#id_channel", "in_person")
        page.fill("#id_submitted_on", day.isoformat())
        page.fill("#id_applicant_name", name)
        page.select_option("#id_applicant_category", "natural_person")
        page.select_option("#id_id_type", "resident_id")
        page.fill("#id_id_number", "14042119900101123X")
        page.fill("#id_phone", "13912345678")
        page.fill("#id_description", desc)
        page.select_option("#id_requested_form", "electronic")
        page.select_option("#id_delivery", "email")
        page.fill("#id_email", "applicant@example.org")
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
    case_url = page.url
    shot.go("/staff/cases/a/sdq-sfj/")
    shot("case-review-queue")
    shot.go(case_url.removeprefix(shot.base))
    page.select_option("#id_answer-outcome", "granted")
    page.fill("#id_answer-reasons", "经检索，您申请的信息已公开")
    page.click("button[name=do][value=answer]")
    page.wait_for_load_state()
    shot.logout()
    shot.login("sfj-leader")
    shot("case-review-dashboard-leader")
    page.click("#to-review li.letter-review a")
    page.wait_for_load_state()
    shot("case-review-draft-leader")
    page.fill("#proposals textarea[name=reason]", "请写明获取信息的方式和时间")
    page.click("#proposals button >> text=退回")
    page.wait_for_load_state()
    shot.logout()
    shot.login("sfj-officer")
    shot.go(case_url.removeprefix(shot.base))
    shot("case-review-returned")
    page.fill("#id_answer-reasons", "经检索，您申请的信息已公开，已于今日通过电子邮件发送至您预留的邮箱")
    page.click("button[name=do][value=answer]")
    page.wait_for_load_state()
    shot.logout()
    shot.login("sfj-leader")
    page.click("#to-review li.letter-review a")
    page.wait_for_load_state()
    page.click("#proposals button >> text=审核通过")
    page.wait_for_load_state()
    shot.logout()
    shot.login("sfj-officer")
    shot.go(case_url.removeprefix(shot.base))
    answer = page.locator("#letters li", has_text="答复告知书")
    answer.locator("summary >> text=登记送达").click()
    answer.locator("input[name=delivered_on]").fill(datetime.date.today().isoformat())
    answer.locator("input[name=tracking_number]").fill("MAIL-0001")
    answer.locator("button >> text=登记送达").click()
    page.wait_for_load_state()
    shot("case-review-delivered")
    shot.logout()
    shot.login("gov-superior")
    shot.go(case_url.removeprefix(shot.base))
    shot("case-review-superior-masked", full_page=False)


@journey
def security(shot: Shot) -> None:
    """Signing in safely: a leader's enrolment of the second factor (QR code and key), the page after five
    wrong passwords, and the site's own 404 page. Runs last: it resets the lockout it causes (axes_reset)."""
    shot.login("sfj-leader")
    shot.go("/accounts/two-factor/enrol/")
    shot("security-two-factor-enrol")
    shot.logout()
    shot.go("/no-such-page/")
    shot("security-404")
    for _ in range(5):
        shot.go("/accounts/login/")
        shot.page.fill("#id_username", "jyj-officer")
        shot.page.fill("#id_password", "not-the-password")
        shot.page.click("button[type=submit]")
        shot.page.wait_for_load_state()
    shot.login("jyj-officer")
    shot("security-lockout")
    subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), "axes_reset"],
        env=SERVER_ENV,
        check=True,
        cwd=ROOT,
        capture_output=True,
    )


#: The demo server's environment (for a journey that runs a management command against its database).
SERVER_ENV: dict[str, str] = {}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def demo_server() -> Iterator[str]:
    """A dev server over a fresh demo database; yields its base URL."""
    with tempfile.TemporaryDirectory(prefix="gongkai-shots-") as tmp:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "gongkai_web.settings.dev",
            "DATABASE_URL": f"sqlite:///{tmp}/demo.sqlite3",
            "GONGKAI_MEDIA_ROOT": f"{tmp}/media",
            # the site's own 404/500 pages, as production shows them (static files: runserver --insecure)
            "GONGKAI_DEBUG": "0",
        }
        SERVER_ENV.update(env)
        manage = [PYTHON, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
        subprocess.run([*manage, "seed_demo"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        port = _free_port()
        server = subprocess.Popen(
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload", "--insecure"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/", timeout=2)
                    break
                except OSError:
                    time.sleep(0.2)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=10)


def main(names: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    unknown = [n for n in names if n not in JOURNEYS]
    if unknown:
        print(f"unknown journeys: {', '.join(unknown)}; known: {', '.join(JOURNEYS)}", file=sys.stderr)
        return 2
    with demo_server() as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        for name in names or list(JOURNEYS):
            context = browser.new_context(locale="zh-CN", viewport={"width": 1100, "height": 900})
            page = context.new_page()
            page.set_default_timeout(15_000)
            shot = Shot(page, base)
            JOURNEYS[name](shot)
            context.close()
            for path in shot.taken:
                print(path.relative_to(ROOT))
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
