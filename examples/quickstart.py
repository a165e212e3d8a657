"""Quickstart: load the bundled sample and print what it holds.

Run: python examples/quickstart.py
"""

from __future__ import annotations

import groepsinzicht as gi

ds = gi.load_sample()
print(ds)
print(ds.summary())
