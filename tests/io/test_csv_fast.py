"""The fast CSV pass against the careful one (issue 12).

:meth:`CsvFile.frame` first tries one polars parse of the whole file after cheap checks
on the bytes; anything unusual goes to the careful pass that counts every record's
fields. For every synthetic writer's output and every damaged variant of it, in both
modes, the two must give the same frame, the same problems and the same count (or raise
the same error), and the sparse record scan must agree with the dense one.
"""

from __future__ import annotations

import functools
import random
import tempfile
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from groepsinzicht.errors import GroepsinzichtError
from groepsinzicht.io._csv import CsvFile, _field_counts, _records, _scan
from groepsinzicht.io._source import bytes_source

synth = pytest.importorskip("groepsinzicht.synth")


@functools.cache
def clean_files() -> dict[str, bytes]:
    ds = synth.generate(seed=4, scale=0.05)
    root = Path(tempfile.mkdtemp(prefix="csv-fast-"))
    written = {
        "crowdtangle": synth.write_crowdtangle(ds, root / "ct", format_all_counts=True),
        "business_suite": synth.write_business_suite(ds, root / "bs", thousands="."),
        "insights": synth.write_insights(ds, root / "ins"),
        "content_library": synth.write_content_library(ds, root / "cl"),
    }
    return {k: max(v, key=lambda f: f.stat().st_size).read_bytes() for k, v in written.items()}


def _outcome(data: bytes, on_error: str, *, careful: bool,
             columns: list[int] | None = None) -> object:
    try:
        csv = CsvFile.open(bytes_source("f.csv", data), on_error=on_error,  # type: ignore[arg-type]
                           what="a header")
        if columns is not None:
            columns = [c for c in columns if c < len(csv.header)]
        return csv.frame(columns, careful=careful)
    except GroepsinzichtError as exc:
        return (type(exc), str(exc))


def _same(data: bytes) -> None:
    arr_scan = _scan(data, ord(","))
    arr_rec = _records(data)
    for a, b in zip((arr_scan[0], arr_scan[1], arr_scan[2]), arr_rec[:3], strict=True):
        np.testing.assert_array_equal(a, b)
    assert arr_scan[4] == arr_rec[4]
    np.testing.assert_array_equal(
        _field_counts(data, arr_rec[0], arr_rec[1], arr_rec[3], ord(",")), arr_scan[3])
    for mode, columns in (("raise", None), ("collect", None), ("collect", [0, 2, 5, 9])):
        fast = _outcome(data, mode, careful=False, columns=columns)
        slow = _outcome(data, mode, careful=True, columns=columns)
        if isinstance(fast, tuple) and isinstance(fast[0], pl.DataFrame):
            assert isinstance(slow, tuple)
            assert isinstance(slow[0], pl.DataFrame)
            assert_frame_equal(fast[0], slow[0])
            assert fast[1:] == slow[1:]
        else:
            assert fast == slow


@pytest.mark.parametrize("key", ["crowdtangle", "business_suite", "insights",
                                 "content_library"])
def test_clean_files_agree(key):
    _same(clean_files()[key])


@pytest.mark.parametrize("block", [1, 7, 64])
def test_small_scan_blocks_agree(monkeypatch, block):
    """Quotes and records that straddle the scan's blocks."""
    import groepsinzicht.io._csv as mod

    data = clean_files()["crowdtangle"]
    whole = _records(data)
    monkeypatch.setattr(mod, "_SCAN_BLOCK", block)
    for a, b in zip(_records(data), whole, strict=True):
        np.testing.assert_array_equal(a, b)
    _same(data)


#: Bytes that change a CSV's structure or encoding.
_NASTY = [b'"', b",", b"\n", b"\r", b"\r\n", b"\x00", b"\xff", b'""', b";", b" ", b"\n\n",
          b'",', b',"', b"\xc3", b"x"]


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from(["crowdtangle", "business_suite", "insights", "content_library"]),
       seed=st.integers(0, 2**32 - 1), edits=st.integers(1, 4))
# Quoting in the header that pairs across separators: polars saw 17 more columns than
# the header has and raised its own SchemaError (found by a run outside the CI profile).
@example(key="business_suite", seed=431790, edits=2)
def test_damaged_files_agree(key, seed, edits):
    data = clean_files()[key]
    rnd = random.Random(seed)
    for _ in range(edits):
        if not data:
            break
        at = rnd.randrange(len(data))
        op = rnd.choice(["insert", "replace", "delete", "truncate"])
        if op == "truncate":
            data = data[:at]
        elif op == "delete":
            data = data[:at] + data[at + rnd.randint(1, 3):]
        else:
            new = rnd.choice(_NASTY)
            data = data[:at] + new + data[at + (op == "replace"):]
    _same(data)


@pytest.mark.parametrize("text", [
    'a,b,c\n1,2,3\n4,5\n6,7,8\n',            # a short record
    'a,b,c\n1,2,3\n4,5,6,7\n6,7,8\n',        # a long one
    'a,b,c\n1,2,3\n\n6,7,8\n',               # a blank line
    'a,b,c\n1,2,3\n6,7,"8\n',                # an unterminated quote
    'a,b,c\n1,"2"x,3\n6,7,8\n',              # text after a closing quote
    'a,b,c\n1,2"x,3\n6,7,8\n',               # a quote inside an unquoted field
    'a,b,c\n1,2"x,"3\n4,5",6\n',             # quotes that pair across a line
    'a,b,c\n1," 2, ""x""\n",3\n6,7,8\n',     # a clean quoted field with all of it
    'a,b,c\r\n1,"2",3\r\n6,7,8',             # CRLF, no final line end
    'a,b,c\n1,2,3\r\n\r\n',                  # a blank CRLF line at the end
    'a,b,c\n1,2,"3"\r',                      # a lone CR after a closing quote
    'a,b,c\n"1,2,3\n',                       # a separator only inside quotes
    'a,b,c\n1,2\n3,4,5,6\n',                 # short and long cancel out
    'a,b,c\n',                               # the header only
])
def test_hand_written_cases_agree(text):
    _same(text.encode())


# ------------------------------------------------------------------ values

_COUNT_RE = r"^(?:[0-9]+(?:[.,]0{1,2})?|[0-9]{1,3}(?:[.,\u00a0\u202f' ][0-9]{3})+)$"


def _reference_count(col: str, out: str) -> tuple[pl.Expr, pl.Expr]:
    """parse_count as it was before the plain-digit shortcut (one pattern for all)."""
    s = pl.col(col).str.strip_chars()
    value = (pl.when(s.str.contains(_COUNT_RE))
             .then(s.str.replace(r"[.,]0{1,2}$", "").str.replace_all(r"[^0-9]", ""))
             .otherwise(None).cast(pl.Int64, strict=False).alias(out))
    bad = (s != "").fill_null(False) & pl.col(out).is_null()
    return value, bad


_CELL = st.one_of(
    st.none(),
    st.text(alphabet="0123456789.,+- '\u00a0\u202f\u2007\t\nx", max_size=12),
    st.integers(-10**20, 10**20).map(str),
    st.sampled_from(["407.137", "1,234", "12.0", "12,00", "1,4", "-5", "+5", "-0",
                     "9223372036854775807", "9223372036854775808", " 7 ", "\u00a012",
                     "1 234", "1'234", "007", "", "1.234,567", "12.345.678",
                     "9.223.372.036.854.775.808", "1,23", "1.2345", ".123", "123."]),
)


@settings(max_examples=200, deadline=None)
@given(cells=st.lists(_CELL, min_size=1, max_size=30))
def test_parse_count_matches_the_reference(cells):
    from groepsinzicht.io._csv import parse_count

    df = pl.DataFrame({"x": cells}, schema={"x": pl.String})
    v, bad = parse_count("x", "v")
    rv, rbad = _reference_count("x", "v")
    got = df.with_columns(v).select("v", bad.alias("bad"))
    want = df.with_columns(rv).select("v", rbad.alias("bad"))
    assert_frame_equal(got, want)


def test_type_labels_agree_with_the_normalisation():
    """The direct label maps give what normalising the label gives (both readers)."""
    from groepsinzicht.io._business_suite import _post_type_labels, _post_type_values
    from groepsinzicht.io._crowdtangle import _TYPE_LABELS

    ct = pl.Series(list(_TYPE_LABELS)).str.strip_chars().str.to_lowercase() \
        .str.replace_all(r"[_\s]+", " ").to_list()
    assert ct == list(_TYPE_LABELS.values())
    labels = _post_type_labels()
    bs = pl.Series(list(labels)).str.to_lowercase().str.replace_all(r"\s+", " ")
    assert [_post_type_values()[k] for k in bs.to_list()] == list(labels.values())
