"""Command-line interface ``gongkai``: one module per command, all registered on one typer app."""

from __future__ import annotations

import gc

# Importing makes objects that live as long as the process: the collector's passes over them while the
# commands are imported were a fifth of the start-up (which is serial in a batch), so it waits until then.
_collecting = gc.isenabled()
gc.disable()
try:
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
finally:
    if _collecting:
        gc.enable()


def main() -> None:
    """Console-script entry point."""
    app()


__all__ = ["app", "main"]
