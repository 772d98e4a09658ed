"""The disclosure catalogue (公开目录) with approval before publication."""

from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "gongkai_web.catalogue"
    label = "catalogue"
    verbose_name = "Catalogue"
