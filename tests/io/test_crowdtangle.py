"""CrowdTangle CSV reader, post-history reader and writer.

The real fixtures (a pt-BR page search export and a post-history CSV) are read in place;
everything else is built by hand after FORMATS.md §4 or round-trips the writer.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
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
from groepsinzicht.io import read_crowdtangle, read_crowdtangle_history
from groepsinzicht.synth import generate
from groepsinzicht.synth._write_crowdtangle import project_crowdtangle, write_crowdtangle
from tests._helpers import assert_same

if TYPE_CHECKING:
    from pathlib import Path

    from groepsinzicht.errors import FormatError

EXPORT = "crowdtangle_csv/2021-07-05-22-49-20-BRT-search-csv-export.csv"
HISTORY = "crowdtangle_csv/history_post_3758007754304128.csv"

HEADER = ("Page Name,Facebook Id,Likes at Posting,Followers at Posting,Post Created,Type,"
          "Likes,Comments,Shares,Love,Care,Total Views,URL,Message,Link")


def _row(created: str = "2024-05-01 10:00:00 CEST", *, likes: str = "5",
         url: str = "https://www.facebook.com/123/posts/456", kind_name: str = "Gemeente",
         typ: str = "Photo", link: str = "", message: str = "Hallo") -> str:
    return (f"{kind_name},123,100,200,{created},{typ},{likes},2,1,3,0,0,{url},"
            f"{message},{link}")


def _write(tmp_path: Path, lines: list[str], name: str = "export.csv", *,
           bom: bool = True) -> Path:
    p = tmp_path / name
    p.write_bytes((b"\xef\xbb\xbf" if bom else b"") + "\n".join(lines).encode() + b"\n")
    return p




# ------------------------------------------------------------------ real fixtures


def test_real_export_counts_and_values(fixtures_dir: Path) -> None:
    ds = read_crowdtangle(fixtures_dir / EXPORT)
    assert ds.posts.height == 10
    assert ds.containers.height == 10
    assert ds.containers.get_column("kind").cast(str).unique().to_list() == ["page"]
    assert ds.comments.height == 0
    assert ds.reactions.height == 0
    # Ten pages, each the author of its post; every page states followers and likes.
    assert ds.members.height == 10
    assert ds.audience.height == 20
    # 10 posts x 7 reaction types, less one zero (Zé Felipe's post had no "Sad").
    assert ds.reaction_counts.height == 69
    assert ds.reconciliation.row(0)[2:] == (10, 10, 0, 0, 0)
    post = ds.posts.filter(pl.col("post_id") == "345428873810280").row(0, named=True)
    assert post["container_id"] == "100050295107499"
    assert post["author_id"] == "100050295107499"
    # 18:02:45 BRT (UTC-3)
    assert post["created_at"] == datetime(2021, 7, 5, 21, 2, 45, tzinfo=UTC)
    assert post["post_type"] == "photo"
    # Likes + Love + Wow + Haha + Sad + Angry + Care; "407.137" total interactions.
    assert post["reported_reactions"] == 270729 + 100226 + 254 + 3657 + 93 + 565 + 2848
    assert post["reported_reactions"] + post["reported_comments"] + post[
        "reported_shares"] == 407137
    assert (post["reported_comments"], post["reported_shares"], post["views"]) == (
        24506, 4259, 0)
    assert post["permalink"] == "https://www.facebook.com/100050295107499/posts/345428873810280"
    assert post["link_domain"] == "facebook.com"
    neymar = ds.audience.filter(pl.col("container_id") == "100050295107499").sort("metric")
    assert neymar.select("size", pl.col("metric").cast(str)).rows() == [
        (81438971, "followers"), (68771127, "page_likes")]
    assert neymar.get_column("at").to_list() == [post["created_at"]] * 2
    video = ds.posts.filter(pl.col("post_id") == "2474970829318555").row(0, named=True)
    assert (video["post_type"], video["views"]) == ("video", 504847)
    assert video["created_at"] == datetime(2021, 7, 5, 20, 43, 42, tzinfo=UTC)
    live = ds.posts.filter(pl.col("post_id") == "547346186306924").row(0, named=True)
    assert (live["post_type"], live["views"]) == ("live", 198172)
    assert live["created_at"] == datetime(2021, 7, 5, 23, 51, 55, tzinfo=UTC)
    # The day before in BRT, 02:13:41 UTC on the 5th; doubled quotes undone.
    quoted = ds.posts.filter(pl.col("post_id") == "4309584115798728").row(0, named=True)
    assert quoted["created_at"] == datetime(2021, 7, 5, 2, 13, 41, tzinfo=UTC)
    assert '"PREVARICAÇÃO"' in quoted["message"]
    ze = ds.reaction_counts.filter(pl.col("target_id") == "391669892315013")
    assert dict(ze.select(pl.col("reaction_type").cast(str), "count").rows()) == {
        "like": 65319, "love": 14433, "wow": 52, "haha": 10, "angry": 1, "care": 70}
    assert ds.posts.get_column("created_at").min() == datetime(2021, 7, 5, 2, 13, 41,
                                                               tzinfo=UTC)
    names = dict(ds.containers.select("container_id", "name").rows())
    assert names["165443043496125"] == "Instituto Butantan"


def test_real_folder_through_load_skips_history(fixtures_dir: Path) -> None:
    folder = fixtures_dir / "crowdtangle_csv"
    assert gi.detect_format(folder) == "crowdtangle"
    ds = gi.load(folder)
    assert ds.posts.height == 10
    prov = [p for p in ds.provenance if p.get("format") == "crowdtangle"]
    assert prov[0]["skipped_history_files"] == [str(fixtures_dir / HISTORY)]
    assert ds.summary().skipped.get_column("source").to_list() == [
        str(fixtures_dir / HISTORY)]
    assert ds.reconciles()


def test_real_history(fixtures_dir: Path) -> None:
    h = read_crowdtangle_history(fixtures_dir / HISTORY)
    assert h.height == 7
    assert h.get_column("post_id").unique().to_list() == ["3758007754304128"]
    assert h.get_column("post_url").unique().to_list() == [
        "https://www.facebook.com/MajuCoutinhoReal/posts/3758007754304128"]
    assert h.get_column("post_created_at").unique().to_list() == [
        datetime(2021, 7, 4, 22, 38, 3, tzinfo=UTC)]
    assert h.get_column("score_at").is_sorted()
    first = h.row(0, named=True)
    assert first["score_at"] == datetime(2021, 7, 4, 23, 26, 32, tzinfo=UTC)
    assert (first["timestep"], first["likes"], first["comments"], first["shares"]) == (
        3, 19328, 1036, 185)
    assert (first["love"], first["reactions"], first["avg_likes"], first["score"]) == (
        2679, 22116, 6182.0, 2.6)
    last = h.row(-1, named=True)
    assert (last["timestep"], last["reactions"], last["score"]) == (36, 70093, 2.3)
    # Reactions are the sum of the per-type counts.
    types = ["likes", "love", "wow", "haha", "sad", "angry", "care"]
    assert (h.select(pl.sum_horizontal(types)).to_series() == h["reactions"]).all()


def test_history_is_refused_as_dataset(fixtures_dir: Path) -> None:
    with pytest.raises(UnknownFormatError,
                       match=re.escape("read it with gi.io.read_crowdtangle_history")):
        read_crowdtangle(fixtures_dir / HISTORY)


# ------------------------------------------------------------------ hand-built files


@pytest.mark.parametrize(
    ("abbr", "offset_hours"),
    [("UTC", 0), ("GMT", 0), ("CET", 1), ("CEST", 2), ("WET", 0), ("WEST", 1),
     ("EST", -5), ("EDT", -4), ("CST", -6), ("CDT", -5), ("MST", -7), ("MDT", -6),
     ("PST", -8), ("PDT", -7), ("BRT", -3), ("AEST", 10), ("AEDT", 11), ("NZST", 12),
     ("NZDT", 13), ("-03", -3), ("+0530", 5.5)],
)
def test_time_zone_abbreviations(tmp_path: Path, abbr: str, offset_hours: float) -> None:
    p = _write(tmp_path, [HEADER, _row(f"2024-01-15 12:00:00 {abbr}")])
    got = read_crowdtangle(p).posts.get_column("created_at").item()
    assert got == datetime(2024, 1, 15, 12, tzinfo=UTC) - timedelta(hours=offset_hours)


def test_unknown_abbreviation_needs_explicit_tz(tmp_path: Path) -> None:
    p = _write(tmp_path, [HEADER, _row("2024-01-15 12:00:00 XYZ")])
    with pytest.raises(MalformedRecordError, match=re.escape(
            f"{p}: line 2, column 'Post Created': expected a known time-zone abbreviation")):
        read_crowdtangle(p)
    # Named explicitly, the zone is the dashboard's: 12:00 in Amsterdam is 11:00 UTC.
    got = read_crowdtangle(p, tz="Europe/Amsterdam").posts.get_column("created_at").item()
    assert got == datetime(2024, 1, 15, 11, 0, tzinfo=UTC)


def test_ambiguous_abbreviation_needs_explicit_tz(tmp_path: Path) -> None:
    p = _write(tmp_path, [HEADER, _row("2024-01-15 12:00:00 IST")])
    with pytest.raises(MalformedRecordError, match=re.escape(
            "column 'Post Created': expected an unambiguous time-zone abbreviation")):
        read_crowdtangle(p)
    got = read_crowdtangle(p, tz="Asia/Kolkata").posts.get_column("created_at").item()
    assert got == datetime(2024, 1, 15, 6, 30, tzinfo=UTC)


def test_time_without_abbreviation_is_local_in_tz(tmp_path: Path) -> None:
    p = _write(tmp_path, [HEADER, _row("2024-07-01 12:00:00"),
                          _row("2024-10-27 02:30:00", url="https://www.facebook.com/123/posts/457")])
    ds = read_crowdtangle(p)
    assert ds.posts.sort("post_id").get_column("created_at").to_list() == [
        datetime(2024, 7, 1, 10, 0, tzinfo=UTC),
        # The autumn hour that occurs twice: its first (summer-time) occurrence.
        datetime(2024, 10, 27, 0, 30, tzinfo=UTC),
    ]


def test_group_export(tmp_path: Path) -> None:
    header = HEADER.replace("Page Name", "Group Name")
    url = "https://www.facebook.com/groups/123/permalink/999/"
    ds = read_crowdtangle(_write(tmp_path, [header, _row(url=url, kind_name="Buurt")]))
    assert ds.containers.select("container_id", pl.col("kind").cast(str), "name").rows() == [
        ("123", "group", "Buurt")]
    post = ds.posts.row(0, named=True)
    assert (post["post_id"], post["author_id"]) == ("999", None)
    # Followers at Posting of a group is its member count; Likes at Posting is not used.
    assert ds.audience.select("size", pl.col("metric").cast(str)).rows() == [(200, "members")]
    assert ds.members.height == 0


def test_kind_hint_overrides_header(tmp_path: Path) -> None:
    ds = read_crowdtangle(_write(tmp_path, [HEADER, _row()]), kind="group")
    assert ds.containers.get_column("kind").cast(str).to_list() == ["group"]
    assert ds.audience.get_column("metric").cast(str).to_list() == ["members"]


def test_legacy_header_with_created(tmp_path: Path) -> None:
    header = ("Page Name,User Name,Facebook Id,Likes at Posting,Followers at Posting,"
              "Created,Type,Likes,Comments,Shares,Love,Wow,Haha,Sad,Angry,Care,URL,Message")
    row = ("Gemeente,gemeente,123,10,20,2020-03-01 09:00:00 EST,Status,1,2,3,4,0,0,0,0,0,"
           "https://www.facebook.com/123/posts/77,Hallo")
    ds = read_crowdtangle(_write(tmp_path, [header, row]))
    post = ds.posts.row(0, named=True)
    assert post["created_at"] == datetime(2020, 3, 1, 14, 0, tzinfo=UTC)
    assert (post["post_type"], post["reported_reactions"], post["views"]) == ("status", 5, None)


@pytest.mark.parametrize(
    ("typ", "link", "post_type", "domain"),
    [("Native Video", "", "video", None),
     ("Live Video Complete", "", "live", None),
     ("YouTube", "", "link", "youtube.com"),
     ("YouTube", "https://youtu.be/abc", "link", "youtube.com"),
     ("Link", "https://www.Voorbeeldstad.nl/afval", "link", "voorbeeldstad.nl"),
     ("Album", "", "photo", None),
     ("Something New", "", "other", None)],
)
def test_types_and_domains(tmp_path: Path, typ: str, link: str, post_type: str,
                           domain: str | None) -> None:
    ds = read_crowdtangle(_write(tmp_path, [HEADER, _row(typ=typ, link=link)]))
    assert ds.posts.select(pl.col("post_type").cast(str), "link_domain").row(0) == (
        post_type, domain)


@pytest.mark.parametrize(("cell", "value"), [('"1,234"', 1234), ("1.234", 1234),
                                             ("1234", 1234), ('"1 234"', 1234)])
def test_locale_numbers(tmp_path: Path, cell: str, value: int) -> None:
    ds = read_crowdtangle(_write(tmp_path, [HEADER, _row(likes=cell)]))
    assert ds.reaction_counts.filter(pl.col("reaction_type") == "like")["count"].item() == value


def test_post_id_from_story_fbid(tmp_path: Path) -> None:
    url = "https://www.facebook.com/permalink.php?story_fbid=555&id=123"
    ds = read_crowdtangle(_write(tmp_path, [HEADER, _row(url=url)]))
    assert ds.posts.get_column("post_id").to_list() == ["555"]


def test_weighted_score_header_is_matched_by_prefix(tmp_path: Path) -> None:
    header = HEADER + ",Overperforming Score (weighted  —  Likes 1x Shares 3x Comments 2x )"
    p = _write(tmp_path, [header, _row() + ',"-6,83"'])
    assert gi.detect_format(p) == "crowdtangle"
    assert read_crowdtangle(p).posts.height == 1


def test_same_post_twice_later_file_wins(tmp_path: Path) -> None:
    _write(tmp_path, [HEADER, _row(likes="5")], name="a.csv")
    _write(tmp_path, [HEADER, _row(likes="9")], name="b.csv")
    with pytest.warns(DataQualityWarning, match=re.escape("1 duplicate record(s) merged (1 ")):
        ds = read_crowdtangle(tmp_path)
    assert ds.posts.height == 1
    assert ds.posts.get_column("reported_reactions").item() == 9 + 3
    # Per file: the second copy is a duplicate (differing: other counts) of b.csv.
    assert ds.reconciliation.select("rows_seen", "rows_kept", "rows_rejected",
                                    "rows_duplicate", "rows_duplicate_differing").rows() == [
        (1, 1, 0, 0, 0), (1, 0, 0, 1, 1)]
    assert ds.reconciles()


def test_header_only_is_an_empty_export(tmp_path: Path) -> None:
    ds = read_crowdtangle(_write(tmp_path, [HEADER]))
    assert ds.posts.height == 0
    assert ds.reconciliation.select("rows_seen", "rows_kept").row(0) == (0, 0)


# ------------------------------------------------------------------ malformed files

GOOD = [HEADER, _row()]
TWO = [HEADER, _row(), _row(url="https://www.facebook.com/123/posts/457")]

MALFORMED = [
    # (id, bytes, error, message part, collect: (seen, kept, rejected) or None = file-level)
    ("empty", b"", UnknownFormatError, "byte 0: expected a CrowdTangle CSV header, got an "
     "empty file", (1, 0, 1)),
    ("missing column", "\n".join([HEADER.replace(",URL", ",Link2"), _row()]).encode(),
     MalformedRecordError, "line 1: expected a column 'URL', got none", (1, 0, 1)),
    ("ragged row", "\n".join([*TWO[:2], _row()[: _row().rindex(",")], TWO[2]]).encode(),
     MalformedRecordError, "line 3: expected 15 fields, got 14", (3, 2, 1)),
    ("garbage number", "\n".join([HEADER, _row(likes="12abc"), TWO[2]]).encode(),
     MalformedRecordError, "line 2, column 'Likes': expected a whole number, got '12abc'",
     (2, 1, 1)),
    ("decimal count", "\n".join([HEADER, TWO[2], _row(likes='"1,4"')]).encode(),
     MalformedRecordError, "line 3, column 'Likes': expected a whole number, got '1,4'",
     (2, 1, 1)),
    ("latin-1 byte", "\n".join([HEADER, TWO[2]]).encode() + b"\n"
     + _row(message="caf\xe9").encode("latin-1"),
     EncodingError, "byte 355 (line 3): expected UTF-8 text, got byte 0xE9", (2, 1, 1)),
    ("unknown tz", "\n".join([HEADER, _row("2024-01-01 10:00:00 XYZ"), TWO[2]]).encode(),
     MalformedRecordError, "line 2, column 'Post Created': expected a known time-zone",
     (2, 1, 1)),
    ("bad time", "\n".join([HEADER, TWO[2], _row("gisteren")]).encode(),
     MalformedRecordError, "line 3, column 'Post Created': expected a time like",
     (2, 1, 1)),
    ("no post id in URL", "\n".join([HEADER, _row(url="nonsense"), TWO[2]]).encode(),
     MalformedRecordError, "line 2, column 'URL': expected a post URL", (2, 1, 1)),
    ("unterminated quote", "\n".join([*TWO, _row(message='"oops')]).encode(),
     MalformedRecordError, "line 4: expected a closing quote, got the end of the file",
     (3, 2, 1)),
    ("utf-16 without BOM", "\n".join(GOOD).encode("utf-16-le"), EncodingError,
     "byte 1 (line 1): expected UTF-8 text, got a NUL byte", (1, 0, 1)),
]


@pytest.mark.parametrize(("data", "error", "message", "counts"),
                         [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED])
def test_malformed_files(tmp_path: Path, data: bytes, error: type[FormatError],
                         message: str, counts: tuple[int, int, int]) -> None:
    p = tmp_path / "export.csv"
    p.write_bytes(data)
    with pytest.raises(error, match=re.escape(f"{p}: {message}")):
        read_crowdtangle(p)
    nulled = "expected a whole number" in message  # an optional field: nulled, counted
    if nulled:
        counts = (counts[0], counts[0], 0)
    with pytest.warns(DataQualityWarning, match=re.escape(
            "implausible field value(s) set to null" if nulled else "record(s) rejected")):
        ds = gi.load(p, format="crowdtangle", on_error="collect")
    assert ds.reconciles()
    if nulled:
        assert ds.nulled.get_column("rows").to_list() == [1]
        assert ds.posts.height == counts[1]
        return
    assert ds.reconciliation.select("rows_seen", "rows_kept", "rows_rejected").row(0) == counts
    assert ds.posts.height == counts[1]
    rejected = ds.rejected.row(0, named=True)
    assert rejected["source"] == str(p)
    assert message.split(": expected")[0] in rejected["location"]


def test_collect_keeps_reading_past_a_broken_file(tmp_path: Path) -> None:
    _write(tmp_path, [HEADER, _row()], name="a.csv")
    (tmp_path / "b.csv").write_bytes(b"\xef\xbb\xbf" + HEADER.replace(",URL", "").encode())
    with pytest.warns(DataQualityWarning, match="1 record"):
        ds = gi.load(tmp_path, format="crowdtangle", on_error="collect")
    assert ds.posts.height == 1
    assert ds.rejected.select("location", "reason").row(0) == (
        "line 1", "expected a column 'URL', got none")


def test_history_malformed(tmp_path: Path) -> None:
    p = tmp_path / "history_post_1.csv"
    p.write_text('ID,"Score Date (GMT)",Timestep,Likes\n"1\t","2021-07-05 19:55:29",3,x\n',
                 encoding="utf-8")
    with pytest.raises(MalformedRecordError,
                       match=re.escape(f"{p}: line 2, column 'Likes': expected a whole "
                                       "number, got 'x'")):
        read_crowdtangle_history(p)
    p.write_text("Timestep,Likes\n3,4\n", encoding="utf-8")
    with pytest.raises(MalformedRecordError, match=re.escape("expected a column 'id'")):
        read_crowdtangle_history(p)


# ------------------------------------------------------------------ writer round trips


def test_round_trip_hand_built(tmp_path: Path) -> None:
    t = datetime(2024, 3, 31, 1, 30, 5, 123, tzinfo=UTC)
    ds = gi.Dataset.from_frames(
        containers=pl.DataFrame({"container_id": ["11", "22"], "kind": ["page", "group"],
                                 "name": ["Gemeente", "Buurt"]}),
        posts=pl.DataFrame({
            "container_id": ["11", "22", "22"],
            "post_id": ["11_1", "22_2", "22_3"],
            "author_id": ["11", "m1", "m2"],
            "created_at": [t, t, t.replace(hour=12)],
            "message": ['Zeg "hallo",\nallemaal', None, "   "],
            "post_type": ["video", "link", "poll"],
            "link_url": [None, "https://youtu.be/x", None],
            "reported_comments": [4, None, 1],
            "views": [1000, None, None],
        }),
        members=pl.DataFrame({"container_id": ["22", "22"], "member_id": ["m1", "m2"],
                              "joined_at": [t.replace(day=1), t.replace(day=2)]}),
        audience=pl.DataFrame({"container_id": ["11", "11"], "at": [t, t],
                               "size": [1500, 1200], "metric": ["followers", "page_likes"]}),
        reaction_counts=pl.DataFrame({
            "container_id": ["11", "11", "22"], "target_id": ["11_1", "11_1", "22_2"],
            "target_kind": ["post"] * 3, "reaction_type": ["like", "other", "care"],
            "count": [1234, 5, 2]}),
    )
    files = write_crowdtangle(ds, tmp_path, locale="pt-BR")
    assert len(files) == 2
    text = files[0].read_bytes()
    assert text.startswith(b"\xef\xbb\xbfPage Name,")
    assert "2024-03-31 03:30:05 CEST" in text.decode("utf-8-sig")
    got = gi.load(tmp_path)
    want = project_crowdtangle(ds)
    assert_same(got, want)
    posts = got.posts.sort("post_id")
    assert posts.get_column("post_id").to_list() == ["1", "2", "3"]
    assert posts.get_column("post_type").cast(str).to_list() == ["video", "link", "status"]
    assert posts.get_column("reported_reactions").to_list() == [1234, 2, 0]
    # Both members had joined by the group posts' times: the size rule counts joins.
    assert got.audience.filter(pl.col("container_id") == "22")["size"].to_list() == [2, 2]


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000), scale=st.sampled_from([0.02, 0.05]),
       locale=st.sampled_from(["en", "pt-BR"]), layout=st.sampled_from(["2021", "legacy"]),
       tz=st.sampled_from(["Europe/Amsterdam", "America/Sao_Paulo", "UTC",
                           "America/Chicago"]),
       format_all=st.booleans())
def test_round_trip_synth(seed: int, scale: float, locale: str, layout: str, tz: str,
                          format_all: bool) -> None:
    import tempfile
    from pathlib import Path

    ds = generate(seed=seed, scale=scale)
    want = project_crowdtangle(ds)
    with tempfile.TemporaryDirectory() as tmp:
        files = write_crowdtangle(ds, tmp, locale=locale, layout=layout,  # type: ignore[arg-type]
                                  tz=tz, format_all_counts=format_all)
        if not files:  # a tiny draw without posts: nothing to export
            assert want.posts.height == 0
            return
        got = gi.load(Path(tmp))
    assert_same(got, want)
    assert got.reconciles()


# ------------------------------------------------------------------ the CSV scanner

# No bare CR: the csv module counts it as a line break, a physical line here ends in LF.
_CELLS = st.text(alphabet='ab,"\n ;é', max_size=6)


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(st.lists(_CELLS, min_size=3, max_size=3), min_size=1, max_size=8),
       block=st.integers(1, 17))
def test_scan_agrees_with_csv_module_across_blocks(rows: list[list[str]], block: int) -> None:
    import csv
    import io

    from groepsinzicht.io import _csv

    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(rows)
    data = text.getvalue().encode()
    whole = _csv._scan(data, ord(","))
    with pytest.MonkeyPatch.context() as mp:  # quotes and line ends across block edges
        mp.setattr(_csv, "_SCAN_BLOCK", block)
        pieces = _csv._scan(data, ord(","))
    for a, b in zip(whole[:4], pieces[:4], strict=True):
        assert a.tolist() == b.tolist()
    # Every record has three fields and starts on the line the csv module says.
    reader = csv.reader(io.StringIO(text.getvalue(), newline=""))
    starts = []
    line = 1
    for _ in reader:
        starts.append(line)
        line = reader.line_num + 1
    assert whole[2].tolist() == starts
    assert set(whole[3].tolist()) == {3}
    assert whole[4] is False


def test_crlf_and_semicolons_read_like_the_original(tmp_path: Path) -> None:
    plain = read_crowdtangle(_write(tmp_path, [HEADER, _row(message='"a\nb"')]))
    crlf = tmp_path / "crlf.csv"
    crlf.write_bytes(("\r\n".join([HEADER, _row(message='"a\r\nb"')]) + "\r\n").encode())
    semi = tmp_path / "semi.csv"
    semi.write_text("\n".join([HEADER.replace(",", ";"),
                               _row(message='"a\nb"').replace(",", ";")]) + "\n",
                    encoding="utf-8")
    for other, message in ((crlf, "a\r\nb"), (semi, "a\nb")):
        ds = read_crowdtangle(other)
        assert ds.posts.get_column("message").to_list() == [message]
        assert_frame_equal(ds.posts.drop("message"), plain.posts.drop("message"))


def test_export_inside_a_zip_and_zip_slip(tmp_path: Path) -> None:
    import zipfile

    from groepsinzicht.errors import UnsafeArchiveError

    csv_bytes = b"\xef\xbb\xbf" + "\n".join([HEADER, _row()]).encode() + b"\n"
    good = tmp_path / "exports.zip"
    with zipfile.ZipFile(good, "w") as zf:
        zf.writestr("2024/export.csv", csv_bytes)
    ds = gi.load(good)
    assert ds.posts.get_column("post_id").to_list() == ["456"]
    assert ds.provenance[0]["source"] == f"{good}!2024/export.csv"
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as zf:
        zf.writestr("../export.csv", csv_bytes)
    with pytest.raises(UnsafeArchiveError,
                       match=re.escape(f"{evil}: entry '../export.csv': expected a relative")):
        read_crowdtangle(evil)


def test_progress_bar_can_be_forced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ds = read_crowdtangle(_write(tmp_path, [HEADER, _row()]), progress=True)
    assert ds.posts.height == 1
    assert "crowdtangle" in capsys.readouterr().err
