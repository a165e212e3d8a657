from __future__ import annotations

import re
import zipfile

import pytest

import groepsinzicht as gi
from groepsinzicht.errors import FormatError, UnknownFormatError, UnsafeArchiveError
from groepsinzicht.io._source import ZipLimits, expand_sources


def test_empty_file_reported_as_empty(tmp_path):
    f = tmp_path / "leeg.json"
    f.write_bytes(b"")
    with pytest.raises(UnknownFormatError, match=re.escape(f"{f}: file: expected a known export format, got an empty file")):
        gi.load(f)


def test_html_reported_as_html(tmp_path):
    f = tmp_path / "posts.json"
    f.write_text("<!DOCTYPE html><html><body>x</body></html>")
    with pytest.raises(UnknownFormatError, match=re.escape("got an HTML file (request the export as JSON)")):
        gi.load(f)


def test_missing_path(tmp_path):
    with pytest.raises(FormatError, match=re.escape("expected an existing file or folder, got no such path")):
        gi.load(tmp_path / "nope.json")


def test_unknown_format_name(tmp_path):
    with pytest.raises(UnknownFormatError, match=re.escape("format=: expected one of")):
        gi.load(tmp_path, format="myspace")


def test_bad_on_error(tmp_path):
    with pytest.raises(ValueError, match=re.escape("on_error: expected 'raise' or 'collect'")):
        gi.load(tmp_path, on_error="ignore")  # type: ignore[arg-type]


def test_zip_slip_refused(tmp_path):
    z = tmp_path / "evil.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("../evil.json", "[]")
    with pytest.raises(UnsafeArchiveError, match=re.escape(f"{z}: entry '../evil.json': expected a relative path")):
        list(expand_sources(z))


def test_absolute_zip_entry_refused(tmp_path):
    z = tmp_path / "abs.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("/etc/x.json", "[]")
    with pytest.raises(UnsafeArchiveError, match="escapes"):
        list(expand_sources(z))


def test_zip_bomb_refused(tmp_path):
    z = tmp_path / "bomb.zip"
    with zipfile.ZipFile(z, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("big.json", b"[" + b" " * 200_000 + b"]")
    limits = ZipLimits(max_entry_bytes=1000, max_ratio=10, max_total_bytes=10**9)
    with pytest.raises(UnsafeArchiveError, match=re.escape("entry 'big.json': expected an entry that expands at most 10:1")):
        list(expand_sources(z, limits))
    total = ZipLimits(max_entry_bytes=10**9, max_ratio=10**9, max_total_bytes=1000)
    with pytest.raises(UnsafeArchiveError, match="in all"):
        list(expand_sources(z, total))


def test_damaged_zip(tmp_path):
    z = tmp_path / "kapot.zip"
    z.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(FormatError, match=re.escape(f"{z}: byte 0: expected a zip archive")):
        list(expand_sources(z))


def test_zip_entries_named_with_archive(tmp_path):
    z = tmp_path / "ok.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("groups/a.json", "[]")
        zf.writestr("groups/", "")
    srcs = list(expand_sources(z))
    assert [s.name for s in srcs] == [f"{z}!groups/a.json"]
    assert srcs[0].basename == "a.json"
    assert srcs[0].read_bytes() == b"[]"


def test_canonical_round_trip_and_detect(tmp_path, sample_ds):
    folder = sample_ds.write(tmp_path / "canon")
    assert gi.detect_format(folder) == "canonical"
    assert gi.load(folder) == sample_ds
    assert gi.load([folder, folder]) == sample_ds  # loading twice and merging: same


def test_org_ids_applied(tmp_path, sample_ds):
    folder = sample_ds.write(tmp_path / "canon")
    some = sample_ds.members.filter(~gi_is_org()).get_column("member_id")[0]
    ds = gi.load(folder, org_ids=[some])
    assert ds.members.filter(ds.members["member_id"] == some)["is_organization"].all()


def gi_is_org():
    import polars as pl

    return pl.col("is_organization")


def test_load_takes_zip_limits(tmp_path):
    z = tmp_path / "bomb.zip"
    with zipfile.ZipFile(z, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("big.json", b"[" + b" " * 200_000 + b"]")
    limits = ZipLimits(max_entry_bytes=1000, max_ratio=10, max_total_bytes=10**9)
    with pytest.raises(UnsafeArchiveError, match=re.escape("entry 'big.json': expected an entry")):
        gi.load(z, zip_limits=limits)
