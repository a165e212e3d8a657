"""Helpers shared by the test modules."""

from __future__ import annotations

from typing import TYPE_CHECKING

from polars.testing import assert_frame_equal

from groepsinzicht.dataset import TABLE_NAMES, _ordered

if TYPE_CHECKING:
    import groepsinzicht as gi


def assert_same(got: gi.Dataset, want: gi.Dataset) -> None:
    """Assert two datasets hold the same rows, table by table, with a readable diff.

    Row order is not part of the contract (``Dataset.__eq__`` ignores it too), so both
    sides are sorted by key first.
    """
    for name in TABLE_NAMES:
        try:
            assert_frame_equal(_ordered(name, got.table(name)), _ordered(name, want.table(name)))
        except AssertionError as exc:
            raise AssertionError(f"table {name!r} differs: {exc}") from None
    assert got == want
