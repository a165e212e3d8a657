"""The "Seen by" reader: forgiving about the shape, strict about the values."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
import pytest

import groepsinzicht as gi
from groepsinzicht.errors import FormatError, ParameterError, ParameterTypeError

HEADER = ["container_id", "post_id", "permalink", "seen_by", "recorded_at"]


def _write(tmp_path, text: str, *, encoding: str = "utf-8", name: str = "gezien.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(("sep", "encoding"), [
    (",", "utf-8"), (";", "utf-8-sig"), (";", "cp1252"), ("\t", "utf-8"), (";", "utf-16"),
])
def test_separators_and_encodings(tmp_path, sep, encoding):
    lines = [
        "# Gezien door: vul een week na het bericht in (één getal per bericht)",
        sep.join(["Container_ID", "Post ID", "created_at", "Seen by", "recorded_at",
                  "opmerking"]),
        sep.join(["g", "g_1", "2026-05-01 09:00", "120", "2026-05-08 10:00", "café"]),
        "  # a comment in the middle",
        sep.join(["g", "g_2", "", "1.204", "8-5-2026 10:30", ""]),
        sep.join(["g", "g_3", "", "", "", "not filled in"]),
        "",
    ]
    path = _write(tmp_path, "\r\n".join(lines), encoding=encoding)
    got = gi.io.read_seen_by(path)
    assert got.columns == HEADER
    assert got.schema["recorded_at"] == pl.Datetime("us", "UTC")
    assert got.select("post_id", "seen_by").rows() == [("g_1", 120), ("g_2", 1204)]
    # naive times are Amsterdam local time (CEST in May)
    assert got["recorded_at"].to_list() == [datetime(2026, 5, 8, 8, 0, tzinfo=UTC),
                                            datetime(2026, 5, 8, 8, 30, tzinfo=UTC)]
    assert got["permalink"].to_list() == [None, None]


def test_permalink_only_offsets_and_excel_sep_line(tmp_path):
    path = _write(tmp_path, 'sep=;\npermalink;seen_by;recorded_at\n'
                  '"https://www.facebook.com/groups/1/posts/2/";7;2026-05-08T10:00:00Z\n'
                  'https://facebook.com/groups/1/posts/3;-1;2026-05-08 10:00+02:00\n')
    got = gi.io.read_seen_by(path)
    assert got["seen_by"].to_list() == [7, -1]  # negative: calibrate excludes it
    assert got["recorded_at"].to_list() == [datetime(2026, 5, 8, 10, tzinfo=UTC),
                                            datetime(2026, 5, 8, 8, tzinfo=UTC)]
    assert got["post_id"].to_list() == [None, None]


def test_list_of_files_and_an_empty_list(tmp_path):
    a = _write(tmp_path, "post_id,seen_by\np1,1\n", name="a.csv")
    b = _write(tmp_path, "post_id,seen_by\np2,2\n", name="b.csv")
    assert gi.io.read_seen_by([a, str(b)])["post_id"].to_list() == ["p1", "p2"]
    assert gi.io.read_seen_by([]).columns == HEADER
    with pytest.raises(ParameterTypeError):
        gi.io.read_seen_by(3)  # type: ignore[arg-type]
    with pytest.raises(ParameterError):
        gi.io.read_seen_by(a, tz="Mars/Olympus")


@pytest.mark.parametrize(("text", "place", "expected"), [
    ("post_id;seen_by\np1;12\np2;veel\n", "line 3, column 'seen_by'", "a whole number"),
    ("post_id;seen_by\np1;12,5\n", "line 2, column 'seen_by'", "a whole number"),
    ("# c\npost_id;seen_by;recorded_at\np1;3;gisteren\n", "line 3, column 'recorded_at'",
     "a date and time"),
    ("container_id;post_id;seen_by\ng;;4\n", "line 2", "a post_id or a permalink"),
    ("container_id;aantal\ng;4\n", "line 1", "a header with the columns seen_by"),
    ("# only a comment\n", "line 1", "a header"),
])
def test_bad_cells_are_located(tmp_path, text, place, expected):
    path = _write(tmp_path, text)
    with pytest.raises(FormatError) as info:
        gi.io.read_seen_by(path)
    err = info.value
    assert err.source == str(path)
    assert err.place == place
    assert expected in err.expected


def test_long_bad_value_is_shortened(tmp_path):
    path = _write(tmp_path, "post_id;seen_by\np1;" + "x" * 500 + "\n")
    with pytest.raises(FormatError) as info:
        gi.io.read_seen_by(path)
    assert len(info.value.got) <= 40 and info.value.got.endswith("…")


def test_missing_file(tmp_path):
    with pytest.raises(FormatError, match="an existing file or folder"):
        gi.io.read_seen_by(tmp_path / "nope.csv")
