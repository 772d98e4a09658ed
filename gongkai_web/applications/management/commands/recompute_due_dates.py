"""Recompute the due dates of open applications on the current calendar (after a notice is loaded elsewhere)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gongkai_web.applications.services import due_dates_recompute


class Command(BaseCommand):
    help = "Recompute the due dates of every open application on the current working-day calendar."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{due_dates_recompute()} due date(s) changed")
