"""Issue 11: reconciliation with duplicates, plausible values, broken threads, one warning.

Every case writes its own small files; the expectations are computed by hand.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import polars as pl
import pytest

import groepsinzicht as gi
from groepsinzicht.errors import DataQualityWarning, MalformedRecordError
from groepsinzicht.io._rules import BAD, FACEBOOK_START, as_count

NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)
T = "2024-05-01T12:00:00+0000"


def post(pid: str = "1_1", **fields: object) -> dict[str, object]:
    return {"id": pid, "created_time": T, "from": {"id": "9", "name": "Anna"},
            "permalink_url": "https://www.facebook.com/groups/1/permalink/1/", **fields}


def comment(cid: str, text: str = "ja", **fields: object) -> dict[str, object]:
    return {"id": cid, "created_time": T, "message": text, "from": {"id": f"u{cid}"},
            **fields}


def write(tmp_path, obj, name="feed.json"):
    f = tmp_path / name
    f.write_bytes(obj if isinstance(obj, bytes) else json.dumps(obj).encode())
    return f


def recon(ds: gi.Dataset) -> list[tuple[object, ...]]:
    return ds.reconciliation.select(
        "rows_seen", "rows_kept", "rows_rejected", "rows_duplicate",
        "rows_duplicate_differing").rows()


# ------------------------------------------------------------------ duplicates
def test_feed_with_a_post_twice_and_a_comment_id_with_two_contents(tmp_path):
    # Paging overlap: page 2 repeats the post with its comments; comment c1 comes back
    # with other text; comment c9 reuses an id under another post of the same group.
    page1 = {"data": [post("1_1", comments={"data": [comment("c1", "oud"), comment("c2")]}),
                      post("1_2", comments={"data": [comment("c9", "eerste")]})]}
    page2 = {"data": [post("1_1", comments={"data": [comment("c1", "nieuw"),
                                                      comment("c2")]}),
                      post("1_3", comments={"data": [comment("c9", "tweede")]})]}
    f = write(tmp_path, [page1, page2])
    with pytest.warns(DataQualityWarning, match=re.escape(
            "4 duplicate record(s) merged (2 with differing content; the last one read "
            "was kept) (see Dataset.summary())")):
        ds = gi.load(f, now=NOW)
    # seen: 4 posts + 6 comments; duplicates: post 1_1 (same), c1 (differs), c2 (same),
    # c9 (differs: other text, other post).
    assert recon(ds) == [(10, 6, 0, 4, 2)]
    assert ds.reconciles()
    assert ds.posts.height == 3 and ds.comments.height == 3
    texts = dict(ds.comments.select("comment_id", "message").rows())
    assert texts == {"c1": "nieuw", "c2": "ja", "c9": "tweede"}
    s = ds.summary()
    assert s.reconciliation.select("rows_duplicate", "rows_duplicate_differing").row(0) \
        == (4, 2)


def test_duplicate_in_a_second_file_counts_against_that_file(tmp_path):
    a = write(tmp_path, {"data": [post("1_1"), post("1_2")]}, "a.json")
    b = write(tmp_path, {"data": [post("1_2"), post("1_3")]}, "b.json")
    with pytest.warns(DataQualityWarning, match="1 duplicate"):
        ds = gi.load([a, b], now=NOW)
    assert ds.reconciliation.select("source", "rows_seen", "rows_kept",
                                    "rows_duplicate").rows() == [
        (str(a), 2, 2, 0), (str(b), 2, 1, 1)]
    assert ds.reconciles()


def test_reconciles_uses_the_duplicate_column():
    bad = gi.Dataset.from_frames(reconciliation=pl.DataFrame({
        "source": ["f"], "format": ["x"], "rows_seen": [5], "rows_kept": [3],
        "rows_rejected": [1], "rows_duplicate": [0], "rows_duplicate_differing": [0]}))
    assert not bad.reconciles()
    good = gi.Dataset.from_frames(reconciliation=pl.DataFrame({
        "source": ["f"], "format": ["x"], "rows_seen": [5], "rows_kept": [3],
        "rows_rejected": [1], "rows_duplicate": [1], "rows_duplicate_differing": [1]}))
    assert good.reconciles()


# ------------------------------------------------------------------ plausible values
@pytest.mark.parametrize(("when", "shown"), [
    ("9999-01-01T00:00:00+0000", "9999-01-01 00:00 UTC"),
    ("1970-01-01T00:00:00+0000", "1970-01-01 00:00 UTC"),
    ("2004-02-03T23:59:59+0000", "2004-02-03 23:59 UTC"),
])
def test_implausible_post_time_is_a_bad_required_value(tmp_path, when, shown):
    f = write(tmp_path, {"data": [post("1_1"), post("1_2", created_time=when)]})
    expected = ("expected a time between 2004-02-04 and 2025-06-02 (one day after "
                f"loading), got {shown}")
    with pytest.raises(MalformedRecordError, match=re.escape(
            f"{f}: post '1_2', field 'created_at': {expected}")):
        gi.load(f, now=NOW)
    with pytest.warns(DataQualityWarning, match=re.escape("1 record(s) rejected")):
        ds = gi.load(f, now=NOW, on_error="collect")
    assert ds.posts.get_column("post_id").to_list() == ["1_1"]
    assert recon(ds) == [(2, 1, 1, 0, 0)]
    assert ds.rejected.select("location", "reason").row(0) == (
        "post '1_2', field 'created_at'", expected)
    # Nothing implausible is left to break printing, summaries and timelines.
    assert "2024-05-01" in repr(ds)
    assert ds.summary().first == datetime(2024, 5, 1, 12, tzinfo=UTC)


def test_now_sets_the_latest_plausible_time_and_is_recorded(tmp_path):
    soon = (NOW + timedelta(hours=20)).strftime("%Y-%m-%dT%H:%M:%S+0000")
    late = (NOW + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%S+0000")
    f = write(tmp_path, {"data": [post("1_1", created_time=soon),
                                  post("1_2", created_time=late)]})
    with pytest.warns(DataQualityWarning):
        ds = gi.load(f, now=NOW, on_error="collect")
    assert ds.posts.get_column("post_id").to_list() == ["1_1"]
    assert ds.provenance[0]["now"] == "2025-06-01T12:00:00+00:00"
    # A later moment of loading accepts the post.
    assert gi.load(f, now=NOW + timedelta(days=3)).posts.height == 2


def test_counts_negative_fractional_or_words_are_nulled_and_counted(tmp_path):
    f = write(tmp_path, {"data": [
        post("1_1", shares={"count": -5}),
        post("1_2", shares={"count": "12"}),
        post("1_3", shares={"count": 12.0}),
        post("1_4", shares={"count": 1.5}, comments={"data": [comment("c", like_count="veel")]}),
    ]})
    with pytest.raises(MalformedRecordError, match=re.escape(
            f"{f}: $.data[0].shares: expected a whole number, not negative, got the number -5")):
        gi.load(f, now=NOW)
    with pytest.warns(DataQualityWarning, match=re.escape(
            "3 implausible field value(s) set to null")):
        ds = gi.load(f, now=NOW, on_error="collect")
    shares = dict(ds.posts.select("post_id", "reported_shares").rows())
    assert shares == {"1_1": None, "1_2": 12, "1_3": 12, "1_4": None}
    assert ds.comments.height == 1  # the post keeps its comments
    assert ds.summary().nulled.sort("column").rows() == [
        (str(f), "comments", "reported_reactions", 1),
        (str(f), "posts", "reported_shares", 2)]
    assert recon(ds) == [(5, 5, 0, 0, 0)]
    engagement = gi.post_engagement(ds)
    assert (engagement.get_column("shares").drop_nulls() >= 0).all()


def test_as_count_rules():
    assert [as_count(v) for v in (0, 7, "12", "12.0", 12.0)] == [0, 7, 12, 12, 12]
    assert all(as_count(v) is BAD for v in (-1, 1.5, "veel", True, None, [1], float("nan")))
    assert datetime(2004, 2, 4, tzinfo=UTC) == FACEBOOK_START


# ------------------------------------------------------------------ broken threads
def test_self_parent_and_two_cycle_are_broken_threads_taken_as_top_level(tmp_path):
    comments = {"data": [
        comment("a"),
        comment("b", parent={"id": "a"}),          # a fine reply
        comment("s", parent={"id": "s"}),          # its own parent
        comment("x", parent={"id": "y"}),          # x <-> y: a cycle of two
        comment("y", parent={"id": "x"}),
        comment("z", parent={"id": "x"}),          # replies into the cycle: fine itself
        comment("m", parent={"id": "gone"}),       # its parent is missing
    ]}
    f = write(tmp_path, {"data": [post("1_1", comments=comments)]})
    with pytest.warns(DataQualityWarning, match=re.escape(
            "4 comment(s) with a broken thread (taken as top-level)")):
        ds = gi.load(f, now=NOW)
    assert ds.summary().tables.select("container_id", "broken_threads").rows() == [("1", 4)]
    assert ds.summary().tables.schema["broken_threads"] == pl.Int64
    # Every analysis: direct comments = a + the 4 broken; replies = b and z.
    eng = gi.post_engagement(ds).row(0, named=True)
    assert eng["comments"] == 7
    from groepsinzicht._measures._threads import comment_depths, thread_index

    ix = thread_index(ds)
    depths = dict(zip(ix.comments.get_column("comment_id").to_list(),
                      comment_depths(ix.comments).to_list(), strict=True))
    assert depths == {"a": 1, "b": 2, "s": 1, "x": 1, "y": 1, "z": 2, "m": 1}
    conv = gi.conversation(ds, org_ids=["9"])
    assert conv.filter(pl.col("container_id") == "1").get_column(
        "max_thread_depth").item() == 2
    g = gi.interaction_graph(ds)
    # A broken comment is a comment on the post (an edge to the post's author).
    assert g.has_edge("us", "9") and g.has_edge("um", "9") and g.has_edge("ux", "9")
    assert g.has_edge("ub", "ua") and g.has_edge("uz", "ux")


# ------------------------------------------------------------------ determinism
def test_same_input_and_now_give_the_same_tables_in_the_same_order(tmp_path):
    page = {"data": [post(f"1_{i}", comments={"data": [comment(f"c{i}{j}") for j in range(3)]},
                          reactions={"data": [{"id": str(k), "type": "LIKE"}
                                              for k in range(4)]})
                     for i in range(20)]}
    f = write(tmp_path, [page, page])  # every record twice
    with pytest.warns(DataQualityWarning):
        one = gi.load(f, now=NOW)
    with pytest.warns(DataQualityWarning):
        two = gi.load(f, now=NOW)
    for name in gi.dataset.TABLE_NAMES:
        assert one.table(name).equals(two.table(name)), name
    assert one.reconciliation.equals(two.reconciliation)


# ------------------------------------------------------------------ salvage
def _posts(n: int) -> list[dict[str, object]]:
    return [post(f"1_{i}", message="m" * (10 * i),
                 comments={"data": [comment(f"c{i}"), comment(f"d{i}", parent={"id": f"c{i}"})]})
            for i in range(n)]


def test_feed_cut_at_two_thirds_keeps_the_complete_posts_before_the_cut(tmp_path):
    records = _posts(9)
    raw = json.dumps({"data": records, "paging": {"next": "x"}}).encode()
    cut = len(raw) * 2 // 3
    f = write(tmp_path, raw[:cut])
    complete = [r["id"] for r in records
                if raw.index(json.dumps(r).encode()) + len(json.dumps(r)) <= cut]
    assert 3 <= len(complete) < 9
    with pytest.raises(MalformedRecordError, match=re.escape(f"{f}: byte {cut}")):
        gi.load(f, now=NOW)
    with pytest.warns(DataQualityWarning, match=re.escape("1 record(s) rejected")):
        ds = gi.load(f, now=NOW, on_error="collect")
    assert ds.posts.get_column("post_id").to_list() == complete
    assert ds.comments.height == 2 * len(complete)
    assert ds.reconciles()
    # Seen: the complete posts with their comments, plus the broken tail.
    assert recon(ds) == [(3 * len(complete) + 1, 3 * len(complete), 1, 0, 0)]
    assert ds.rejected.select("location", "reason").row(0) == (
        f"byte {cut} (line 1)", "expected valid JSON, got the end of the file (truncated?)")


def test_truncated_list_of_pages_keeps_complete_posts_of_the_last_page(tmp_path):
    pages = [{"data": _posts(3)}, {"data": [post("1_7"), post("1_8"), post("1_9")]}]
    raw = json.dumps(pages).encode()
    cut = raw.index(b'"1_9"')
    f = write(tmp_path, raw[:cut])
    with pytest.warns(DataQualityWarning):
        ds = gi.load(f, now=NOW, on_error="collect")
    assert ds.posts.get_column("post_id").to_list() == ["1_0", "1_1", "1_2", "1_7", "1_8"]
    assert ds.reconciles()


def test_ndjson_cut_keeps_the_complete_lines(tmp_path):
    lines = [json.dumps(p) for p in _posts(4)]
    raw = ("\n".join(lines)).encode()
    f = write(tmp_path, raw[:-20], "feed.ndjson")
    with pytest.warns(DataQualityWarning, match=re.escape("1 record(s) rejected")):
        ds = gi.load(f, now=NOW, on_error="collect")
    assert ds.posts.get_column("post_id").to_list() == ["1_0", "1_1", "1_2"]
    assert ds.reconciles()
    assert ds.rejected.get_column("location").to_list() == ["line 4, $"]


# ------------------------------------------------------------------ detection
def test_feed_with_a_70000_character_first_message_is_recognised(tmp_path):
    f = write(tmp_path, {"data": [post("1_1", message="lang " * 14_000), post("1_2")]})
    assert gi.detect_format(f) == "graph_api"
    ds = gi.load(f, now=NOW)
    assert ds.posts.height == 2
    assert ds.posts.get_column("message").str.len_chars().to_list()[0] == 70_000


NL_HEADER = ("Bericht-ID,Pagina-ID,Naam van pagina,Titel,Omschrijving,Publicatietijdstip,"
             "Berichttype,Datum,Weergaven,Bereik,Reacties,Opmerkingen,Deelacties")


def _bs_row(post_id: str, title: str = "Hallo") -> str:
    return (f"{post_id},22,Gemeente,{title},,01/07/2025 06:02,Foto's,Looptijd,100,50,7,3,"
            "1")


def test_nul_byte_in_a_business_suite_csv_names_byte_and_line(tmp_path):
    f = tmp_path / "Jan-01-2026_Jan-31-2026_1.csv"
    lines = [NL_HEADER, _bs_row("11"), _bs_row("12", "Hal\x00lo"), _bs_row("13")]
    raw = ("\n".join(lines) + "\n").encode()
    f.write_bytes(raw)
    offset = raw.index(b"\x00")
    assert gi.detect_format(f) == "business_suite"
    with pytest.raises(gi.errors.EncodingError, match=re.escape(
            f"{f}: byte {offset} (line 3): expected UTF-8 text, got a NUL byte")):
        gi.load(f, now=NOW)
    with pytest.warns(DataQualityWarning, match=re.escape("1 record(s) rejected")):
        ds = gi.load(f, now=NOW, on_error="collect")
    assert ds.posts.get_column("post_id").to_list() == ["11", "13"]
    assert recon(ds) == [(3, 2, 1, 0, 0)]
    assert ds.rejected.get_column("location").to_list() == [f"byte {offset} (line 3)"]


def test_utf16_without_bom_is_still_an_encoding_error(tmp_path):
    f = tmp_path / "Jan-01-2026_Jan-31-2026_1.csv"
    f.write_bytes(("\n".join([NL_HEADER, _bs_row("11")]) + "\n").encode("utf-16-le"))
    with pytest.raises(gi.errors.EncodingError, match=re.escape(
            "got a NUL byte (UTF-16 without a byte-order mark?)")):
        gi.load(f, format="business_suite", now=NOW)
