"""The generator's own speed, and the recorded benchmark data.

Run with ``.venv/bin/pytest benchmarks/test_bench_synth.py --benchmark-only``.
``test_large_fingerprint`` builds ``synth_large`` (about 1M comments and 2M reactions)
once and prints how long that took; the timed benchmarks use smaller scales so they can
repeat.
"""

from __future__ import annotations

import pytest

import groepsinzicht as gi
from groepsinzicht.synth import SynthConfig, generate


def test_generate_default(benchmark, synth_small):
    ds = benchmark(generate, SynthConfig(seed=1))
    assert ds == synth_small


@pytest.mark.parametrize("scale", [10.0, 50.0])
def test_generate_scaled(benchmark, scale):
    ds = benchmark.pedantic(generate, args=(SynthConfig(seed=2, scale=scale),), rounds=2,
                            iterations=1)
    assert ds.comments.height > 3000 * scale


def test_large_fingerprint(benchmark, synth_large):
    # The fixture checked the fingerprint; time something cheap so --benchmark-only runs it.
    n = benchmark(lambda: synth_large.comments.height)
    assert isinstance(synth_large, gi.Dataset)
    assert n > 900_000
    assert synth_large.reactions.height > 1_800_000
