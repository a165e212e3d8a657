"""Fuzz suite per reader (issue 11): broken files never escape the error tree.

Clean files come from the synthetic writers (an independent oracle); hypothesis then
breaks them: truncation, byte flips, wrong JSON types, missing keys, shuffled and extra
CSV columns, a BOM or none, CRLF line ends, UTF-16. For every mutation, in both modes:

- only a :class:`~groepsinzicht.errors.GroepsinzichtError` escapes, and a
  :class:`~groepsinzicht.errors.FormatError` names the file and a place;
- in collect mode the rows reconcile (per file: seen = kept + rejected + duplicate);
- after a truncation the kept posts are exactly the complete records before the cut
  (JSON documents and NDJSON); after any other mutation the kept posts are a subset of
  the clean file's posts plus the one mutated record.

The number of examples comes from the hypothesis profile (``ci``: 25 per test).
"""

from __future__ import annotations

import csv
import functools
import io
import json
import random
import tempfile
import warnings
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import groepsinzicht as gi
from groepsinzicht.errors import DataQualityWarning, FormatError, GroepsinzichtError

synth = pytest.importorskip("groepsinzicht.synth")

ROW = ["container_id", "post_id", "author_id", "created_at", "message"]
#: What a damaged file must still agree on: a damaged CSV header may lose an optional
#: column (author, text) for every row, but never invents a post or a time.
KEY = ["container_id", "post_id", "created_at"]


class Clean:
    """A clean file of one format (a plain class: hypothesis prints it briefly)."""

    def __init__(self, fmt: str, name: str, data: bytes, posts: frozenset[tuple[Any, ...]],
                 kind: str) -> None:
        self.fmt, self.name, self.data, self.posts, self.kind = fmt, name, data, posts, kind
        self.keys = frozenset((r[0], r[1], r[3]) for r in posts)

    def __repr__(self) -> str:
        return f"<clean {self.fmt} {self.name}: {len(self.data)} bytes>"


def _posts(ds: gi.Dataset, cols: list[str] = ROW) -> frozenset[tuple[Any, ...]]:
    return frozenset(ds.posts.select(cols).rows())


def _load(path: Path, fmt: str, on_error: str) -> gi.Dataset:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        return gi.load(path, format=fmt, on_error=on_error)  # type: ignore[arg-type]


@functools.cache
def clean_files() -> dict[str, Clean]:
    """The clean files, written once per session (a cache, not a fixture: hypothesis
    would print a fixture's value with a failing example)."""
    ds = synth.generate(seed=3, scale=0.05)
    root = Path(tempfile.mkdtemp(prefix="fuzz-clean-"))
    owner = ds.posts.filter(pl.col("container_id").is_in(
        ds.containers.filter(pl.col("kind") == "group").get_column("container_id").to_list()
    )).get_column("author_id").drop_nulls()[0]
    written = {
        "graph_api": (synth.write_graph_api(ds, root / "graph_api"), "json"),
        "graph_api_ndjson": (synth.write_graph_api(ds, root / "graph_ndjson",
                                                   layout="ndjson"), "ndjson"),
        "facebook_scraper": (synth.write_facebook_scraper(ds, root / "scraper"), "json"),
        "content_library": (synth.write_content_library(ds, root / "cl", fmt="json"),
                            "json"),
        "content_library_csv": (synth.write_content_library(ds, root / "clcsv"), "csv"),
        "dyi": (synth.write_dyi(ds, root / "dyi", owner_id=owner), "json"),
        "crowdtangle": (synth.write_crowdtangle(ds, root / "ct"), "csv"),
        "business_suite": (synth.write_business_suite(ds, root / "bs"), "csv"),
        "insights": (synth.write_insights(ds, root / "ins"), "csv"),
    }
    out = {}
    for key, (files, kind) in written.items():
        fmt = key.removesuffix("_ndjson").removesuffix("_csv")
        # The file holding the posts: the largest of those that name posts, else the
        # largest file.
        posts_files = [f for f in files if "post" in f.name or "feed" in f.name]
        path = max(posts_files or files, key=lambda f: f.stat().st_size)
        clean = _load(path, fmt, "collect")
        assert clean.rejected.height == 0, key
        assert clean.posts.height > 0, key
        out[key] = Clean(fmt, path.name, path.read_bytes(), _posts(clean), kind)
    return out


# ------------------------------------------------------------------ mutations
def _flip(data: bytes, at: int, byte: int) -> bytes:
    i = at % len(data)
    return data[:i] + bytes([byte]) + data[i + 1:]


def _records(doc: Any) -> list[dict[str, Any]]:
    """The largest list of objects in a JSON document (the records)."""
    best: list[dict[str, Any]] = []
    stack = [doc]
    while stack:
        v = stack.pop()
        if isinstance(v, list):
            objs = [x for x in v if isinstance(x, dict)]
            if len(objs) > len(best):
                best = objs
            stack.extend(v)
        elif isinstance(v, dict):
            stack.extend(v.values())
    return best


WRONG = [None, True, -5, 1.5, "veel", "", [], {}, {"x": 1}, 10**30, "9999-01-01T00:00:00+0000"]


def _json_mutation(data: bytes, rnd: random.Random, drop: bool) -> bytes:
    text = data.decode("utf-8-sig")
    try:
        doc: Any = json.loads(text)
        docs = None
    except json.JSONDecodeError:  # NDJSON
        docs = [json.loads(line) for line in text.splitlines() if line.strip()]
        doc = docs
    records = _records(doc)
    if not records:
        return data
    rec = rnd.choice(records)
    keys = sorted(rec)
    if not keys:
        return data
    key = rnd.choice(keys)
    if drop:
        del rec[key]
    else:
        rec[key] = rnd.choice(WRONG)
    if docs is not None:
        return "\n".join(json.dumps(d, ensure_ascii=False) for d in docs).encode()
    return json.dumps(doc, ensure_ascii=False).encode()


def _csv_mutation(data: bytes, op: str, rnd: random.Random) -> bytes:
    bom = data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    if op == "bom":
        return text.encode() if bom else b"\xef\xbb\xbf" + text.encode()
    if op == "crlf":
        return (b"\xef\xbb\xbf" if bom else b"") + text.replace("\r\n", "\n").replace(
            "\n", "\r\n").encode()
    if op == "utf16":
        return text.encode("utf-16")  # with its byte-order mark
    lines = text.splitlines(keepends=False)
    start = 1 if lines and lines[0].startswith("sep=") else 0
    sep = "," if lines[start].count(",") >= lines[start].count(";") else ";"
    rows = list(csv.reader(io.StringIO("\n".join(lines[start:])), delimiter=sep))
    width = len(rows[0])
    if op == "shuffle":
        order = list(range(width))
        rnd.shuffle(order)
        rows = [[r[i] if i < len(r) else "" for i in order] for r in rows]
    else:  # an extra column
        at = rnd.randrange(width + 1)
        rows = [[*r[:at], "Extra kolom" if k == 0 else str(k), *r[at:]]
                for k, r in enumerate(rows)]
    buf = io.StringIO()
    csv.writer(buf, delimiter=sep, lineterminator="\n").writerows(rows)
    head = "".join(line + "\n" for line in lines[:start])
    return (b"\xef\xbb\xbf" if bom else b"") + (head + buf.getvalue()).encode()


def _complete_before(clean: Clean, cut: int) -> int | None:
    """How many post records end before ``cut`` (None where that cannot be told)."""
    if clean.fmt not in ("graph_api",):
        return None
    text = clean.data
    if clean.kind == "ndjson":
        count, start = 0, 0
        for line in text.split(b"\n"):  # a line is complete when its text is all there
            end = start + len(line)
            count += bool(line.strip()) and end <= cut
            start = end + 1
        return count
    doc = json.loads(text)
    pages = doc if isinstance(doc, list) else [doc]
    posts = [p for page in pages for p in page["data"]]
    count = 0
    for p in posts:
        enc = json.dumps(p, ensure_ascii=False, separators=(",", ":")).encode()
        pos = text.find(enc)
        if pos < 0:
            return None  # the writer's layout differs from compact JSON
        count += pos + len(enc) <= cut
    return count


# ------------------------------------------------------------------ properties
def check(clean: Clean, tmp: Path, data: bytes, *, truncated_at: int | None = None,
          format_preserving: bool = False) -> None:
    path = tmp / clean.name
    path.write_bytes(data)
    for on_error in ("raise", "collect"):
        error: GroepsinzichtError | None = None
        try:
            ds = _load(path, clean.fmt, on_error)
        except GroepsinzichtError as exc:
            error = exc
        if error is not None:
            if isinstance(error, FormatError):  # names the file and the place
                assert error.source.startswith(str(tmp)), str(error)
                assert error.place, str(error)
            continue
        if on_error == "collect":
            assert ds.reconciles(), ds.reconciliation
        if format_preserving:
            assert _posts(ds) == clean.posts
            continue
        extra = _posts(ds, KEY) - clean.keys
        if truncated_at is None:
            assert len(extra) <= 1, sorted(extra)[:3]
        if truncated_at is not None and on_error == "collect":
            assert not extra
            expected = _complete_before(clean, truncated_at)
            if expected is not None and ds.reconciliation.height:
                assert ds.posts.height == expected


FORMATS = ["graph_api", "graph_api_ndjson", "facebook_scraper", "content_library",
           "content_library_csv", "dyi", "crowdtangle", "business_suite", "insights"]
FUZZ = settings(suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow], print_blob=False)


@pytest.mark.parametrize("key", FORMATS)
@FUZZ
@given(where=st.floats(0, 1))
def test_truncation(tmp_path, key, where):
    clean = clean_files()[key]
    cut = int(len(clean.data) * where)
    check(clean, tmp_path, clean.data[:cut], truncated_at=cut)


@pytest.mark.parametrize("key", FORMATS)
@FUZZ
@given(at=st.integers(0, 10**9), byte=st.integers(0, 255))
def test_byte_flip(tmp_path, key, at, byte):
    clean = clean_files()[key]
    check(clean, tmp_path, _flip(clean.data, at, byte))


@pytest.mark.parametrize("key", [k for k in FORMATS if k in (
    "graph_api", "graph_api_ndjson", "facebook_scraper", "content_library", "dyi")])
@FUZZ
@given(seed=st.integers(0, 2**32 - 1), drop=st.booleans())
def test_wrong_json_types_and_missing_keys(tmp_path, key, seed, drop):
    clean = clean_files()[key]
    check(clean, tmp_path, _json_mutation(clean.data, random.Random(seed), drop))


@pytest.mark.parametrize("key", ["content_library_csv", "crowdtangle", "business_suite",
                                 "insights"])
@FUZZ
@given(op=st.sampled_from(["shuffle", "extra", "bom", "crlf", "utf16"]),
       seed=st.integers(0, 2**32 - 1))
def test_csv_layout_changes_read_the_same(tmp_path, key, op, seed):
    clean = clean_files()[key]
    check(clean, tmp_path, _csv_mutation(clean.data, op, random.Random(seed)),
          format_preserving=True)


def test_exact_truncation_of_a_compact_feed(tmp_path):
    """Kept posts are exactly the complete records before the cut, at every cut."""
    posts = [{"id": f"1_{i}", "created_time": "2024-05-01T12:00:00+0000",
              "message": "x" * (7 * i), "comments": {"data": [
                  {"id": f"c{i}", "created_time": "2024-05-01T12:00:00+0000"}]}}
             for i in range(6)]
    raw = json.dumps({"data": posts}, separators=(",", ":")).encode()
    ends = [raw.index(json.dumps(p, separators=(",", ":")).encode())
            + len(json.dumps(p, separators=(",", ":"))) for p in posts]
    f = tmp_path / "feed.json"
    for cut in range(0, len(raw), 7):
        f.write_bytes(raw[:cut])
        try:
            ds = _load(f, "graph_api", "collect")
        except GroepsinzichtError:
            assert cut < len(b'{"data":[')  # nothing of the structure to salvage
            continue
        want = [p["id"] for p, e in zip(posts, ends, strict=True) if e <= cut]
        assert ds.posts.get_column("post_id").to_list() == want, cut
        assert ds.reconciles()
