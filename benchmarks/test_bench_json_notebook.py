"""The JSON target of issue 12: gi.load against what a notebook user writes, in one run.

Run with ``pytest benchmarks/test_bench_json_notebook.py --benchmark-only -s``.

A ~145 MB Graph API feed (``generate(seed=3, scale=76)``: 40k posts, 297k comments and
replies, 642k reactions) is written once to a temporary folder. Each contender runs in a
fresh subprocess that reports its time and peak RSS (VmHWM), alternating, three rounds:

- ``notebook``: ``json.load`` per file, loops building lists of dicts (posts, comments
  with their replies, reactions), ``pandas.DataFrame`` and ``pd.to_datetime`` (the
  named baseline);
- ``gi_load``: ``gi.load(folder, format="graph_api")``;
- ``gi_load_careful``: ``gi.load`` with the reader's fast path (typed msgspec structs)
  switched off: the careful walk over orjson's dicts alone, to show what the fast path
  gains in the same run;
- ``gi_load_ndjson``: the same feed written as NDJSON (one post per line), through
  ``gi.load``: the issue asks for the same memory bound;
- ``decode_floor``: ``msgspec`` typed structs declaring only the fields read (unknown
  fields skipped in C): the floor any reader of these bytes pays.

Targets (issue 12): gi.load at least 5x faster than the notebook at no more than 0.6x
its peak memory. The printed table gives the ratios; the machine may be shared, so only
ratios from one run mean something.
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
import json, sys, time, gc
from pathlib import Path
folder = Path(sys.argv[1])
files = sorted(folder.iterdir())
"""

NOTEBOOK = _PRELUDE + """
import pandas as pd
start = time.perf_counter()
posts, comments, reactions = [], [], []
def walk(cs, post_id, parent):
    for c in cs:
        f = c.get("from") or {}
        comments.append({"comment_id": c["id"], "post_id": post_id, "parent_id": parent,
                         "author_id": f.get("id"), "created_time": c["created_time"],
                         "message": c.get("message")})
        for r in (c.get("reactions") or {}).get("data", []):
            reactions.append({"target_id": c["id"], "actor_id": r.get("id"),
                              "type": r.get("type")})
        walk((c.get("comments") or {}).get("data", []), post_id, c["id"])
for path in files:
    with open(path, encoding="utf-8") as fh:
        doc = json.load(fh)
    for p in doc["data"]:
        f = p.get("from") or {}
        posts.append({"post_id": p["id"], "author_id": f.get("id"),
                      "created_time": p["created_time"], "message": p.get("message"),
                      "permalink_url": p.get("permalink_url"),
                      "reactions": (p.get("reactions") or {}).get("summary", {})
                      .get("total_count"),
                      "comments": (p.get("comments") or {}).get("summary", {})
                      .get("total_count"),
                      "shares": (p.get("shares") or {}).get("count", 0)})
        for r in (p.get("reactions") or {}).get("data", []):
            reactions.append({"target_id": p["id"], "actor_id": r.get("id"),
                              "type": r.get("type")})
        walk((p.get("comments") or {}).get("data", []), p["id"], None)
    del doc
posts_df = pd.DataFrame(posts); comments_df = pd.DataFrame(comments)
reactions_df = pd.DataFrame(reactions)
del posts, comments, reactions
for df in (posts_df, comments_df):
    df["created_time"] = pd.to_datetime(df["created_time"], utc=True, format="ISO8601")
rows = len(posts_df) + len(comments_df) + len(reactions_df)
"""

GI_LOAD = _PRELUDE + """
import groepsinzicht as gi
start = time.perf_counter()
ds = gi.load(folder, format="graph_api", progress=False)
rows = ds.posts.height + ds.comments.height + ds.reactions.height
"""

DECODE_FLOOR = _PRELUDE + """
import msgspec
class Who(msgspec.Struct):
    id: str | None = None
class Reaction(msgspec.Struct):
    id: str | None = None
    type: str | None = None
class Reactions(msgspec.Struct):
    data: list[Reaction] = []
class Comment(msgspec.Struct):
    id: str
    created_time: str
    message: str | None = None
    from_: Who | None = msgspec.field(default=None, name="from")
    reactions: Reactions | None = None
    comments: "Comments | None" = None
class Comments(msgspec.Struct):
    data: list[Comment] = []
class Post(msgspec.Struct):
    id: str
    created_time: str
    message: str | None = None
    from_: Who | None = msgspec.field(default=None, name="from")
    reactions: Reactions | None = None
    comments: Comments | None = None
class Feed(msgspec.Struct):
    data: list[Post]
decoder = msgspec.json.Decoder(Feed)
start = time.perf_counter()
rows = 0
gc.disable()
for path in files:
    rows += len(decoder.decode(path.read_bytes()).data)
gc.enable()
"""

_FOOTER = """
seconds = time.perf_counter() - start
with open("/proc/self/status") as fh:
    peak = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
print(json.dumps({"seconds": seconds, "peak_kib": peak, "rows": rows}))
"""

GI_LOAD_NDJSON = GI_LOAD.replace("folder = Path(sys.argv[1])",
                                 "folder = Path(sys.argv[1] + '_ndjson')")
GI_LOAD_CAREFUL = GI_LOAD.replace(
    "import groepsinzicht as gi\n",
    "import groepsinzicht as gi\nfrom groepsinzicht.io import _graph_api\n"
    "_graph_api._read_fast = lambda src, options: None\n")
CONTENDERS = {"notebook": NOTEBOOK, "gi_load": GI_LOAD, "gi_load_careful": GI_LOAD_CAREFUL,
              "gi_load_ndjson": GI_LOAD_NDJSON, "decode_floor": DECODE_FLOOR}


def _run(code: str, folder: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", code + _FOOTER, str(folder)],
                         capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


@pytest.fixture(scope="module")
def feed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from groepsinzicht.synth import generate, write_graph_api

    folder = tmp_path_factory.mktemp("feed130")
    ds = generate(seed=3, scale=76.0)
    write_graph_api(ds, folder)
    write_graph_api(ds, folder.with_name(folder.name + "_ndjson"), layout="ndjson")
    return folder


def test_graph_api_against_the_notebook(benchmark, feed):
    pytest.importorskip("pandas")
    pytest.importorskip("msgspec")
    results: dict[str, list[dict[str, float]]] = {k: [] for k in CONTENDERS}
    for _ in range(3):
        for name, code in CONTENDERS.items():
            results[name].append(_run(code, feed))
    benchmark.pedantic(_run, args=(GI_LOAD, feed), rounds=1, iterations=1)
    best = {k: min(r["seconds"] for r in v) for k, v in results.items()}
    peak = {k: min(r["peak_kib"] for r in v) / 1024 for k, v in results.items()}
    size = sum(f.stat().st_size for f in feed.iterdir()) / 1e6
    speedup = best["notebook"] / best["gi_load"]
    memory = peak["gi_load"] / peak["notebook"]
    memory_nd = peak["gi_load_ndjson"] / peak["notebook"]
    benchmark.extra_info.update(
        input_mb=round(size, 1), seconds=best, peak_mib=peak,
        speedup_over_notebook=round(speedup, 2), memory_over_notebook=round(memory, 2),
        careful_speedup_over_notebook=round(best["notebook"] / best["gi_load_careful"], 2),
        ndjson_speedup_over_notebook=round(best["notebook"] / best["gi_load_ndjson"], 2),
        ndjson_memory_over_notebook=round(memory_nd, 2),
        over_decode_floor=round(best["gi_load"] / best["decode_floor"], 2),
        reference="notebook")
    print(f"\n{size:.0f} MB Graph API feed, best of 3 (seconds, peak MiB):")
    for k in CONTENDERS:
        print(f"  {k:15s} {best[k]:6.2f} s  {peak[k]:6.0f} MiB")
    print(f"  gi.load: {speedup:.2f}x the notebook's speed (target 5x) at {memory:.2f}x "
          f"its memory (target 0.6x); {best['gi_load'] / best['decode_floor']:.1f}x the "
          f"decode floor")
    print(f"  NDJSON: {best['notebook'] / best['gi_load_ndjson']:.2f}x the notebook's speed "
          f"at {memory_nd:.2f}x its memory")
