"""Load a believable demo, idempotently: 上党区 with its departments, 司法局's 2020 as the sample report tells it.

长治市上党区司法局, 2020: 174 工作动态 items published in 2020, 3 procurement projects totalling 30.3861万元,
no applications. Other departments get a few years of varied activity, and their 2019–2022 reports uploaded
as history (so the superior office's board has something to show). Demo users (one per role) share the
password below, printed only when DEBUG is on.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand
from django.db import transaction

from gongkai.renderers import render as render_report
from gongkai_web.agencies.models import Agency, Role
from gongkai_web.agencies.services import agency_create, membership_grant
from gongkai_web.annual_reports.models import HISTORY_STATES, AnnualReport
from gongkai_web.annual_reports.selectors import compute_report
from gongkai_web.annual_reports.services import (
    annual_report_approve,
    annual_report_check,
    annual_report_generate,
    annual_report_import,
    annual_report_record,
)
from gongkai_web.catalogue import services
from gongkai_web.catalogue.models import Item
from gongkai_web.registers.models import Decision, Fee, Procurement, Rule

DEMO_PASSWORD = "gongkai-demo-2020"
CN = ZoneInfo("Asia/Shanghai")

GOVERNMENT = ("sdq-gov", "长治市上党区人民政府办公室")
SIFAJU = ("sdq-sfj", "长治市上党区司法局")
DEPARTMENTS = (
    SIFAJU,
    ("sdq-jyj", "长治市上党区教育局"),
    ("sdq-czj", "长治市上党区财政局"),
    ("sdq-scj", "长治市上党区市场监督管理局"),
)
#: Agency code → (机关代字 for document numbers, the reconsideration body its letters name). 司法局: 行政复议法
#: 第二十八条 lets the applicant choose between the district government and the superior 司法行政部门.
LETTERHEADS = {
    "sdq-gov": ("上党政办", "长治市上党区人民政府"),
    "sdq-sfj": ("上党司法", "长治市上党区人民政府或者长治市司法局"),
    "sdq-jyj": ("上党教", "长治市上党区人民政府"),
    "sdq-czj": ("上党财", "长治市上党区人民政府"),
    "sdq-scj": ("上党市监", "长治市上党区人民政府"),
}
#: (username, agency code, role, display name)
USERS = (
    ("gov-admin", "sdq-gov", Role.ADMIN, "区政府办 管理员"),
    ("gov-superior", "sdq-gov", Role.SUPERIOR, "区政府办 政务公开科"),
    ("sfj-officer", "sdq-sfj", Role.OFFICER, "司法局 经办人员"),
    ("sfj-leader", "sdq-sfj", Role.LEADER, "司法局 分管领导"),
    ("sfj-admin", "sdq-sfj", Role.ADMIN, "司法局 管理员"),
    ("jyj-officer", "sdq-jyj", Role.OFFICER, "教育局 经办人员"),
    ("jyj-leader", "sdq-jyj", Role.LEADER, "教育局 分管领导"),
    ("czj-officer", "sdq-czj", Role.OFFICER, "财政局 经办人员"),
    ("czj-leader", "sdq-czj", Role.LEADER, "财政局 分管领导"),
    ("scj-officer", "sdq-scj", Role.OFFICER, "市场监管局 经办人员"),
    ("scj-leader", "sdq-scj", Role.LEADER, "市场监管局 分管领导"),
)
#: Years whose annual reports the other departments have uploaded as history (the superior office's board).
HISTORY_YEARS = range(2019, 2023)
#: Years whose reports the other departments have generated and published on this platform (the column, the
#: report list and the board all show them), and the day each was published: before 31 January.
PUBLISHED_YEARS = (2023,)


def published_on(year: int) -> date:
    """The day the demo's departments published their report on ``year``."""
    return date(year + 1, 1, 22)


#: 司法局's guide as its administrator wrote it (how to apply, fees and remedies: the national texts).
SIFAJU_GUIDE = {
    "office": "长治市上党区司法局办公室",
    "address": "长治市上党区府前街（演示地址）",
    "postcode": "047100",
    "hours": "工作日 上午8:00—12:00，下午14:30—18:00（法定节假日除外）",
    "phone": "0355-0000001（演示）",
    "rules": "长治市上党区司法局政府信息公开工作制度\n"
    "第一条 为规范本局政府信息公开工作，依据《中华人民共和国政府信息公开条例》，制定本制度。\n"
    "第二条 本局办公室负责本局政府信息公开的日常工作。\n"
    "第三条 拟公开的政府信息经经办人员起草、分管领导审核后发布。",
}

#: Sub-columns of the government office's 政策文件 (code, name).
SUBCOLUMNS = (("gfxwj", "规范性文件"), ("qtwj", "其他文件"))

#: Mistakes as printed in a department's earlier report, so the superior office's review of findings has
#: something to judge: cells of (agency, year) shifted from what its records give (the stock of rules
#: re-counted, one application left out of the row total).
PRINTED_MISTAKES: dict[tuple[str, int], dict[str, int]] = {
    ("sdq-scj", 2022): {"proactive.regulations.in_force": 2, "applications.new.natural_person": 1},
}

NEWS_TOPICS = (
    "开展“宪法宣传周”普法宣传活动",
    "召开全区司法行政工作会议",
    "组织人民调解员业务培训",
    "开展法律援助进社区活动",
    "推进公共法律服务体系建设",
    "开展社区矫正对象集中教育",
    "召开党风廉政建设专题会议",
    "开展“八五”普法规划调研",
    "组织律师参与信访接待",
    "开展民法典宣传进乡村活动",
    "举办行政执法人员法律知识培训",
    "开展安全生产大检查",
    "召开疫情防控工作部署会",
    "开展矛盾纠纷排查化解专项行动",
    "组织青少年法治教育讲座",
    "推进法治政府建设示范创建",
)
VILLAGES = (
    "韩店镇",
    "荫城镇",
    "西火镇",
    "八义镇",
    "南宋乡",
    "东和乡",
    "苏店镇",
    "郝家庄镇",
    "振兴新区",
    "中华街道",
)

PROCUREMENT_2020 = (
    ("办公设备采购项目", date(2020, 4, 16), Decimal("12.4800")),
    ("公共法律服务平台运维服务", date(2020, 7, 3), Decimal("9.9061")),
    ("普法宣传资料印制", date(2020, 10, 21), Decimal("8.0000")),
)


def _at(d: date, hour: int = 10) -> datetime:
    return datetime.combine(d, time(hour, 0), tzinfo=CN)


def sifaju_2020_news() -> list[tuple[str, str, datetime]]:
    """174 work-news items spread over 2020 (deterministic)."""
    rng = random.Random(2020)
    days = sorted(rng.sample(range(0, 366), 174))
    out = []
    for n, offset in enumerate(days):
        d = date(2020, 1, 1) + timedelta(days=offset)
        topic = NEWS_TOPICS[n % len(NEWS_TOPICS)]
        place = VILLAGES[n % len(VILLAGES)]
        title = f"上党区司法局{place}司法所{topic}"
        body = (
            f"<p>{d.month}月{d.day}日，上党区司法局{place}司法所{topic}。活动围绕群众关心的法律问题，"
            f"通过现场讲解、发放资料、解答咨询等方式进行，共发放宣传资料{rng.randint(80, 600)}份，"
            f"接受群众咨询{rng.randint(10, 90)}人次。</p><p>下一步，司法所将继续做好普法宣传和人民调解工作，"
            "为全区经济社会发展营造良好法治环境。</p>"
        )
        out.append((title, body, _at(d, 9 + n % 8)))
    return out


class Command(BaseCommand):
    help = "Load the demo agencies, users, catalogue and registers (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            agencies = self._agencies()
            users = self._users(agencies)
            self._sifaju(agencies[SIFAJU[0]], users)
            for code, _ in DEPARTMENTS[1:]:
                self._other(agencies[code], seed=sum(map(ord, code)))
            self._government(agencies[GOVERNMENT[0]])
            self._subcolumns(agencies[GOVERNMENT[0]], users["gov-admin"])
            self._guide(agencies[SIFAJU[0]], users["sfj-admin"], users["sfj-leader"])
            self._workflow_examples(agencies, users)
            for code, _ in DEPARTMENTS[1:]:
                short = code.removeprefix("sdq-")
                self._history(agencies[code], users[f"{short}-officer"], users[f"{short}-leader"])
            for code, _ in DEPARTMENTS[1:]:
                short = code.removeprefix("sdq-")
                self._published(agencies[code], users[f"{short}-officer"], users[f"{short}-leader"])
        self.stdout.write(
            self.style.SUCCESS(
                f"demo ready: {Agency.objects.count()} agencies, {Item.objects.count()} catalogue items"
            )
        )
        if settings.DEBUG:
            self.stdout.write(
                f"demo users (password for all: {DEMO_PASSWORD}): {', '.join(u[0] for u in USERS)}"
            )

    def _agencies(self) -> dict[str, Agency]:
        out: dict[str, Agency] = {}
        for code, name in (GOVERNMENT, *DEPARTMENTS):
            prefix, body = LETTERHEADS[code]
            parent = None if code == GOVERNMENT[0] else out[GOVERNMENT[0]]
            agency = Agency.objects.filter(code=code).first()
            if agency is None:
                agency = agency_create(
                    name=name, code=code, parent=parent, doc_prefix=prefix, review_body=body
                )
            elif not agency.doc_prefix:  # a demo loaded before agencies had a 机关代字
                Agency.objects.filter(pk=agency.pk).update(doc_prefix=prefix, review_body=body)
            out[code] = agency
        return out

    def _users(self, agencies: dict[str, Agency]) -> dict[str, Any]:
        user_model = get_user_model()
        out = {}
        for username, code, role, display in USERS:
            user, created = user_model.objects.get_or_create(
                username=username, defaults={"first_name": display}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            membership_grant(user=user, agency=agencies[code], role=role)
            out[username] = user_model.objects.get(pk=user.pk)
        return out

    def _sifaju(self, agency: Agency, users: dict[str, Any]) -> None:
        if Item.objects.filter(agency=agency).exists():
            return
        news = agency.categories.get(code="gzdt")
        rows = [
            {"category": news, "title": t, "body": b, "published_at": at, "author": users["sfj-officer"]}
            for t, b, at in sifaju_2020_news()
        ]
        # No stub in the annual-report column: the 2020 report is the one the officer generates (the column
        # entry is made when it is published).
        services.items_import_published(agency=agency, rows=rows)
        Procurement.objects.bulk_create(
            [Procurement(agency=agency, title=t, contracted_on=d, amount=a) for t, d, a in PROCUREMENT_2020]
        )

    def _other(self, agency: Agency, *, seed: int) -> None:
        if Item.objects.filter(agency=agency).exists():
            return
        rng = random.Random(seed)
        cats = {c.code: c for c in agency.categories.all()}
        short = agency.name.removeprefix("长治市上党区")
        rows: list[dict[str, Any]] = []
        for year in range(2019, 2024):
            for n in range(rng.randint(20, 45)):
                d = date(year, 1, 1) + timedelta(days=rng.randint(0, 364))
                code = rng.choice(("gzdt", "gzdt", "gzdt", "zcwj", "czzj", "ghjh", "rsxx", "xzzf"))
                rows.append(
                    {
                        "category": cats[code],
                        "title": f"{short}{d.month}月{['工作动态', '通知公告', '信息发布'][n % 3]}（{year}-{n + 1}）",
                        "body": f"<p>{short}于{year}年{d.month}月{d.day}日发布本条信息。</p>",
                        "published_at": _at(d),
                    }
                )
        services.items_import_published(
            agency=agency, rows=[r for r in rows if r["published_at"].year <= 2024]
        )
        for year in range(2019, 2024):
            Decision.objects.bulk_create(
                [
                    Decision(
                        agency=agency,
                        kind=rng.choice(("licensing", "penalty", "enforcement")),
                        matter=f"事项{rng.randint(1, 6)}",
                        reference=f"{year}-{i + 1}",
                        decided_on=date(year, 1, 1) + timedelta(days=rng.randint(0, 364)),
                    )
                    for i in range(rng.randint(3, 15))
                ]
            )
            Fee.objects.bulk_create(
                [
                    Fee(
                        agency=agency,
                        name=f"收费项目{i + 1}",
                        year=year,
                        amount=Decimal(rng.randint(1000, 900000)) / 10000,
                    )
                    for i in range(rng.randint(0, 3))
                ]
            )
            Procurement.objects.bulk_create(
                [
                    Procurement(
                        agency=agency,
                        title=f"{year}年采购项目{i + 1}",
                        contracted_on=date(year, 1, 1) + timedelta(days=rng.randint(0, 364)),
                        amount=Decimal(rng.randint(10000, 2000000)) / 10000,
                    )
                    for i in range(rng.randint(1, 5))
                ]
            )
        Rule.objects.bulk_create(
            [
                Rule(
                    agency=agency,
                    kind="normative",
                    title=f"{short}规范性文件{i + 1}",
                    doc_number=f"上{short[:1]}发〔{2019 + i}〕{i + 1}号",
                    issued_on=date(2019 + i, 3, 1),
                    repealed_on=date(2022, 12, 1) if i == 0 else None,
                )
                for i in range(3)
            ]
        )

    def _history(self, agency: Agency, officer: User, leader: User) -> None:
        """Earlier reports uploaded through the history import, as an officer would, each approved by the
        leader (only then do they count): each year's figures written as text by the core and read back,
        checked against the year before."""
        if AnnualReport.objects.filter(agency=agency).exists():
            return
        for year in HISTORY_YEARS:
            core = compute_report(agency, year)
            shift = PRINTED_MISTAKES.get((agency.code, year), {})
            if shift:
                core = core.with_cells({k: int(core.cells.get(k) or 0) + d for k, d in shift.items()})
            text = render_report(core, "text")
            assert isinstance(text, str)
            imported = annual_report_import(
                agency=agency,
                acting_user=officer,
                name=f"{agency.code}-{year}.txt",
                data=text.encode("utf-8"),
            )
            annual_report_record(report=imported, acting_user=leader)

    def _published(self, agency: Agency, officer: User, leader: User) -> None:
        """The reports of :data:`PUBLISHED_YEARS` generated, checked, approved and published through the real
        services on the day the department did it (the clock frozen then, so every date the column, the
        report list and the superior's board show is that day's): the real report with its files and its
        entry in the annual-report column, submitted to the superior office before the deadline."""
        import time_machine

        for year in PUBLISHED_YEARS:
            if (
                AnnualReport.objects.filter(agency=agency, year=year)
                .exclude(state__in=HISTORY_STATES)
                .exists()
            ):
                continue
            day = _at(published_on(year), 10)
            with time_machine.travel(day, tick=False):
                report = annual_report_generate(agency=agency, year=year, acting_user=officer)
            with time_machine.travel(day + timedelta(hours=1), tick=False):
                report = annual_report_check(report=report, acting_user=officer)
            with time_machine.travel(day + timedelta(hours=3), tick=False):
                annual_report_approve(report=report, acting_user=leader)

    def _guide(self, agency: Agency, admin: User, leader: User) -> None:
        """司法局's 政府信息公开指南 and 公开制度: written by its administrator, approved by its leader."""
        from gongkai_web.agencies.models import GUIDE_FIELDS, AgencyGuide
        from gongkai_web.agencies.services import guide_approve, guide_submit

        if AgencyGuide.objects.filter(agency=agency, published_at__isnull=False).exists():
            return
        fields = {**dict.fromkeys(GUIDE_FIELDS, ""), **SIFAJU_GUIDE}
        guide_submit(agency=agency, fields=fields, acting_user=admin)
        guide_approve(agency=agency, acting_user=leader)

    def _subcolumns(self, agency: Agency, admin: User) -> None:
        """Sub-columns of the government office's catalogue, added by its administrator (the tree)."""
        policy = agency.categories.get(code="zcwj")
        for code, name in SUBCOLUMNS:
            if not agency.categories.filter(code=code).exists():
                services.category_create(
                    agency=agency, code=code, name=name, parent=policy, acting_user=admin
                )

    def _government(self, agency: Agency) -> None:
        if Item.objects.filter(agency=agency).exists():
            return
        cats = {c.code: c for c in agency.categories.all()}
        rows = [
            {
                "category": cats["jgzn"],
                "title": "长治市上党区人民政府办公室主要职责",
                "body": "<p>负责区政府日常工作，协助区政府领导同志处理区政府日常工作。</p>",
                "published_at": _at(date(2019, 3, 1)),
            },
            {
                "category": cats["zcwj"],
                "title": "上党区人民政府办公室关于做好2021年政务公开工作的通知",
                "body": "<p>各乡镇人民政府，区直各有关单位：现就做好2021年政务公开工作通知如下。</p>",
                "doc_number": "上政办发〔2021〕12号",
                "validity": "valid",
                "published_at": _at(date(2021, 4, 8)),
            },
        ]
        services.items_import_published(agency=agency, rows=rows)

    def _workflow_examples(self, agencies: dict[str, Agency], users: dict[str, Any]) -> None:
        """A draft and an item awaiting review, so the task lists are not empty."""
        agency = agencies[SIFAJU[0]]
        if Item.objects.filter(agency=agency).exclude(status="published").exists():
            return
        news = agency.categories.get(code="gzdt")
        services.item_create(
            agency=agency,
            category=news,
            title="上党区司法局开展法律援助宣传月活动（草稿）",
            body="<p>草稿内容。</p>",
            acting_user=users["sfj-officer"],
        )
        pending = services.item_create(
            agency=agency,
            category=news,
            title="上党区司法局召开年度普法责任制推进会",
            body="<p>会议部署了本年度普法责任制重点工作。</p>",
            acting_user=users["sfj-officer"],
        )
        services.item_submit(item=pending, acting_user=users["sfj-officer"])
