"""The calibration fit (issue 14): the grid posterior for 412 and ~4k "Seen by" counts.

Run with ``.venv/bin/pytest benchmarks/test_bench_calibrate.py --benchmark-only``.
"""

from __future__ import annotations

import pytest

import groepsinzicht as gi
from groepsinzicht.synth import generate, project_seen_by

TRUTH = {"view_rate": 0.75, "highlight_rate": 0.25, "overdispersion": 0.03}


@pytest.mark.parametrize("scale", [1.0, 10.0], ids=["412-posts", "4k-posts"])
def test_bench_calibrate(benchmark, scale: float) -> None:
    ds = generate(scale=scale)
    counts = project_seen_by(ds, seed=0, **TRUTH)
    cal = benchmark.pedantic(gi.calibrate, args=(ds, counts), rounds=3, iterations=1)
    assert cal.posts.height == counts.height
    # At scale 10 every group is above 250 members: only v * h is identified there.
    v, h = cal.interval_draws()
    assert abs((v * h).mean() - TRUTH["view_rate"] * TRUTH["highlight_rate"]) < 0.02
