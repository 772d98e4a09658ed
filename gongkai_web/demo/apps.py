"""The demo data set (``manage.py seed_demo``)."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "gongkai_web.demo"
    label = "demo"
    verbose_name = "Demo"
