"""Peak memory of loading an export, measured as the peak RSS of a fresh subprocess.

Run with ``.venv/bin/pytest benchmarks/test_bench_memory.py --benchmark-only -s``.

Each case writes a synthetic export once, then loads it in a new Python process that
reports its own peak resident set size (``VmHWM``, Linux) at exit. The named baseline is
the same process doing only ``import groepsinzicht``: the difference is what the load
itself costs. ``extra_info`` records the input size, the peak RSS and their ratio
(DESIGN.md "Where the time goes" measured 2.2x to 16.7x the input for other readers).
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from groepsinzicht.synth import generate
from groepsinzicht.synth._write_graph_api import write_graph_api

if TYPE_CHECKING:
    from pathlib import Path

# VmHWM, not ru_maxrss: Linux carries ru_maxrss across exec, so a child forked from a
# benchmark process holding gigabytes would report the parent's peak.
_CHILD = """
import json, sys, time
import groepsinzicht as gi
start = time.perf_counter()
ds = None if sys.argv[1] == "-" else gi.load(sys.argv[1], progress=False)
seconds = time.perf_counter() - start
rows = 0 if ds is None else ds.posts.height + ds.comments.height + ds.reactions.height
with open("/proc/self/status") as fh:
    peak = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
print(json.dumps({"peak_kib": peak, "seconds": seconds, "rows": rows}))
"""


def _run(path: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", _CHILD, path], capture_output=True,
                         text=True, check=True)
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    ds = generate(seed=3, scale=40.0)
    feed = tmp_path_factory.mktemp("feed")
    write_graph_api(ds, feed)
    canon = ds.write(tmp_path_factory.mktemp("canonical") / "ds")
    return {"graph_api": feed, "canonical": canon}


@pytest.mark.parametrize("fmt", ["graph_api", "canonical"])
def test_peak_rss_of_load(benchmark, exports, fmt):
    base = _run("-")
    path = exports[fmt]
    result = benchmark.pedantic(_run, args=(str(path),), rounds=1, iterations=1)
    size = _size(path)
    load_kib = result["peak_kib"] - base["peak_kib"]
    benchmark.extra_info.update({
        "input_mb": round(size / 1e6, 1),
        "rows": result["rows"],
        "peak_rss_mb": round(result["peak_kib"] / 1024, 1),
        "import_only_rss_mb": round(base["peak_kib"] / 1024, 1),
        "load_rss_over_input": round(load_kib * 1024 / size, 2),
        "load_seconds": round(result["seconds"], 2),
    })
    print(f"\n{fmt}: {size / 1e6:.1f} MB in, peak RSS {result['peak_kib'] / 1024:.0f} MB "
          f"(import alone {base['peak_kib'] / 1024:.0f} MB): "
          f"{load_kib * 1024 / size:.2f}x the input, {result['seconds']:.1f} s")
    assert result["rows"] > 0
