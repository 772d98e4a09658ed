"""Remind agencies that have not published last year's report as its deadline (31 January) approaches.

Run daily in January (and March for governments) from a scheduler; mail goes out after the transaction commits.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from gongkai.workflow import today_in_china
from gongkai_web.annual_reports.services import reminders_send


class Command(BaseCommand):
    help = "E-mail officers and leaders of agencies whose report on last year is unpublished and due soon."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD (default: today in China)"
        )
        parser.add_argument(
            "--window", type=int, default=14, help="days before the deadline to start (default 14)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            n = reminders_send(today=options["today"] or today_in_china(), window=options["window"])
        self.stdout.write(f"{n} reminder message(s) sent")
