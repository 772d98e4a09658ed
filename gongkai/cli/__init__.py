"""Command-line interface ``gongkai``: one module per command, all registered on one typer app."""

from __future__ import annotations

from gongkai.cli.app import app

# Importing a command module registers its command on ``app``.
from gongkai.cli import templates_cmd  # noqa: F401  isort: skip
from gongkai.cli import deadline_cmd  # noqa: F401  isort: skip
from gongkai.cli import parse_cmd  # noqa: F401  isort: skip
from gongkai.cli import check_cmd  # noqa: F401  isort: skip
from gongkai.cli import render_cmd  # noqa: F401  isort: skip
from gongkai.cli import rules_cmd  # noqa: F401  isort: skip
from gongkai.cli import indicators_cmd  # noqa: F401  isort: skip
from gongkai.cli import compare_cmd  # noqa: F401  isort: skip
from gongkai.cli import crawl_cmd  # noqa: F401  isort: skip


def main() -> None:
    """Console-script entry point."""
    app()


__all__ = ["app", "main"]
