"""Session-wide benchmark data: the synthetic municipality at two fixed seeds and sizes.

``synth_small`` is the default config at seed 1 (about 500 posts and 4k comments);
``synth_large`` is seed 2 scaled to about 1M comments and 2M reactions. Each is checked
against a recorded fingerprint (rows per table and a few column sums), so a change to
the generator cannot silently change the baseline that benchmark runs are compared
against: when the generator changes on purpose, run the benchmarks once, copy the new
numbers from the failure message into ``SMALL``/``LARGE`` below and say so in the
changelog (saved benchmark runs made before the change are no longer comparable).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import polars as pl
import pytest

from groepsinzicht.synth import SynthConfig, generate

if TYPE_CHECKING:
    import groepsinzicht as gi

SMALL_CONFIG = SynthConfig(seed=1)
LARGE_CONFIG = SynthConfig(seed=2, scale=260.0)

# Recorded fingerprints (see the module docstring before changing them).
SMALL: dict[str, int] = {
    "containers": 4, "audience": 115, "members": 1958, "posts": 515, "comments": 3904,
    "reactions": 7966, "reaction_counts": 3409, "rejected": 0,
    "posts.created_at_s": 882101840220, "posts.reported_comments": 3996,
    "posts.reach": 136746, "comments.created_at_s": 6686882858191,
    "comments.replies": 1731, "comments.message_chars": 165597, "reactions.like": 4698,
    "members.joined_at_s": 1260598093793,
}
LARGE: dict[str, int] = {
    "containers": 4, "audience": 115, "members": 502958, "posts": 136735,
    "comments": 1017977, "reactions": 2206981, "reaction_counts": 916256, "rejected": 0,
    "posts.created_at_s": 234150280685088, "posts.reported_comments": 1107307,
    "posts.reach": 11836860656, "comments.created_at_s": 1743209512412702,
    "comments.replies": 454153, "comments.message_chars": 43223115,
    "reactions.like": 1308493, "members.joined_at_s": 323759693360575,
}


def fingerprint(ds: gi.Dataset) -> dict[str, int]:
    """Rows per table plus sums that move when any value moves."""
    out = {name: frame.height for name, frame in ds.tables.items()}
    out["posts.created_at_s"] = int(
        ds.posts.select(pl.col("created_at").dt.epoch("s").sum()).item() or 0)
    out["posts.reported_comments"] = int(ds.posts.get_column("reported_comments").sum())
    out["posts.reach"] = int(ds.posts.get_column("reach").sum())
    out["comments.created_at_s"] = int(
        ds.comments.select(pl.col("created_at").dt.epoch("s").sum()).item() or 0)
    out["comments.replies"] = int(ds.comments.get_column("parent_id").is_not_null().sum())
    out["comments.message_chars"] = int(
        ds.comments.get_column("message").str.len_chars().sum())
    out["reactions.like"] = int((ds.reactions.get_column("reaction_type") == "like").sum())
    out["members.joined_at_s"] = int(
        ds.members.select(pl.col("joined_at").dt.epoch("s").sum()).item() or 0)
    return out


def _checked(config: SynthConfig, recorded: dict[str, int], label: str) -> gi.Dataset:
    started = time.perf_counter()
    ds = generate(config)
    seconds = time.perf_counter() - started
    print(f"\n{label}: generated in {seconds:.1f} s: {ds!r}")
    found = fingerprint(ds)
    if found != recorded:
        pytest.fail(
            f"{label}: the generator's output changed, so benchmark baselines are no "
            f"longer comparable. If that is intended, record in benchmarks/conftest.py:\n"
            f"{found!r}",
            pytrace=False,
        )
    return ds


@pytest.fixture(scope="session")
def synth_small() -> gi.Dataset:
    """The default municipality at seed 1 (the size of the bundled sample)."""
    return _checked(SMALL_CONFIG, SMALL, "synth_small")


@pytest.fixture(scope="session")
def synth_large() -> gi.Dataset:
    """Seed 2 at scale 260: about 1M comments and 2M reactions."""
    return _checked(LARGE_CONFIG, LARGE, "synth_large")
