"""Publish approved items whose scheduled time has come (run by a scheduler, e.g. every minute)."""

from django.core.management.base import BaseCommand

from gongkai_web.catalogue.services import items_publish_due


class Command(BaseCommand):
    help = "Publish approved items whose publish_at has come."

    def handle(self, *args: object, **options: object) -> None:
        published = items_publish_due()
        self.stdout.write(f"published {len(published)} item(s)")
