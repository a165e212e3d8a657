"""Print the ratio table of a saved pytest-benchmark run: ours against each reference.

Usage::

    python benchmarks/ratios.py                      # the newest run in .benchmarks/
    python benchmarks/ratios.py 0003                 # a saved run by number (or a path)

Medians come from the run; pairs measured as two benchmarks (ours and its named
reference) are divided here, and benchmarks that time their reference themselves (in the
same process, alternating) report their ratio in ``extra_info``, printed as recorded.
Only ratios from one run mean something on a shared machine.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / ".benchmarks"

#: ours -> its reference, where both are benchmarks of their own.
PAIRS = {
    "test_post_engagement_polars": "test_post_engagement_pandas_baseline",
    "test_member_activity_polars": "test_member_activity_pandas_baseline",
    "test_member_centrality_50k_igraph": "test_member_centrality_50k_networkx_once",
    "test_centrality_end_to_end_1m_igraph": "test_centrality_end_to_end_1m_networkx_once",
    "test_read_graph_api_large": "test_baseline_orjson_decode_large",
    "test_read_graph_api_small": "test_baseline_orjson_decode_small",
}

#: extra_info keys that hold a ratio or a memory figure recorded by the benchmark itself.
RECORDED = ("ratio", "ratio_over_floor", "ratio_loop_scan", "speedup_over_notebook",
            "memory_over_notebook", "over_decode_floor", "peak_rss_gib", "peak_rss_mb",
            "load_rss_over_input", "speedup_over_pandas", "memory_over_pandas",
            "careful_speedup_over_notebook", "ndjson_speedup_over_notebook",
            "ndjson_memory_over_notebook", "peak_rss_mib", "peak_over_file")


def _run_file(arg: str | None) -> Path:
    runs = sorted(ROOT.glob("*/*.json"), key=lambda p: p.name)
    if arg is None:
        if not runs:
            sys.exit("no saved runs in .benchmarks/ (pytest ... --benchmark-save=NAME)")
        return runs[-1]
    path = Path(arg)
    if path.is_file():
        return path
    matches = [p for p in runs if p.name.startswith(arg)]
    if not matches:
        sys.exit(f"no saved run {arg!r} in {ROOT}")
    return matches[-1]


def table(path: Path) -> str:
    """The markdown table of one saved run."""
    run = json.loads(path.read_text())
    by_name = {b["name"]: b for b in run["benchmarks"]}
    m = run["machine_info"]
    lines = [
        f"run {path.name} ({run['datetime'][:19]}), {m.get('cpu', {}).get('brand_raw', '?')}, "
        f"{m.get('cpu', {}).get('count', '?')} cores, Python {m['python_version']}",
        "",
        "| benchmark | median (s) | reference | reference median (s) | ratio | recorded |",
        "|---|---|---|---|---|---|",
    ]
    for name, bench in by_name.items():
        median = bench["stats"]["median"]
        ref = PAIRS.get(name)
        ref_cell = ref_median = ratio = ""
        if ref in by_name:
            ref_cell = ref
            r = by_name[ref]["stats"]["median"]
            ref_median = f"{r:.3f}"
            ratio = f"{r / median:.2f}x"
        info = bench.get("extra_info", {})
        recorded = ", ".join(
            f"{k}={info[k]:.2f}" if isinstance(info[k], float) else f"{k}={info[k]}"
            for k in RECORDED if k in info)
        if ref_cell or recorded or name not in PAIRS.values():
            lines.append(f"| {name} | {median:.3f} | {ref_cell} | {ref_median} | {ratio} | "
                         f"{recorded} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(_run_file(sys.argv[1] if len(sys.argv) > 1 else None)))
