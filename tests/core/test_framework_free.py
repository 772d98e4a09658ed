"""The core must never load Django: a fresh interpreter imports every core module and looks."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_core_loads_no_django() -> None:
    code = (
        "import importlib, pkgutil, sys, gongkai\n"
        "for m in pkgutil.walk_packages(gongkai.__path__, 'gongkai.'):\n"
        "    try:\n"
        "        importlib.import_module(m.name)\n"
        "    except ImportError:\n"
        "        pass\n"
        "bad = sorted(n for n in sys.modules if n == 'django' or n.startswith('django.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
