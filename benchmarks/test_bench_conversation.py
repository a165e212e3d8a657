"""Conversation and theme analyses on ~1M comments and ~2M reactions.

Run with ``.venv/bin/pytest benchmarks/test_bench_conversation.py --benchmark-only``.

The data are the session fixture ``synth_large`` of ``benchmarks/conftest.py`` (the
synthetic municipality at scale 260: ~137k posts, ~1.0M comments with texts, ~2.2M
reactions), so question detection and the theme rules have real text to work on.
"""

from __future__ import annotations

import polars as pl
import pytest

import groepsinzicht as gi


@pytest.fixture(scope="session")
def conv_ds(synth_large: gi.Dataset) -> gi.Dataset:
    assert synth_large.comments.height >= 1_000_000
    return synth_large


def test_bench_conversation(benchmark, conv_ds: gi.Dataset) -> None:
    got = benchmark.pedantic(gi.conversation, args=(conv_ds,), rounds=3, iterations=1)
    assert got.height == conv_ds.containers.height
    assert got.get_column("questions").sum() > 0


def test_bench_question_responses(benchmark, conv_ds: gi.Dataset) -> None:
    got = benchmark.pedantic(gi.question_responses, args=(conv_ds,), rounds=3,
                             iterations=1)
    assert got.height > 0


def test_bench_assign_themes(benchmark, conv_ds: gi.Dataset) -> None:
    got = benchmark.pedantic(gi.assign_themes, args=(conv_ds,), rounds=3, iterations=1)
    assert set(got.get_column("theme").unique()) <= set(gi.DEFAULT_THEMES.themes)


def test_bench_theme_coverage(benchmark, conv_ds: gi.Dataset) -> None:
    got = benchmark.pedantic(gi.theme_coverage, args=(conv_ds,), rounds=3, iterations=1)
    assert got.get_column("posts").min() is not None
    assert got.filter(pl.col("posts") < 0).height == 0
