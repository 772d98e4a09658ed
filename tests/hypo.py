"""Hypothesis budgets for the suite: full runs by default, an eighth of the examples in the fast lane.

``scripts/test --fast`` sets ``GONGKAI_TEST_PROFILE=fast``. Property tests take their settings from
:func:`budget` so the one number each test states scales with the lane; tests without their own settings
follow the registered profile of the same name.
"""

from __future__ import annotations

import os
from typing import Any

from hypothesis import HealthCheck, settings

PROFILE = os.environ.get("GONGKAI_TEST_PROFILE", "full")
FAST = PROFILE == "fast"

settings.register_profile("full", deadline=None)
settings.register_profile("fast", deadline=None, max_examples=12)
settings.load_profile("fast" if FAST else "full")


def examples(n: int) -> int:
    """``n`` in full runs; an eighth of it (at least 3) in the fast lane."""
    return max(3, n // 8) if FAST else n


def budget(n: int, *, slow: bool = False, **kwargs: Any) -> settings:
    """Settings for a property test of ``n`` examples (scaled by the lane); ``slow`` silences the too_slow
    health check for tests whose every example renders or parses a whole document."""
    checks = [HealthCheck.too_slow] if slow else []
    return settings(max_examples=examples(n), deadline=None, suppress_health_check=checks, **kwargs)
