"""What every page's footer shows: the site's 主办单位, contact and registrations (``GONGKAI_SITE_FOOTER``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

#: The footer's entries in the order shown; their labels are in the template.
FOOTER_KEYS = ("host", "contact", "icp", "police", "site_code")


def site_footer(request: HttpRequest) -> dict[str, Any]:
    given: dict[str, str] = getattr(settings, "GONGKAI_SITE_FOOTER", {})
    return {"site_footer": {k: given[k] for k in FOOTER_KEYS if given.get(k)}}
