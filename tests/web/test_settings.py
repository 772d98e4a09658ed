"""Production settings are secure by default: a key is required and Django's deployment checks pass."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**base, "DJANGO_SETTINGS_MODULE": "gongkai_web.settings.base", **env},
        timeout=120,
    )


def test_production_settings_refuse_to_start_without_a_secret_key() -> None:
    result = _manage("check")
    assert result.returncode != 0 and "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_the_deployment_checks() -> None:
    result = _manage(
        "check", "--deploy", DJANGO_SECRET_KEY="x" * 60 + "-A1b2C3d4", DJANGO_ALLOWED_HOSTS="gk.example"
    )
    issues = {
        line.split(")")[0].split("(")[-1] for line in result.stderr.splitlines() if line.startswith("?: (")
    }
    # HSTS for subdomains and preloading are the operator's decision (the agency rarely owns the parent domain).
    assert issues <= {"security.W005", "security.W021"}, result.stderr
