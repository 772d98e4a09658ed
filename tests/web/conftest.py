"""Web test setup: Django settings, factories wired as fixtures, and one agency world for authorisation tests."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import pytest

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai_web.settings.test")


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai_web.settings.test")


@pytest.fixture(autouse=True)
def _site_language() -> Any:
    """Every test starts in the site's language: a request in English leaves English active in the thread
    (LocaleMiddleware activates it and nothing resets it), and the next test on that worker would read the
    pages, charts and messages it builds in English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@dataclass
class World:
    """Two sibling departments A and B under office P, with one user per role (``other`` works in B)."""

    office: Any
    agency: Any
    other_agency: Any
    users: dict[str, Any]
    draft: Any
    submitted: Any
    published: Any
    category: Any
    attachment: Any


@pytest.fixture
def world(db: Any) -> World:
    from tests.web import factories as f

    office = f.AgencyFactory(code="office", name="区政府办公室")
    agency = f.AgencyFactory(code="dept-a", name="甲局", parent=office)
    other_agency = f.AgencyFactory(code="dept-b", name="乙局", parent=office)
    users = {
        "officer": f.member(agency, "officer", username="officer"),
        "leader": f.member(agency, "leader", username="leader"),
        "admin": f.member(agency, "admin", username="admin"),
        "superior": f.member(office, "superior", username="superior"),
        "other": f.member(other_agency, "officer", username="other"),
        "anonymous": None,
    }
    f.member(other_agency, "leader", username="other-leader")
    category = agency.categories.get(code="gzdt")
    draft = f.item(agency=agency, author=users["officer"], title="草稿一")
    submitted = f.item(agency=agency, author=users["officer"], title="待审一", state="submitted")
    published = f.item(
        agency=agency, author=users["officer"], title="已发布一", state="published", approver=users["leader"]
    )
    attachment = f.attachment(published)
    return World(office, agency, other_agency, users, draft, submitted, published, category, attachment)


@pytest.fixture(scope="module")
def demo_for_module(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """The demo loaded once for the module that asks (it renders real reports, which takes a while), emptied
    after it (no migration creates rows, so the flush leaves the schema as it found it)."""
    import io

    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=io.StringIO())
        yield
        call_command("flush", interactive=False, verbosity=0)
