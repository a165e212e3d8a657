"""The CSV target of issue 12: gi.load against pandas.read_csv plus the same clean-up.

Run with ``pytest benchmarks/test_bench_csv.py --benchmark-only -s``.

One synthetic page with about 200k posts (``SynthConfig(seed=5, page_posts_per_month=
33400)``, six months, few comments and reactions: the exports hold post rows only) is
written once as a CrowdTangle export (pt-BR numbers ``8.263`` / ``2,39`` in every count
column, ``Post Created`` with ``CET``/``CEST``), as six monthly Business Suite content CSVs
(Dutch headers, thousands ``.``, ``Publish time`` wall time in Europe/Amsterdam) and as a
Page Insights post export (a description row, ``MM/DD/YYYY HH:MM:SS AM`` times). Each
contender runs in a fresh subprocess that reports its time and peak RSS (VmHWM),
alternating, three rounds, best of three:

- ``pandas``: ``pd.read_csv`` with the export's encoding, separator and thousands mark,
  and the clean-up a notebook user writes: times parsed with the export's time zone and
  converted to UTC, ids extracted from URLs with ``str.extract``, locale numbers (the
  named reference);
- ``gi_load``: ``gi.load(path, format=..., progress=False)``.

Target (issue 12): gi.load at least 3x faster than pandas at no more peak memory. The
printed table gives the ratios; the machine may be shared, so only ratios from one run
mean something.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pathlib import Path

_PRELUDE = """
import json, sys, time
from pathlib import Path
path = Path(sys.argv[1])
files = sorted(path.iterdir())
"""

PANDAS = {
    "crowdtangle": _PRELUDE + """
import pandas as pd
start = time.perf_counter()
offsets = {"UTC": 0, "GMT": 0, "CET": 60, "CEST": 120, "EST": -300, "EDT": -240}
frames = []
for f in files:
    df = pd.read_csv(f, encoding="utf-8-sig", thousands=".", decimal=",",
                     dtype={"Facebook Id": str, "URL": str, "Message": str})
    df = df[df["Facebook Id"].notna()]
    parts = df["Post Created"].str.extract(r"^(.+) ([A-Z]+)$")
    minutes = parts[1].map(offsets)
    df["created_at"] = (pd.to_datetime(parts[0], format="%Y-%m-%d %H:%M:%S")
                        - pd.to_timedelta(minutes, unit="min")).dt.tz_localize("UTC")
    df["post_id"] = df["URL"].str.extract(r"/(?:posts|permalink)/(\\d+)/?$")[0]
    df["container_id"] = df["Facebook Id"]
    frames.append(df)
posts = pd.concat(frames, ignore_index=True)
posts = posts.drop_duplicates(["container_id", "post_id"], keep="last")
rows = len(posts)
""",
    "business_suite": _PRELUDE + """
import pandas as pd
start = time.perf_counter()
frames = []
for f in files:
    df = pd.read_csv(f, encoding="utf-8-sig", thousands=".",
                     dtype={"Bericht-ID": str, "Pagina-ID": str, "Permalink": str})
    df = df[df["Datum"] == "Looptijd"]
    local = pd.to_datetime(df["Publicatietijdstip"], format="%m/%d/%Y %H:%M")
    df["created_at"] = local.dt.tz_localize(
        "Europe/Amsterdam", ambiguous=True, nonexistent="shift_forward").dt.tz_convert("UTC")
    df["permalink_id"] = df["Permalink"].str.extract(r"/posts/(\\d+)")[0]
    frames.append(df)
posts = pd.concat(frames, ignore_index=True)
posts = posts.drop_duplicates(["Pagina-ID", "Bericht-ID"], keep="last")
rows = len(posts)
""",
    "insights": _PRELUDE + """
import pandas as pd
start = time.perf_counter()
frames = []
for f in files:
    df = pd.read_csv(f, encoding="utf-8", skiprows=[1], thousands=",",
                     dtype={"Post ID": str, "Permalink": str})
    local = pd.to_datetime(df["Posted"], format="%m/%d/%Y %I:%M:%S %p")
    df["created_at"] = local.dt.tz_localize(
        "Europe/Amsterdam", ambiguous=True, nonexistent="shift_forward").dt.tz_convert("UTC")
    df["container_id"] = df["Post ID"].str.extract(r"^(\\d+)_")[0]
    df["permalink_page"] = df["Permalink"].str.extract(r"facebook\\.com/(\\d+)/posts/")[0]
    frames.append(df)
posts = pd.concat(frames, ignore_index=True)
posts = posts.drop_duplicates(["Post ID"], keep="last")
rows = len(posts)
""",
}

GI_LOAD = _PRELUDE + """
import groepsinzicht as gi
fmt = sys.argv[2]
start = time.perf_counter()
ds = gi.load(path, format=fmt, progress=False)
rows = ds.posts.height
"""

_FOOTER = """
seconds = time.perf_counter() - start
with open("/proc/self/status") as fh:
    peak = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
print(json.dumps({"seconds": seconds, "peak_kib": peak, "rows": rows}))
"""

FORMATS = ("crowdtangle", "business_suite", "insights")


def _run(code: str, folder: Path, fmt: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", code + _FOOTER, str(folder), fmt],
                         capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from groepsinzicht.synth import (
        SynthConfig,
        generate,
        write_business_suite,
        write_crowdtangle,
        write_insights,
    )

    ds = generate(SynthConfig(seed=5, page_posts_per_month=33400,
                              page_comments_per_post=0.0, comments_per_post=0.0,
                              page_reactions_per_post=3.0, reactions_per_comment=0.0))
    root = tmp_path_factory.mktemp("csv200k")
    write_crowdtangle(ds, root / "crowdtangle", format_all_counts=True)
    write_business_suite(ds, root / "business_suite", thousands=".")
    write_insights(ds, root / "insights")
    return {fmt: root / fmt for fmt in FORMATS}


@pytest.mark.parametrize("fmt", FORMATS)
def test_csv_against_pandas(benchmark, exports, fmt):
    pytest.importorskip("pandas")
    folder = exports[fmt]
    contenders = {"pandas": PANDAS[fmt], "gi_load": GI_LOAD}
    results: dict[str, list[dict[str, float]]] = {k: [] for k in contenders}
    for _ in range(3):
        for name, code in contenders.items():
            results[name].append(_run(code, folder, fmt))
    benchmark.pedantic(_run, args=(GI_LOAD, folder, fmt), rounds=1, iterations=1)
    rows = {k: int(v[0]["rows"]) for k, v in results.items()}
    best = {k: min(r["seconds"] for r in v) for k, v in results.items()}
    peak = {k: min(r["peak_kib"] for r in v) / 1024 for k, v in results.items()}
    size = sum(f.stat().st_size for f in folder.iterdir()) / 1e6
    speedup = best["pandas"] / best["gi_load"]
    memory = peak["gi_load"] / peak["pandas"]
    benchmark.extra_info.update(
        input_mb=round(size, 1), rows=rows, seconds=best, peak_mib=peak,
        speedup_over_pandas=round(speedup, 2), memory_over_pandas=round(memory, 2),
        reference="pandas")
    print(f"\n{fmt}: {size:.0f} MB, {rows['gi_load']} posts, best of 3 "
          "(seconds, peak MiB):")
    for k in contenders:
        print(f"  {k:8s} {best[k]:6.2f} s  {peak[k]:6.0f} MiB  ({rows[k]} rows)")
    print(f"  gi.load: {speedup:.2f}x pandas' speed (target 3x) at {memory:.2f}x its "
          f"memory (target at most 1x)")
