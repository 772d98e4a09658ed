"""The staff home: a member's tasks and the pages of each of their agencies, and an agency's audit log."""

from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "gongkai_web.staff"
    label = "staff"
    verbose_name = "Staff home"
