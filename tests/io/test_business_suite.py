"""Meta Business Suite content CSV reader, daily-CSV reader and writer.

The real fixture (a Dutch export of three posts) is read in place; the rest is built
by hand after FORMATS.md §6 or round-trips the writer.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

import groepsinzicht as gi
from groepsinzicht.errors import (
    DataQualityWarning,
    EncodingError,
    MalformedRecordError,
    UnknownFormatError,
)
from groepsinzicht.io import read_business_suite, read_business_suite_daily
from groepsinzicht.io._business_suite import LANGUAGES
from groepsinzicht.synth import generate
from groepsinzicht.synth._write_business_suite import (
    project_business_suite,
    write_business_suite,
)
from tests._helpers import assert_same

if TYPE_CHECKING:
    from pathlib import Path

    from groepsinzicht.errors import FormatError

FIXTURE = "meta_business_suite_csv_nl/Jan-01-2026_Jan-31-2026_25533312983036772.csv"

NL = ("Bericht-ID,Pagina-ID,Naam van pagina,Titel,Omschrijving,Publicatietijdstip,"
      "Berichttype,Datum,Weergaven,Bereik,Reacties,Opmerkingen,Deelacties")
EN = ("Post ID,Page ID,Page name,Title,Description,Publish time,Post type,Date,Views,"
      "Reach,Reactions,Comments,Shares")


def _row(post: str = "11", *, time: str = "01/07/2026 06:02", typ: str = "Foto's",
         date_cell: str = "Looptijd", views: str = "100", reach: str = "50",
         title: str = "Hallo", description: str = "") -> str:
    return f"{post},22,Gemeente,{title},{description},{time},{typ},{date_cell},{views},{reach},7,3,1"


def _write(folder: Path, lines: list[str], name: str = "Jan-01-2026_Jan-31-2026_1.csv",
           ) -> Path:
    p = folder / name
    p.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode() + b"\n")
    return p




# ------------------------------------------------------------------ real fixture


def test_real_dutch_export(fixtures_dir: Path) -> None:
    path = fixtures_dir / FIXTURE
    assert gi.detect_format(path) == "business_suite"
    ds = gi.load(path)
    assert ds.posts.height == 3
    assert ds.containers.select("container_id", pl.col("kind").cast(str), "name").rows() == [
        ("100070127373046", "page", "Prins Petfoods")]
    assert ds.members.select("member_id", "name").rows() == [
        ("100070127373046", "Prins Petfoods")]
    assert ds.reconciliation.select("rows_seen", "rows_kept", "rows_rejected").row(0) == (
        3, 3, 0)
    cols = ["post_id", "created_at", "views", "reach", "reported_reactions",
            "reported_comments", "reported_shares"]
    # Publicatietijdstip is MM/DD/YYYY HH:MM in Europe/Amsterdam (CET in January);
    # Reacties = reactions, Opmerkingen = comments, Deelacties = shares.
    assert ds.posts.select(cols).sort("created_at").rows() == [
        ("1186280370386198", datetime(2026, 1, 6, 1, 31, tzinfo=UTC), 6079, 4053, 76, 11, 3),
        ("1187155163632052", datetime(2026, 1, 7, 5, 2, tzinfo=UTC), 41928, 27610, 76, 652, 2),
        ("1192039039810331", datetime(2026, 1, 14, 1, 1, tzinfo=UTC), 3984, 2307, 30, 16, 2),
    ]
    post = ds.posts.filter(pl.col("post_id") == "1186280370386198").row(0, named=True)
    assert post["author_id"] == "100070127373046"
    assert post["post_type"] == "photo"
    assert post["message"].startswith("Wat doe je tijdens een sneeuwstorm bij Prins?")
    assert post["message"].endswith("#sneeuwhond #sneeuw")
    assert "\n\n#sneeuwpop" in post["message"]
    assert post["permalink"].startswith("https://www.facebook.com/prinspetfoods/posts/pfbid02Fd5")
    assert ds.posts.get_column("impressions").null_count() == 3


def test_real_export_in_another_tz(fixtures_dir: Path) -> None:
    ds = read_business_suite(fixtures_dir / FIXTURE, tz="UTC")
    assert ds.posts.get_column("created_at").max() == datetime(2026, 1, 14, 2, 1, tzinfo=UTC)


# ------------------------------------------------------------------ hand-built files


def test_english_headers_read_like_dutch(tmp_path: Path) -> None:
    a = read_business_suite(_write(tmp_path, [NL, _row()]))
    b = read_business_suite(_write(tmp_path, [EN, _row(typ="Photos", date_cell="Lifetime")],
                                   name="x.csv"))
    assert_frame_equal(a.posts, b.posts)
    assert a.posts.select("reported_reactions", "reported_comments", "reported_shares",
                          "views", "reach").row(0) == (7, 3, 1, 100, 50)


def test_a_language_is_a_table_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    german = {
        "headers": {"Beitrags-ID": "post_id", "Seiten-ID": "page_id",
                    "Veröffentlichungszeit": "publish_time", "Beitragstyp": "post_type",
                    "Reaktionen": "reactions", "Titel": "title", "Reichweite": "reach"},
        "post_types": {"Fotos": "photo"},
        "lifetime": "Gesamtlaufzeit",
    }
    monkeypatch.setitem(LANGUAGES, "de", german)
    header = "Beitrags-ID,Seiten-ID,Titel,Veröffentlichungszeit,Beitragstyp,Reaktionen,Reichweite"
    p = _write(tmp_path, [header, "5,6,Moin,02/03/2026 10:00,Fotos,9,40"])
    assert gi.detect_format(p) == "business_suite"
    post = gi.load(p).posts.row(0, named=True)
    assert (post["post_id"], post["container_id"], post["post_type"]) == ("5", "6", "photo")
    assert (post["reported_reactions"], post["reach"], post["message"]) == (9, 40, "Moin")
    assert post["created_at"] == datetime(2026, 2, 3, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(("typ", "want"), [("Reels", "video"), ("Videos", "video"),
                                           ("Video's", "video"), ("Links", "link"),
                                           ("Foto's", "photo"), ("Iets nieuws", "other")])
def test_post_types(tmp_path: Path, typ: str, want: str) -> None:
    ds = read_business_suite(_write(tmp_path, [NL, _row(typ=typ)]))
    assert ds.posts.get_column("post_type").cast(str).item() == want


def test_kind_hint(tmp_path: Path) -> None:
    ds = read_business_suite(_write(tmp_path, [NL, _row()]), kind="group")
    assert ds.containers.get_column("kind").cast(str).to_list() == ["group"]


def test_description_when_title_is_empty(tmp_path: Path) -> None:
    ds = read_business_suite(_write(tmp_path, [NL, _row(title="", description="Omschr")]))
    assert ds.posts.get_column("message").item() == "Omschr"


def test_optional_columns_may_be_absent(tmp_path: Path) -> None:
    p = _write(tmp_path, ["Bericht-ID,Pagina-ID,Publicatietijdstip",
                          "11,22,01/07/2026 06:02"])
    post = read_business_suite(p).posts.row(0, named=True)
    assert (post["post_id"], post["views"], post["reported_reactions"], post["message"]) == (
        "11", None, None, None)
    assert post["post_type"] == "other"


def test_later_period_wins_and_nothing_is_summed(tmp_path: Path) -> None:
    # Alphabetically "Jan-01-2026_Feb-…" sorts before "Jan-01-2026_Jan-…": load order
    # alone would let the January export win.
    _write(tmp_path, [NL, _row(reach="300", views="900")], name="Jan-01-2026_Feb-28-2026_1.csv")
    _write(tmp_path, [NL, _row(reach="100", views="500")], name="Jan-01-2026_Jan-31-2026_1.csv")
    with pytest.warns(DataQualityWarning, match=re.escape("1 duplicate record(s) merged (1 ")):
        ds = gi.load(tmp_path)
    assert ds.posts.select("reach", "views").rows() == [(300, 900)]
    # The February export is read last: its copy is the (differing) duplicate.
    assert ds.reconciliation.select("source", "rows_seen", "rows_kept",
                                    "rows_duplicate").rows() == [
        (str(tmp_path / "Jan-01-2026_Jan-31-2026_1.csv"), 1, 1, 0),
        (str(tmp_path / "Jan-01-2026_Feb-28-2026_1.csv"), 1, 0, 1)]
    assert ds.reconciles()


def test_load_order_without_period_names(tmp_path: Path) -> None:
    _write(tmp_path, [NL, _row(reach="300")], name="a.csv")
    _write(tmp_path, [NL, _row(reach="100")], name="b.csv")
    with pytest.warns(DataQualityWarning, match="1 duplicate"):
        assert gi.load(tmp_path).posts.get_column("reach").to_list() == [100]


def test_same_post_twice_in_one_file_last_wins(tmp_path: Path) -> None:
    with pytest.warns(DataQualityWarning, match=re.escape("1 duplicate record(s) merged (1 ")):
        ds = read_business_suite(_write(tmp_path, [NL, _row(reach="1"), _row(reach="2")]))
    assert ds.posts.get_column("reach").to_list() == [2]
    assert ds.reconciliation.select("rows_seen", "rows_kept", "rows_duplicate").row(0) == (
        2, 1, 1)


def test_thousands_separators(tmp_path: Path) -> None:
    ds = read_business_suite(_write(tmp_path, [NL, _row(views='"41,928"', reach="27.610")]))
    assert ds.posts.select("views", "reach").row(0) == (41928, 27610)


def test_autumn_hour_takes_first_occurrence(tmp_path: Path) -> None:
    ds = read_business_suite(_write(tmp_path, [NL, _row(time="10/27/2024 02:30")]))
    assert ds.posts.get_column("created_at").item() == datetime(2024, 10, 27, 0, 30, tzinfo=UTC)


def test_period_end_from_name() -> None:
    from groepsinzicht.io._business_suite import period_end

    assert period_end("Okt-01-2025_Okt-31-2025_1.csv") == date(2025, 10, 31)
    assert period_end("Jan-01-2026_Feb-30-2026_1.csv") is None


# ------------------------------------------------------------------ daily CSVs


def _daily(folder: Path, rows: list[str], metric: str = "Facebook follows") -> Path:
    p = folder / "Follows.csv"
    text = "sep=,\n" + f'"{metric}"\n' + '"Date","Primary"\n' + "".join(r + "\n" for r in rows)
    p.write_bytes(text.encode("utf-16"))
    return p


def test_daily_csv(tmp_path: Path) -> None:
    p = _daily(tmp_path, ['"2025-08-02T00:00:00","7"', '"2025-08-01T00:00:00","20"',
                          '"2025-08-03T00:00:00",""'])
    got = read_business_suite_daily(p)
    assert got.columns == ["metric", "date", "value"]
    assert got.rows() == [("Facebook follows", date(2025, 8, 1), 20),
                          ("Facebook follows", date(2025, 8, 2), 7),
                          ("Facebook follows", date(2025, 8, 3), None)]


def test_daily_csv_errors(tmp_path: Path) -> None:
    p = _daily(tmp_path, ['"2025-08-01T00:00:00","20"', '"2025-08-02T00:00:00","veel"'])
    with pytest.raises(MalformedRecordError, match=re.escape(
            f"{p}: line 5, column 'Primary': expected a whole number, got 'veel'")):
        read_business_suite_daily(p)
    p = _daily(tmp_path, ['"gisteren","20"'])
    with pytest.raises(MalformedRecordError, match=re.escape(
            "line 4, column 'Date': expected a date like '2025-08-01T00:00:00'")):
        read_business_suite_daily(p)


def test_daily_csv_in_a_folder_is_skipped_by_load(tmp_path: Path) -> None:
    _write(tmp_path, [NL, _row()])
    daily = _daily(tmp_path, ['"2025-08-01T00:00:00","20"'])
    ds = gi.load(tmp_path)
    assert ds.posts.height == 1
    prov = [p for p in ds.provenance if p.get("skipped_daily_files")]
    assert prov[0]["skipped_daily_files"] == [str(daily)]
    with pytest.raises(UnknownFormatError, match=re.escape("read_business_suite_daily")):
        read_business_suite(daily)


# ------------------------------------------------------------------ malformed files

TWO = [NL, _row("11"), _row("12")]

MALFORMED = [
    ("empty", b"\xef\xbb\xbf", UnknownFormatError,
     "byte 0: expected a Business Suite content CSV header, got an empty file", (1, 0, 1)),
    ("missing column", "\n".join([NL.replace("Publicatietijdstip", "Tijd"), _row()]).encode(),
     MalformedRecordError,
     "line 1: expected a column 'Publish time' / 'Publicatietijdstip' / 'Publiceringstid'",
     (1, 0, 1)),
    ("ragged row", "\n".join([NL, _row("11") + ",9", _row("12")]).encode(),
     MalformedRecordError, "line 2: expected 13 fields, got 14", (2, 1, 1)),
    ("garbage number", "\n".join([NL, _row("11"), _row("12", views="12x")]).encode(),
     MalformedRecordError, "line 3, column 'Weergaven': expected a whole number, got '12x'",
     (2, 1, 1)),
    ("bad time", "\n".join([NL, _row("11", time="2026-01-07 06:02"), _row("12")]).encode(),
     MalformedRecordError, "line 2, column 'Publicatietijdstip': expected a time like",
     (2, 1, 1)),
    ("per-day row", "\n".join([NL, _row("11"), _row("12", date_cell="2026-01-07")]).encode(),
     MalformedRecordError, "line 3, column 'Datum': expected a lifetime row", (2, 1, 1)),
    ("latin-1 byte", "\n".join([NL, _row("11")]).encode() + b"\n"
     + _row("12", title="caf\xe9").encode("latin-1"),
     EncodingError, "(line 3): expected UTF-8 text, got byte 0xE9", (2, 1, 1)),
]


@pytest.mark.parametrize(("data", "error", "message", "counts"),
                         [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED])
def test_malformed_files(tmp_path: Path, data: bytes, error: type[FormatError],
                         message: str, counts: tuple[int, int, int]) -> None:
    p = tmp_path / "Jan-01-2026_Jan-31-2026_1.csv"
    p.write_bytes(data)
    with pytest.raises(error, match=re.escape(str(p)) + ".*" + re.escape(message)):
        read_business_suite(p)
    nulled = "expected a whole number" in message  # an optional field: nulled, counted
    if nulled:
        counts = (counts[0], counts[0], 0)
    with pytest.warns(DataQualityWarning, match=re.escape(
            "implausible field value(s) set to null" if nulled else "record(s) rejected")):
        ds = gi.load(p, format="business_suite", on_error="collect")
    assert ds.reconciles()
    if nulled:
        assert ds.nulled.get_column("rows").to_list() == [1]
        assert ds.posts.height == counts[1]
        return
    assert ds.reconciliation.select("rows_seen", "rows_kept", "rows_rejected").row(0) == counts
    assert ds.posts.height == counts[1]
    assert ds.rejected.get_column("source").to_list() == [str(p)]


# ------------------------------------------------------------------ writer round trips


def test_round_trip_hand_built(tmp_path: Path) -> None:
    t = datetime(2024, 10, 27, 1, 30, 59, tzinfo=UTC)  # 02:30 CET: the second 02:30
    ds = gi.Dataset.from_frames(
        containers=pl.DataFrame({"container_id": ["11", "22"], "kind": ["page", "group"],
                                 "name": ["Gemeente", "Buurt"]}),
        posts=pl.DataFrame({
            "container_id": ["11", "11", "22"], "post_id": ["11_1", "2", "22_3"],
            "created_at": [t, t.replace(month=11), t],
            "message": ['Zeg "hallo",\nallemaal', None, "groep"],
            "post_type": ["live", "share", "photo"],
            "reported_reactions": [3000, None, 1], "views": [12345, None, 5],
            "reach": [2000, 10, 5],
        }),
    )
    files = write_business_suite(ds, tmp_path, lang="nl", thousands=".")
    assert [f.name.split("_")[0] for f in files] == ["Oct-01-2024", "Nov-01-2024"]
    text = files[0].read_text(encoding="utf-8-sig")
    assert text.startswith("Bericht-ID,Pagina-ID,Naam van pagina,Titel,")
    assert "10/27/2024 02:30" in text
    assert "12.345" in text
    got = gi.load(tmp_path)
    assert_same(got, project_business_suite(ds, lang="nl"))
    post = got.posts.filter(pl.col("post_id") == "1").row(0, named=True)
    # Written as 02:30 local, read back as the first 02:30 (CEST): an hour earlier.
    assert post["created_at"] == datetime(2024, 10, 27, 0, 30, tzinfo=UTC)
    assert (post["post_type"], post["reported_reactions"], post["views"]) == ("video", 3000,
                                                                              12345)
    assert got.containers.get_column("container_id").to_list() == ["11"]


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000), scale=st.sampled_from([0.02, 0.05, 0.1]),
       lang=st.sampled_from(sorted(LANGUAGES)), thousands=st.sampled_from([None, ",", "."]),
       drop=st.booleans(), tz=st.sampled_from(["Europe/Amsterdam", "America/New_York"]))
def test_round_trip_synth(seed: int, scale: float, lang: str, thousands: str | None,
                          drop: bool, tz: str) -> None:
    import tempfile
    from pathlib import Path

    ds = generate(seed=seed, scale=scale)
    want = project_business_suite(ds, lang=lang, tz=tz)
    with tempfile.TemporaryDirectory() as tmp:
        files = write_business_suite(ds, tmp, lang=lang, thousands=thousands,
                                     drop_optional=drop, tz=tz)
        if not files:  # a tiny draw without page posts: nothing to export
            assert want.posts.height == 0
            return
        got = gi.load(Path(tmp), tz=tz)
    assert_same(got, want)
    assert got.reconciles()
