"""Benchmark settings: production-like (DEBUG off, no SSL redirect on 127.0.0.1)."""

from gongkai_web.settings.dev import *  # noqa: F403

DEBUG = False
LOGGING = {"version": 1, "disable_existing_loggers": True, "root": {"level": "CRITICAL", "handlers": []}}
