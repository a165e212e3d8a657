"""Legacy Page Insights post export reader (CSV and XLSX) and writer.

No real Insights export exists among the fixtures (fixtures/real/SOURCES.md): these
tests check the reader against files built by hand after FORMATS.md §5.1 and against
the synthetic writer. The format was never checked against a real file.
"""

from __future__ import annotations

import re
import zipfile
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import groepsinzicht as gi
from groepsinzicht.errors import (
    DataQualityWarning,
    EncodingError,
    MalformedRecordError,
    UnknownFormatError,
)
from groepsinzicht.io import read_insights
from groepsinzicht.synth import generate
from groepsinzicht.synth._write_insights import project_insights, write_insights
from tests._helpers import assert_same

if TYPE_CHECKING:
    from pathlib import Path

    from groepsinzicht.errors import FormatError

HEADER = ["Post ID", "Permalink", "Post Message", "Type", "Posted",
          "Lifetime Post Total Reach", "Lifetime Post organic reach",
          "Lifetime Post Paid Reach", "Lifetime Post Total Impressions",
          "Lifetime Total Video Views", "Lifetime Total Video Views"]
DESCRIPTIONS = ["", "", "", "", "",
                "Lifetime: The number of people who had your Page's post enter their "
                "screen. (Unique Users)",
                "Lifetime: organic, as above. (Unique Users)",
                "Lifetime: paid, as above. (Unique Users)",
                "Lifetime: The number of impressions of your Page's post. (Total Count)",
                "Lifetime: people who viewed your video. (Unique Users)",
                "Lifetime: times your video was viewed. (Total Count)"]


def _csv_line(cells: list[str]) -> str:
    return ",".join(f'"{c}"' if ("," in c or "\n" in c) else c for c in cells)


def _row(post_id: str = "123_456", posted: str = "03/01/2016 10:05:00 PM",
         reach: str = "150", *, permalink: str = "https://www.facebook.com/123/posts/456",
         typ: str = "Photo") -> list[str]:
    return [post_id, permalink, "Hallo, buurt", typ, posted, reach, "100", "50", "300",
            "7", "9"]


def _write_csv(folder: Path, rows: list[list[str]], *, descriptions: bool = True,
               name: str = "posts.csv") -> Path:
    lines = [_csv_line(HEADER)]
    if descriptions:
        lines.append(_csv_line(DESCRIPTIONS))
    lines += [_csv_line(r) for r in rows]
    p = folder / name
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def _write_xlsx(folder: Path, rows: list[list[object]], *, sheet: str = "Key Metrics",
                name: str = "posts.xlsx") -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    ws.append(HEADER)
    ws.append(DESCRIPTIONS)
    for r in rows:
        ws.append(r)
    wb.create_sheet("Lifetime Post Stories by act...").append(["Permalink", "like"])
    p = folder / name
    wb.save(p)
    return p




# ------------------------------------------------------------------ CSV


def test_csv_with_description_row_and_repeated_headers(tmp_path: Path) -> None:
    p = _write_csv(tmp_path, [_row(), _row("123_457", reach="1.500", typ="Video")])
    assert gi.detect_format(p) == "insights"
    ds = gi.load(p, tz="America/Los_Angeles")
    assert ds.reconciliation.select("rows_seen", "rows_kept", "rows_rejected").row(0) == (
        2, 2, 0)
    post = ds.posts.filter(pl.col("post_id") == "123_456").row(0, named=True)
    assert (post["container_id"], post["author_id"]) == ("123", "123")
    # 10:05 PM Pacific (PST) on 1 March is 06:05 UTC the next day.
    assert post["created_at"] == datetime(2016, 3, 2, 6, 5, tzinfo=UTC)
    assert (post["reach"], post["organic_reach"], post["paid_reach"], post["impressions"]) == (
        150, 100, 50, 300)
    # The video-views header repeats: the "(Total Count)" column is the views.
    assert post["views"] == 9
    assert (post["message"], post["post_type"]) == ("Hallo, buurt", "photo")
    video = ds.posts.filter(pl.col("post_id") == "123_457").row(0, named=True)
    assert (video["reach"], video["post_type"]) == (1500, "video")
    assert ds.containers.select("container_id", pl.col("kind").cast(str)).rows() == [
        ("123", "page")]


def test_csv_without_description_row(tmp_path: Path) -> None:
    p = _write_csv(tmp_path, [_row()], descriptions=False)
    ds = read_insights(p, tz="UTC")
    assert ds.posts.select("post_id", "reach", "views").rows() == [("123_456", 150, 7)]
    assert ds.reconciliation.select("rows_seen", "rows_kept").row(0) == (1, 1)


@pytest.mark.parametrize(("posted", "want"), [
    ("03/01/2016 10:05:00 PM", datetime(2016, 3, 1, 22, 5, tzinfo=UTC)),
    ("03/01/2016 10:05 AM", datetime(2016, 3, 1, 10, 5, tzinfo=UTC)),
    ("03/01/2016 22:05", datetime(2016, 3, 1, 22, 5, tzinfo=UTC)),
    ("03/01/2016", datetime(2016, 3, 1, tzinfo=UTC)),
    ("2016-03-01 22:05:00", datetime(2016, 3, 1, 22, 5, tzinfo=UTC)),
])
def test_posted_formats(tmp_path: Path, posted: str, want: datetime) -> None:
    p = _write_csv(tmp_path, [_row(posted=posted)])
    assert read_insights(p, tz="UTC").posts.get_column("created_at").item() == want


def test_page_from_permalink_when_post_id_is_bare(tmp_path: Path) -> None:
    p = _write_csv(tmp_path, [_row("456", permalink="https://www.facebook.com/777/posts/456")])
    assert read_insights(p).posts.select("container_id", "post_id").row(0) == ("777", "456")


def test_kind_hint(tmp_path: Path) -> None:
    ds = read_insights(_write_csv(tmp_path, [_row()]), kind="group")
    assert ds.containers.get_column("kind").cast(str).to_list() == ["group"]


# ------------------------------------------------------------------ XLSX


def test_xlsx_key_metrics_sheet(tmp_path: Path) -> None:
    p = _write_xlsx(tmp_path, [
        ["123_456", "https://www.facebook.com/123/posts/456", "Hoi\nallemaal", "Photo",
         datetime(2016, 3, 1, 22, 5, 7), 150, 100, 50, 300.0, 7, 9],  # noqa: DTZ001
        ["123_457", None, None, "Status", "03/02/2016 10:05:00 PM", 1500, 1000, 500, 3000,
         None, None],
    ])
    assert gi.detect_format(p) == "insights"
    ds = gi.load(p, tz="UTC")
    assert ds.posts.sort("post_id").select(
        "post_id", "created_at", "message", "reach", "impressions", "views").rows() == [
        ("123_456", datetime(2016, 3, 1, 22, 5, 7, tzinfo=UTC), "Hoi\nallemaal", 150, 300, 9),
        ("123_457", datetime(2016, 3, 2, 22, 5, tzinfo=UTC), None, 1500, 3000, None),
    ]
    assert ds.reconciliation.select("rows_seen", "rows_kept").row(0) == (2, 2)


def test_xlsx_inside_a_zip(tmp_path: Path) -> None:
    book = _write_xlsx(tmp_path, [["123_456", None, None, "Photo", "03/01/2016", 1, 1, 0,
                                   2, 0, 0]])
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(book, "insights/posts.xlsx")
    ds = gi.load(archive)
    assert ds.posts.get_column("post_id").to_list() == ["123_456"]


def test_xlsx_without_key_metrics(tmp_path: Path) -> None:
    p = _write_xlsx(tmp_path, [], sheet="Blad1")
    with pytest.raises(MalformedRecordError,
                       match=re.escape(f"{p}: workbook: expected a sheet 'Key Metrics'")):
        read_insights(p)


def test_xlsx_garbage_number(tmp_path: Path) -> None:
    p = _write_xlsx(tmp_path, [
        ["123_456", None, None, "Photo", "03/01/2016", 1, 1, 0, 2, 0, 0],
        ["123_457", None, None, "Photo", "03/01/2016", "veel", 1, 0, 2, 0, 0],
    ])
    msg = (f"{p}: sheet 'Key Metrics', row 4, column 'Lifetime Post Total Reach': "
           "expected a whole number, got 'veel'")
    with pytest.raises(MalformedRecordError, match=re.escape(msg)):
        read_insights(p)
    with pytest.warns(DataQualityWarning, match="1 implausible field value"):
        ds = gi.load(p, on_error="collect")
    assert ds.reconciles()
    assert ds.posts.height == 2  # an optional count: nulled and counted, the post kept
    assert ds.rejected.height == 0
    assert ds.nulled.select("table", "column", "rows").rows() == [("posts", "reach", 1)]


# ------------------------------------------------------------------ malformed CSV


def _lines(*rows: list[str], descriptions: bool = True) -> bytes:
    out = [_csv_line(HEADER)] + ([_csv_line(DESCRIPTIONS)] if descriptions else [])
    return ("\n".join(out + [_csv_line(r) for r in rows]) + "\n").encode()


MALFORMED = [
    ("empty", b"", UnknownFormatError,
     "byte 0: expected a Page Insights export header, got an empty file", (1, 0, 1)),
    ("missing column", _lines(_row()).replace(b"Posted", b"Datum"), MalformedRecordError,
     "line 1: expected a column 'Posted', got none", (1, 0, 1)),
    ("ragged row", _lines(_row(), _row("123_457")[:-1]), MalformedRecordError,
     "line 4: expected 11 fields, got 10", (2, 1, 1)),
    ("garbage number", _lines(_row(reach="1x5"), _row("123_457")), MalformedRecordError,
     "line 3, column 'Lifetime Post Total Reach': expected a whole number, got '1x5'",
     (2, 1, 1)),
    ("bad time", _lines(_row(), _row("123_457", posted="gisteren")), MalformedRecordError,
     "line 4, column 'Posted': expected a time like", (2, 1, 1)),
    ("bad post id", _lines(_row(), _row("abc", permalink="")), MalformedRecordError,
     "line 4, column 'Post ID': expected a post id", (2, 1, 1)),
    ("no page", _lines(_row(), _row("457", permalink="")), MalformedRecordError,
     "line 4, column 'Post ID': expected a Post ID '<page id>_<post id>' or a permalink",
     (2, 1, 1)),
    ("latin-1 byte", _lines(_row()) + _csv_line(_row("123_457")).replace(
        "Hallo", "H\xe9").encode("latin-1") + b"\n", EncodingError,
     "(line 4): expected UTF-8 text, got byte 0xE9", (2, 1, 1)),
]


@pytest.mark.parametrize(("data", "error", "message", "counts"),
                         [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED])
def test_malformed_files(tmp_path: Path, data: bytes, error: type[FormatError],
                         message: str, counts: tuple[int, int, int]) -> None:
    p = tmp_path / "posts.csv"
    p.write_bytes(data)
    with pytest.raises(error, match=re.escape(str(p)) + ".*" + re.escape(message)):
        read_insights(p)
    nulled = "expected a whole number" in message  # an optional field: nulled, counted
    if nulled:
        counts = (counts[0], counts[0], 0)
    with pytest.warns(DataQualityWarning, match=re.escape(
            "implausible field value(s) set to null" if nulled else "record(s) rejected")):
        ds = gi.load(p, format="insights", on_error="collect")
    assert ds.reconciles()
    if nulled:
        assert ds.nulled.get_column("rows").to_list() == [1]
        assert ds.posts.height == counts[1]
        return
    assert ds.reconciliation.select("rows_seen", "rows_kept", "rows_rejected").row(0) == counts
    assert ds.posts.height == counts[1]
    assert ds.rejected.get_column("source").to_list() == [str(p)]


# ------------------------------------------------------------------ writer round trips


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_round_trip_hand_built(tmp_path: Path, file_format: str) -> None:
    t = datetime(2024, 10, 27, 1, 30, 59, 999, tzinfo=UTC)
    ds = gi.Dataset.from_frames(
        containers=pl.DataFrame({"container_id": ["11", "22"], "kind": ["page", "group"]}),
        posts=pl.DataFrame({
            "container_id": ["11", "11", "22"], "post_id": ["11_1", "2", "22_3"],
            "created_at": [t, t.replace(month=3), t],
            "message": ['Zeg "hallo",\nallemaal', None, "groep"],
            "post_type": ["live", "poll", "photo"],
            "reach": [2000, None, 1], "organic_reach": [1500, None, 1],
            "paid_reach": [500, 0, 0], "impressions": [4000, 3, 1], "views": [900, None, 1],
        }),
    )
    files = write_insights(ds, tmp_path, file_format=file_format)  # type: ignore[arg-type]
    assert len(files) == 1
    got = gi.load(tmp_path)
    assert_same(got, project_insights(ds))
    posts = got.posts.sort("post_id")
    assert posts.get_column("post_id").to_list() == ["11_1", "11_2"]
    assert posts.get_column("post_type").cast(str).to_list() == ["video", "status"]
    # 02:30 local on the night clocks go back: read as its first occurrence.
    assert posts.get_column("created_at")[0] == datetime(2024, 10, 27, 0, 30, 59, tzinfo=UTC)


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 10_000), scale=st.sampled_from([0.02, 0.05, 0.1]),
       file_format=st.sampled_from(["csv", "xlsx"]),
       tz=st.sampled_from(["Europe/Amsterdam", "America/Los_Angeles"]))
def test_round_trip_synth(seed: int, scale: float, file_format: str, tz: str) -> None:
    import tempfile
    from pathlib import Path

    ds = generate(seed=seed, scale=scale)
    want = project_insights(ds, tz=tz)
    with tempfile.TemporaryDirectory() as tmp:
        files = write_insights(ds, tmp, file_format=file_format, tz=tz)  # type: ignore[arg-type]
        if not files:  # a tiny draw without page posts: nothing to export
            assert want.posts.height == 0
            return
        got = gi.load(Path(tmp), tz=tz)
    assert_same(got, want)
    assert got.reconciles()
