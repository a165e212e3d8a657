"""``python -m groepsinzicht``: the command line."""

from __future__ import annotations

from groepsinzicht.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
