"""E-mail officers their due and overdue applications (run daily from a scheduler, e.g. cron or a systemd timer)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai_web.applications.services import reminders_send


class Command(BaseCommand):
    help = "E-mail each agency's officers the open applications due within N working days or overdue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD (default: today in China)"
        )
        parser.add_argument("--horizon", type=int, default=3, help="working days ahead (default 3)")

    def handle(self, *args: Any, **options: Any) -> None:
        n = reminders_send(today=options["today"], horizon=options["horizon"])
        self.stdout.write(f"{n} reminder message(s) sent")
