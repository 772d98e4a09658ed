"""The disclosure catalogue (公开目录) with approval before publication."""

from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "gongkai_web.catalogue"
    label = "catalogue"
    verbose_name = "Catalogue"

    def ready(self) -> None:
        # Every agency has the national categories from its creation (agencies.services.agency_create).
        from gongkai_web.agencies.services import AGENCY_CREATED
        from gongkai_web.catalogue.services import categories_of_new_agency

        AGENCY_CREATED.connect(categories_of_new_agency)
