"""Graph API feed JSON reader and writer.

No real Graph API export could be brought (fixtures/real/SOURCES.md: every candidate held
real people's names), so these tests build files by hand after FORMATS.md §1 and
round-trip the synthetic writer.
"""

from __future__ import annotations

import json
import re
import tempfile
import zipfile
from datetime import UTC, datetime

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
    UnsafeArchiveError,
)
from groepsinzicht.io._graph_api import read_graph_api
from groepsinzicht.io._source import ZipLimits
from groepsinzicht.synth import generate
from groepsinzicht.synth._write_graph_api import project_graph_api, write_graph_api
from tests._helpers import assert_same

# FORMATS.md §1.4b, the illustrative full item (values are made up).
FEED = {
    "data": [
        {
            "id": "1234567890_2222222222",
            "message": "Zaterdag plantjesruil bij de buurttuin!",
            "created_time": "2019-03-01T12:00:00+0000",
            "updated_time": "2019-03-01T15:42:10+0000",
            "from": {"name": "Anna Jansen", "id": "10150000000000001"},
            "permalink_url": "https://www.facebook.com/groups/1234567890/permalink/2222222222/",
            "status_type": "mobile_status_update",
            "shares": {"count": 2},
            "reactions": {
                "data": [{"id": "10150000000000002", "name": "Piet de Vries", "type": "LIKE"},
                         {"id": "10150000000000003", "name": "Sara Bakker", "type": "LOVE"}],
                "paging": {"cursors": {"before": "QVFI...", "after": "QVFI..."}},
                "summary": {"total_count": 2, "viewer_reaction": "NONE"},
            },
            "comments": {
                "data": [
                    {"id": "2222222222_3333333333",
                     "from": {"name": "Piet de Vries", "id": "10150000000000002"},
                     "message": "Ik neem tomaten mee",
                     "created_time": "2019-03-01T13:05:00+0000",
                     "like_count": 1, "comment_count": 1,
                     "comments": {"data": [
                         {"id": "2222222222_4444444444",
                          "from": {"name": "Anna Jansen", "id": "10150000000000001"},
                          "message": "Top!", "created_time": "2019-03-01T13:10:00+0000",
                          "like_count": 0}]}},
                ],
                "paging": {"cursors": {"before": "WTI...", "after": "WTI..."}},
                "summary": {"order": "chronological", "total_count": 2, "can_comment": True},
            },
        }
    ],
    "paging": {"cursors": {"before": "QVFIUk...", "after": "QVFIUm..."},
               "next": "https://graph.facebook.com/v12.0/1234567890/feed?after=QVFIUm..."},
}
GROUP = "1234567890"
POST = "1234567890_2222222222"
ANNA, PIET, SARA = "10150000000000001", "10150000000000002", "10150000000000003"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def write(tmp_path, obj, name="feed.json"):
    f = tmp_path / name
    if isinstance(obj, bytes):
        f.write_bytes(obj)
    elif isinstance(obj, str):
        f.write_text(obj, encoding="utf-8")
    else:
        f.write_text(json.dumps(obj), encoding="utf-8")
    return f


def post(pid="1_1", **fields):
    return {"id": pid, "created_time": "2024-05-01T12:00:00+0000", **fields}


def read_posts(tmp_path, *posts, **kw):
    return read_graph_api(write(tmp_path, {"data": list(posts)}), **kw)




# ----------------------------------------------------------------------- the example
def test_formats_example_tables(tmp_path):
    ds = read_graph_api(write(tmp_path, FEED))
    assert ds.containers.rows() == [(GROUP, "group", None, None, False)]
    assert ds.posts.select("container_id", "post_id", "author_id", "created_at", "message",
                           "post_type", "permalink", "reported_reactions",
                           "reported_comments", "reported_shares", "mentions").rows() == [
        (GROUP, POST, ANNA, utc(2019, 3, 1, 12), "Zaterdag plantjesruil bij de buurttuin!",
         "status", FEED["data"][0]["permalink_url"], 2, 2, 2, [])]
    assert ds.comments.select("comment_id", "post_id", "parent_id", "author_id",
                              "created_at", "reported_reactions").rows() == [
        ("2222222222_3333333333", POST, None, PIET, utc(2019, 3, 1, 13, 5), 1),
        ("2222222222_4444444444", POST, "2222222222_3333333333", ANNA,
         utc(2019, 3, 1, 13, 10), 0),
    ]
    assert ds.reactions.select("target_id", "target_kind", "actor_id", "reaction_type",
                               "created_at").rows() == [
        (POST, "post", PIET, "like", None), (POST, "post", SARA, "love", None)]
    assert sorted(ds.reaction_counts.select("reaction_type", "count").rows()) == [
        ("like", 1), ("love", 1)]
    assert ds.members.sort("member_id").select("member_id", "name", "role").rows() == [
        (ANNA, "Anna Jansen", "unknown"), (PIET, "Piet de Vries", "unknown"),
        (SARA, "Sara Bakker", "unknown")]
    assert ds.reconciliation.select("rows_seen", "rows_kept", "rows_rejected").row(0) == (
        5, 5, 0)
    assert ds.provenance[0]["format"] == "graph_api"
    assert ds.provenance[0]["dropped_none_reactions"] == 0


def test_detected_as_graph_api(tmp_path):
    assert gi.detect_format(write(tmp_path, FEED)) == "graph_api"
    ndjson = "\n".join(json.dumps(p) for p in FEED["data"]) + "\n"
    assert gi.detect_format(write(tmp_path, ndjson, "feed.ndjson")) == "graph_api"


@pytest.mark.parametrize("shape", ["list_of_envelopes", "ndjson", "concatenated",
                                   "list_of_posts", "ndjson_envelopes"])
def test_other_shapes_read_the_same(tmp_path, shape):
    single = read_graph_api(write(tmp_path, FEED, "single.json"))
    if shape == "list_of_envelopes":
        content = json.dumps([FEED, {"data": [], "paging": {}}])
    elif shape == "ndjson":
        content = "\n".join(json.dumps(p) for p in FEED["data"]) + "\n\n"
    elif shape == "concatenated":
        content = json.dumps(FEED, indent=2) + "\n" + json.dumps({"data": []}, indent=2)
    elif shape == "list_of_posts":
        content = json.dumps(FEED["data"])
    else:
        content = json.dumps(FEED) + "\n" + json.dumps({"data": []}) + "\n"
    other = gi.load(write(tmp_path, content, "other.json"))
    assert_same(single, other)


# ----------------------------------------------------------------------- field rules
def test_missing_from_gives_null_author(tmp_path):
    ds = read_posts(tmp_path, post("1_1", message="anoniem"),
                    post("1_2", **{"from": {"name": "Zonder Id"}}))
    assert ds.posts.get_column("author_id").to_list() == [None, None]
    assert ds.members.height == 0
    with pytest.raises(MalformedRecordError, match=re.escape(
            "$.data[0].from: expected {id, name} of the author, got the number 5")):
        read_posts(tmp_path, post("1_1", **{"from": 5}))


def test_shares_absent_is_zero_and_count_is_read(tmp_path):
    ds = read_posts(tmp_path, post("1_1"), post("1_2", shares={"count": 7}))
    assert ds.posts.sort("post_id").get_column("reported_shares").to_list() == [0, 7]


def test_aliased_reaction_summaries(tmp_path):
    p = post("1_1", reactions={"data": [], "summary": {"total_count": 9}},
             love={"data": [], "summary": {"total_count": 4}},
             reactions_haha={"summary": {"total_count": 2}},
             thankful={"summary": {"total_count": 1}},
             pride={"summary": {"total_count": 2}},
             wow={"summary": {"total_count": 0}})
    ds = read_posts(tmp_path, p)
    assert ds.posts.get_column("reported_reactions").to_list() == [9]
    assert sorted(ds.reaction_counts.select("reaction_type", "count").rows()) == [
        ("haha", 2), ("love", 4), ("other", 3)]


def test_none_reactions_dropped_and_counted(tmp_path):
    p = post("1_1", reactions={"data": [{"id": "7", "type": "NONE"},
                                        {"id": "8", "name": "B", "type": "THANKFUL"},
                                        {"id": "9", "type": "PRIDE"}]})
    ds = read_posts(tmp_path, p)
    assert ds.reactions.select("actor_id", "reaction_type").rows() == [("8", "other"),
                                                                      ("9", "other")]
    assert ds.provenance[0]["dropped_none_reactions"] == 1
    assert ds.reconciles()
    assert ds.reconciliation.get_column("rows_seen").item() == 3


def test_flattened_replies_with_parent(tmp_path):
    p = post("1_1", comments={"data": [
        {"id": "1_a", "created_time": "2024-05-01T12:01:00+0000", "message": "vraag"},
        {"id": "1_b", "created_time": "2024-05-01T12:02:00+0000", "parent": {"id": "1_a"},
         "like_count": 3},
        {"id": "1_c", "created_time": "2024-05-01T12:03:00+0000", "parent": {"id": "1_b"},
         "reactions": {"data": [], "summary": {"total_count": 5}}, "like_count": 4},
    ]})
    ds = read_posts(tmp_path, p)
    assert ds.comments.select("comment_id", "parent_id", "reported_reactions").rows() == [
        ("1_a", None, None), ("1_b", "1_a", 3), ("1_c", "1_b", 5)]


def test_comment_reactions_and_aliases(tmp_path):
    p = post("1_1", comments={"data": [
        {"id": "1_a", "created_time": "2024-05-01T12:01:00+0000",
         "from": {"id": "5", "name": "Ed"},
         "reactions": {"data": [{"id": "6", "name": "Fa", "type": "HAHA"}]},
         "love": {"summary": {"total_count": 2}}}]})
    ds = read_posts(tmp_path, p)
    assert ds.reactions.select("target_id", "target_kind", "actor_id",
                               "reaction_type").rows() == [("1_a", "comment", "6", "haha")]
    assert sorted(ds.reaction_counts.select("target_kind", "reaction_type", "count").rows(),
                  reverse=True) == [
        ("comment", "love", 2), ("comment", "haha", 1)]
    assert sorted(ds.members.get_column("name").to_list()) == ["Ed", "Fa"]


def test_legacy_likes_edge(tmp_path):
    p = post("1_1", likes={"data": [{"id": "5", "name": "Ed"}], "summary": {"total_count": 4}})
    ds = read_posts(tmp_path, p)
    assert ds.posts.get_column("reported_reactions").to_list() == [4]
    assert ds.reactions.select("actor_id", "reaction_type").rows() == [("5", "like")]
    assert ds.reaction_counts.select("reaction_type", "count").rows() == [("like", 4)]


def test_unix_created_time(tmp_path):
    ds = read_posts(tmp_path, {"id": "1_1", "created_time": 1556600401})
    assert ds.posts.get_column("created_at").to_list() == [utc(2019, 4, 30, 5, 0, 1)]


@pytest.mark.parametrize(("stamp", "expected"), [
    ("2024-05-01T14:00:00+0200", utc(2024, 5, 1, 12)),
    ("2024-05-01T12:00:00Z", utc(2024, 5, 1, 12)),
    ("2024-05-01T12:00:00.250+00:00", utc(2024, 5, 1, 12, 0, 0, 250000)),
])
def test_other_iso_offsets(tmp_path, stamp, expected):
    ds = read_posts(tmp_path, {"id": "1_1", "created_time": stamp})
    assert ds.posts.get_column("created_at").to_list() == [expected]


def test_container_kind_page_group_and_hint(tmp_path):
    page = post("55_1", permalink_url="https://www.facebook.com/gemeente/posts/1")
    group = post("66_1", permalink_url="https://www.facebook.com/groups/66/permalink/1/",
                 to={"data": [{"id": "66", "name": "Wijk Oost"}]})
    f = write(tmp_path, {"data": [page, group]})
    ds = read_graph_api(f)
    assert ds.containers.sort("container_id").rows() == [("55", "page", None, None, False),
                                                         ("66", "group", "Wijk Oost", None, False)]
    forced = read_graph_api(f, kind="group")
    assert forced.containers.get_column("kind").to_list() == ["group", "group"]


def test_container_from_group_permalink_when_id_is_bare(tmp_path):
    ds = read_posts(tmp_path, post("987", permalink_url="https://www.facebook.com/groups/66/"
                                   "permalink/987/"))
    assert ds.posts.select("container_id", "post_id").row(0) == ("66", "987")


def test_message_tags_and_at_mentions(tmp_path):
    people = [post("1_9", **{"from": {"id": "21", "name": "Anna Jansen"}}),
              post("1_8", **{"from": {"id": "22", "name": "Piet"}}),
              post("1_7", **{"from": {"id": "23", "name": "Kees"}}),
              post("1_6", **{"from": {"id": "24", "name": "Kees"}})]
    tagged = post("1_1", message="Dank @Anna Jansen, @Piet! en @Kees en @Onbekend",
                  message_tags=[{"id": "30", "name": "Gemeente", "type": "page",
                                 "offset": 0, "length": 8},
                                {"id": "31", "name": "Wijk", "type": "group"},
                                {"id": "22", "name": "Piet", "type": "user"}])
    old_style = post("1_2", message="x", message_tags={"0": [{"id": "40", "type": "user"}]})
    ds = read_posts(tmp_path, tagged, old_style, *people)
    mentions = dict(ds.posts.select("post_id", "mentions").rows())
    # Kees is two members: ambiguous, not resolved; group tags are not members.
    assert mentions["1_1"] == ["30", "22", "21"]
    assert mentions["1_2"] == ["40"]
    assert mentions["1_9"] == []


@pytest.mark.parametrize(("fields", "post_type", "domain"), [
    ({"status_type": "mobile_status_update"}, "status", None),
    ({"status_type": "added_photos"}, "photo", None),
    ({"attachments": {"data": [{"type": "album"}]}}, "photo", None),
    ({"attachments": {"data": [{"type": "video_inline", "media_type": "video",
                                "url": "https://www.facebook.com/x/videos/1/"}]}},
     "video", "facebook.com"),
    # The legacy "video" type of a YouTube link is a link, with YouTube's domain.
    ({"type": "video", "link": "https://youtu.be/abc"}, "link", "youtube.com"),
    ({"attachments": {"data": [{"type": "share",
                                "url": "https://www.YouTube.com/watch?v=x"}]}},
     "link", "youtube.com"),
    ({"status_type": "shared_story", "link": "https://l.facebook.com/l.php?u="
      "https%3A%2F%2Fwww.voorbeeldstad.nl%2Fnieuws&h=AT0"}, "link", "voorbeeldstad.nl"),
    ({"status_type": "shared_story"}, "share", None),
    ({"type": "link", "link": "https://www.facebook.com/gemeente/posts/9"}, "share",
     "facebook.com"),
    ({"status_type": "created_event"}, "event", None),
    ({"attachments": {"data": [{"type": "question"}]}}, "poll", None),
    ({"live_status": "LIVE_STOPPED", "status_type": "added_video"}, "live", None),
    ({"type": "offer"}, "other", None),
    ({}, "other", None),
    ({"link": "https://www.rijksoverheid.nl/x"}, "link", "rijksoverheid.nl"),
])
def test_post_type_and_link_domain(tmp_path, fields, post_type, domain):
    ds = read_posts(tmp_path, post("1_1", **fields))
    assert ds.posts.select("post_type", "link_domain").row(0) == (post_type, domain)


def test_l_php_redirect_undone(tmp_path):
    ds = read_posts(tmp_path, post("1_1", link="https://l.facebook.com/l.php?u=https%3A%2F"
                                   "%2Fwww.a.nl%2Fx%3Fy%3D1&h=AT0"))
    assert ds.posts.get_column("link_url").to_list() == ["https://www.a.nl/x?y=1"]


def test_duplicate_post_in_two_pages_last_wins(tmp_path):
    first = post("1_1", message="oud", reactions={"data": [{"id": "5", "type": "LIKE"}]})
    second = post("1_1", message="nieuw", reactions={"data": [{"id": "5", "type": "LIKE"}]})
    with pytest.warns(gi.errors.DataQualityWarning, match=r"2 duplicate record\(s\) merged "
                      r"\(1 with differing content"):
        ds = gi.load(write(tmp_path, [{"data": [first]}, {"data": [second]}]))
    assert ds.posts.get_column("message").to_list() == ["nieuw"]
    assert ds.reactions.height == 1
    rec = ds.reconciliation.select("rows_seen", "rows_kept", "rows_rejected",
                                   "rows_duplicate", "rows_duplicate_differing").row(0)
    assert rec == (4, 2, 0, 2, 1)
    assert ds.reconciles()


def test_files_in_a_zip(tmp_path):
    z = tmp_path / "export.zip"
    with zipfile.ZipFile(z, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("feeds/a.json", json.dumps(FEED))
        zf.writestr("feeds/b.json", json.dumps({"data": [post("77_1")]}))
    ds = gi.load(z)
    assert sorted(ds.containers.get_column("container_id").to_list()) == [GROUP, "77"]
    assert ds.reconciles()


def test_progress_bar_path_reads_the_same(tmp_path):
    f = write(tmp_path, FEED)
    assert_same(read_graph_api(f, progress=True), read_graph_api(f))


def test_small_chunks_read_the_same(tmp_path, monkeypatch):
    from groepsinzicht.io import _graph_api

    posts = [post(f"1_{i}", comments={"data": [
        {"id": f"c{i}", "created_time": "2024-05-01T13:00:00+0000"}]}) for i in range(7)]
    f = write(tmp_path, {"data": posts})
    whole = read_graph_api(f)
    flushes = []
    real_flush = _graph_api._Feed.flush

    def counting_flush(self):
        flushes.append(self.rows)
        real_flush(self)

    monkeypatch.setattr(_graph_api, "_CHUNK_ROWS", 3)
    monkeypatch.setattr(_graph_api._Feed, "flush", counting_flush)
    assert_same(read_graph_api(f), whole)
    assert whole.posts.height == 7 and whole.comments.height == 7
    assert len(flushes) >= 4


def test_bad_times_located_across_chunks_and_after_other_rejections(tmp_path, monkeypatch):
    from groepsinzicht.io import _graph_api

    monkeypatch.setattr(_graph_api, "_CHUNK_ROWS", 2)
    feed = {"data": [post("1_1"), {"id": "1_2"}, post("1_3"), post("1_4", created_time="x"),
                     post("1_5", comments={"data": [
                         {"id": "c1", "created_time": "2024-05-01T12:00:00+0000"},
                         "kapot",
                         {"id": "c2", "created_time": "y"}]}),
                     post("1_6", created_time="z")]}
    with pytest.warns(DataQualityWarning):
        ds = read_graph_api(write(tmp_path, feed), on_error="collect")
    # Listed in the order found: structural problems during the walk, times per chunk.
    assert sorted(ds.rejected.select("location", "excerpt").rows(),
                  key=lambda r: r[0]) == [
        ("$.data[1].created_time", None), ("$.data[3].created_time", "'x'"),
        ("$.data[4].comments.data[1]", None),
        ("$.data[4].comments.data[2].created_time", "'y'"),
        ("$.data[5].created_time", "'z'")]
    assert sorted(ds.posts.get_column("post_id").to_list()) == ["1_1", "1_3", "1_5"]
    assert ds.comments.get_column("comment_id").to_list() == ["c1"]
    assert ds.reconciliation.select("rows_seen", "rows_kept", "rows_rejected").row(0) == (
        9, 4, 5)


# ----------------------------------------------------------------------- malformed files
def _bad_time_feed():
    return {"data": [post("1_1"), post("1_2", created_time="gisteren"),
                     post("1_3", comments={"data": [
                         {"id": "c", "created_time": "2024-13-45T99:00:00+0000"}]})]}


MALFORMED = [
    # id, content, error, place, expected/got fragment, kept rows in collect mode
    ("truncated", json.dumps(FEED)[:300].encode(), MalformedRecordError,
     "byte 300 (line 1)", "expected valid JSON, got the end of the file (truncated?)", 0),
    ("empty", b"", MalformedRecordError, "byte 0", "got an empty file", 0),
    ("html", b"<!DOCTYPE html><html><body>Log in</body></html>", MalformedRecordError,
     "byte 0", "got an HTML page (request the data as JSON)", 0),
    ("bad_utf8", b'{"data": [{"id": "1_1", "message": "caf\xe9", '
     b'"created_time": "2024-05-01T12:00:00+0000"}]}', EncodingError, "byte 39",
     "expected UTF-8 text (RFC 8259), got the byte 0xE9", 0),
    ("utf16", json.dumps(FEED).encode("utf-16"), EncodingError, "byte 0",
     "expected UTF-8 text (RFC 8259), got the byte 0xFF", 0),
    ("data_not_array", json.dumps({"data": {"id": "1_1"}}).encode(), MalformedRecordError,
     "$.data", "expected an array of posts, got an object", 0),
    ("not_json_object", b"42", MalformedRecordError, "$",
     "expected a feed page {data, paging}, a list of them, or a post, got the number 42", 0),
    ("error_object", json.dumps({"error": {"message": "x", "code": 190}}).encode(),
     MalformedRecordError, "$", "got a Graph API error object (code 190)", 0),
    ("missing_created_time", json.dumps({"data": [post("1_1"), {"id": "1_2"}]}).encode(),
     MalformedRecordError, "$.data[1].created_time",
     "expected an ISO 8601 time (or Unix seconds), got none", 1),
    ("missing_id", json.dumps({"data": [{"created_time": "2024-05-01T12:00:00+0000"},
                                        post("1_2")]}).encode(),
     MalformedRecordError, "$.data[0].id", "expected a post id, got null", 1),
    ("garbage_time", json.dumps(_bad_time_feed()).encode(), MalformedRecordError,
     "$.data[1].created_time", "expected an ISO 8601 time with an offset, got 'gisteren'",
     2),
    ("comments_not_object", json.dumps({"data": [post("1_1", comments=[1])]}).encode(),
     MalformedRecordError, "$.data[0].comments",
     "expected {data: [...], summary: {...}}, got an array", 1),
    ("reaction_without_type", json.dumps({"data": [post("1_1", reactions={"data": [
        {"id": "5"}]})]}).encode(), MalformedRecordError, "$.data[0].reactions.data[0].type",
     "expected a reaction type (LIKE, LOVE, ...), got null", 1),
    ("ndjson_bad_line", (json.dumps(post("1_1")) + "\n{\"id\": \"1_2\", \n"
                         + json.dumps(post("1_3")) + "\n").encode(),
     MalformedRecordError, "line 2, $",
     "expected a JSON value on each line (NDJSON), got the end of the file (truncated?)", 2),
    ("bare_post_id", json.dumps({"data": [post("12345")]}).encode(), MalformedRecordError,
     "$.data[0].id", "expected an id of the form {container}_{post}", 0),
]


@pytest.mark.parametrize(("content", "error", "place", "message", "kept"),
                         [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED])
def test_malformed_raise(tmp_path, content, error, place, message, kept):
    f = write(tmp_path, content)
    with pytest.raises(error, match=re.escape(f"{f}: {place}: ") + ".*" + re.escape(message)):
        read_graph_api(f)


@pytest.mark.parametrize(("content", "error", "place", "message", "kept"),
                         [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED])
def test_malformed_collect(tmp_path, content, error, place, message, kept):
    f = write(tmp_path, content)
    with pytest.warns(DataQualityWarning, match="rejected"):
        ds = read_graph_api(f, on_error="collect")
    assert ds.reconciles()
    rec = ds.reconciliation.row(0, named=True)
    assert rec["rows_kept"] == kept
    assert rec["rows_rejected"] == ds.rejected.height >= 1
    assert ds.rejected.get_column("source").to_list()[0] == str(f)
    assert place in ds.rejected.get_column("location").to_list()
    assert any(message in r for r in ds.rejected.get_column("reason").to_list())


#: Optional fields with a bad value: raise mode errors; collect mode nulls and counts.
NULLED = [
    ("wrong_shares", post("1_1", shares={"count": "drie"}), "$.data[0].shares",
     "expected a whole number, not negative, got the string 'drie'", "posts",
     "reported_shares"),
    ("negative_shares", post("1_1", shares={"count": -5}), "$.data[0].shares",
     "expected a whole number, not negative, got the number -5", "posts",
     "reported_shares"),
    ("fractional_like_count", post("1_1", comments={"data": [
        {"id": "c", "created_time": "2024-05-01T12:00:00+0000", "like_count": 1.5}]}),
     "$.data[0].comments.data[0].like_count",
     "expected a whole number, not negative, got the number 1.5", "comments",
     "reported_reactions"),
    ("message_not_string", post("1_1", message=["x"]), "$.data[0].message",
     "expected a string, got an array", "posts", "message"),
]


@pytest.mark.parametrize(("record", "place", "message", "table", "column"),
                         [m[1:] for m in NULLED], ids=[m[0] for m in NULLED])
def test_bad_optional_field_raises_or_is_nulled(tmp_path, record, place, message, table,
                                                column):
    f = write(tmp_path, {"data": [record]})
    with pytest.raises(MalformedRecordError, match=re.escape(f"{f}: {place}: {message}")):
        read_graph_api(f)
    with pytest.warns(DataQualityWarning, match="1 implausible field value"):
        ds = read_graph_api(f, on_error="collect")
    assert ds.rejected.height == 0
    assert ds.table(table).get_column(column).null_count() == ds.table(table).height
    assert ds.nulled.rows() == [(str(f), table, column, 1)]
    assert ds.summary().nulled.rows() == [(str(f), table, column, 1)]
    assert ds.reconciles()


@pytest.mark.parametrize("value", [12, 12.0, "12"])
def test_whole_counts_written_otherwise_read(tmp_path, value):
    f = write(tmp_path, {"data": [post("1_1", shares={"count": value}, comments={"data": [
        {"id": "c", "created_time": "2024-05-01T12:00:00+0000", "like_count": value}]})]})
    ds = read_graph_api(f)
    assert ds.posts.get_column("reported_shares").to_list() == [12]
    assert ds.comments.get_column("reported_reactions").to_list() == [12]


def test_garbage_times_all_rejected_in_collect_mode(tmp_path):
    f = write(tmp_path, _bad_time_feed())
    with pytest.warns(DataQualityWarning):
        ds = read_graph_api(f, on_error="collect")
    assert ds.rejected.select("location", "excerpt").rows() == [
        ("$.data[1].created_time", "'gisteren'"),
        ("$.data[2].comments.data[0].created_time", "'2024-13-45T99:00:00+0000'")]
    assert sorted(ds.posts.get_column("post_id").to_list()) == ["1_1", "1_3"]


def test_raise_mode_reports_the_first_problem_in_file_order(tmp_path):
    # A bad time (found by the vectorised check) before a structural error.
    feed = {"data": [post("1_1", created_time="gisteren"), {"id": "1_2"}]}
    f = write(tmp_path, feed)
    with pytest.raises(MalformedRecordError, match=re.escape("$.data[0].created_time")):
        read_graph_api(f)


def test_auto_detection_of_empty_and_html(tmp_path):
    f = write(tmp_path, b"")
    with pytest.raises(UnknownFormatError, match=re.escape(f"{f}: file: expected a known "
                                                           "export format, got an empty file")):
        gi.load(f)
    h = write(tmp_path, b"<html><body>Inloggen</body></html>", "feed2.json")
    with pytest.raises(UnknownFormatError, match=re.escape("got an HTML file")):
        gi.load(h)


def test_feed_without_created_time_is_still_detected_and_names_the_field(tmp_path):
    f = write(tmp_path, {"data": [{"id": "1_1", "message": "x"}],
                         "paging": {"cursors": {}}})
    assert gi.detect_format(f) == "graph_api"
    with pytest.raises(MalformedRecordError, match=re.escape("$.data[0].created_time")):
        gi.load(f)


def test_zip_slip_and_oversized_entry(tmp_path, monkeypatch):
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as zf:
        zf.writestr("../feed.json", json.dumps(FEED))
    with pytest.raises(UnsafeArchiveError, match=re.escape(f"{evil}: entry '../feed.json'")):
        gi.load(evil)
    big = tmp_path / "big.zip"
    with zipfile.ZipFile(big, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("feed.json", json.dumps({"data": [post("1_1")] * 2000}))
    from groepsinzicht.io import _source

    monkeypatch.setattr(_source, "ZIP_LIMITS", ZipLimits(max_entry_bytes=1000, max_ratio=5))
    with pytest.raises(UnsafeArchiveError, match=re.escape(f"{big}: entry 'feed.json': "
                                                           "expected an entry that expands")):
        gi.load(big)


# ----------------------------------------------------------------------- round trips
def _hand_dataset() -> gi.Dataset:
    containers = pl.DataFrame({"container_id": ["111", "222"], "kind": ["group", "page"],
                               "name": ["Wijk Oost", "Gemeente"],
                               "url": [None, "https://www.facebook.com/gemeente"]})
    members = pl.DataFrame({
        "container_id": ["111"] * 4 + ["222"] * 2,
        "member_id": ["1", "2", "3", "4", "222", "1"],
        "name": ["Anna Jansen", "Piet de Vries", "Sara Bakker", None, "Gemeente",
                 "Anna Jansen"],
        "role": ["admin", "member", "member", "member", "organization", "unknown"],
        "joined_at": [utc(2023, 1, 1), None, None, None, None, None]})
    posts = pl.DataFrame({
        "container_id": ["111", "111", "111", "222", "222"],
        "post_id": ["111_10", "111_11", "111_12", "5", "6"],
        "author_id": ["1", None, "2", "222", "222"],
        "created_at": [utc(2024, 3, 31, 0, 30, 15, 123), utc(2024, 10, 27, 0, 30),
                       utc(2024, 5, 1, 12), utc(2024, 5, 2, 8), utc(2024, 5, 3, 9)],
        "message": ["Hallo @Sara Bakker!", None, "Zie video", "Nieuws", ""],
        "post_type": ["status", "photo", "video", "link", "share"],
        "link_url": [None, None, "https://youtu.be/abc", "https://www.voorbeeldstad.nl/x",
                     None],
        "permalink": [None, None, None, "https://www.facebook.com/gemeente/posts/5", None],
        "reported_reactions": [3, None, 1, 10, None],
        "reported_comments": [2, 0, None, 1, None],
        "reported_shares": [None, 2, 0, 4, None],
        "views": [None, None, 100, None, None],
        "mentions": [["3"], None, [], None, None],
    })
    comments = pl.DataFrame({
        "container_id": ["111"] * 4 + ["222", "222"],
        "comment_id": ["c1", "c2", "c3", "c4", "c5", "c6"],
        "post_id": ["111_10", "111_10", "111_10", "111_10", "5", "999"],
        "parent_id": [None, "c1", "c2", "gone", None, None],
        "author_id": ["2", "1", "3", None, "1", "1"],
        "created_at": [utc(2024, 3, 31, 1), utc(2024, 3, 31, 2), utc(2024, 3, 31, 3),
                       utc(2024, 3, 31, 4), utc(2024, 5, 2, 9), utc(2024, 5, 2, 9)],
        "message": ["Ja", "Fijn @Piet de Vries", "Top", "?", "Mooi", "x"],
        "reported_reactions": [1, None, 0, None, 2, None],
    })
    reactions = pl.DataFrame({
        "container_id": ["111"] * 5 + ["222"],
        "target_id": ["111_10", "111_10", "111_10", "c1", "111_10", "5"],
        "target_kind": ["post", "post", "post", "comment", "post", "post"],
        "actor_id": ["2", "3", None, "1", "4", "1"],
        "reaction_type": ["like", "love", "wow", "haha", "other", "angry"],
    })
    counts = pl.DataFrame({"container_id": ["111", "222"], "target_id": ["111_10", "5"],
                           "target_kind": ["post", "post"], "reaction_type": ["like", "like"],
                           "count": [2, 7]})
    audience = pl.DataFrame({"container_id": ["111"], "at": [utc(2024, 1, 1)], "size": [40],
                             "metric": ["members"]})
    return gi.Dataset.from_frames(containers=containers, members=members, posts=posts,
                                  comments=comments, reactions=reactions,
                                  reaction_counts=counts, audience=audience)


@pytest.mark.parametrize("layout", ["envelope", "pages", "ndjson", "concatenated"])
@pytest.mark.parametrize("replies", ["nested", "flat"])
@pytest.mark.parametrize("reactions", ["rows", "summary", "both"])
def test_round_trip_hand_dataset(tmp_path, layout, replies, reactions):
    ds = _hand_dataset()
    files = write_graph_api(ds, tmp_path, layout=layout, replies=replies,
                            reactions=reactions, page_size=2, none_reaction=True)
    # c4 replies to a comment the export lacks: a broken thread, counted and warned.
    with pytest.warns(DataQualityWarning, match="1 comment.s. with a broken thread"):
        back = gi.load(files)
    assert_same(back, project_graph_api(ds, reactions=reactions))
    assert back.summary().tables.filter(pl.col("container_id") == "111") \
        .get_column("broken_threads").to_list() == [1]
    assert back.reconciles()
    assert back.provenance[0]["dropped_none_reactions"] == 1


def test_projection_on_the_hand_dataset():
    """The projection's rules on hand-computed values (not only reader == projection)."""
    p = project_graph_api(_hand_dataset())
    assert p.containers.sort("container_id").rows() == [("111", "group", "Wijk Oost", None, False),
                                                        ("222", "page", None, None, False)]
    rows = {r[0]: r[1:] for r in p.posts.select(
        "post_id", "post_type", "link_domain", "reported_shares", "mentions").rows()}
    assert rows == {"111_10": ("status", None, 0, ["3"]), "111_11": ("photo", None, 2, []),
                    "111_12": ("link", "youtube.com", 0, []),
                    "222_5": ("link", "voorbeeldstad.nl", 4, []),
                    "222_6": ("share", None, 0, [])}
    assert p.posts.filter(pl.col("post_id") == "111_10").get_column("created_at").item() == \
        utc(2024, 3, 31, 0, 30, 15)
    assert sorted(p.comments.get_column("comment_id").to_list()) == ["c1", "c2", "c3", "c4",
                                                                     "c5"]
    c2 = p.comments.filter(pl.col("comment_id") == "c2").get_column("mentions").item()
    assert c2.to_list() == ["2"]
    assert p.reactions.height == 5 and p.audience.height == 0


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 2**16), scale=st.sampled_from([0.03, 0.1, 0.25]),
       layout=st.sampled_from(["envelope", "pages", "ndjson", "concatenated"]),
       replies=st.sampled_from(["nested", "flat"]),
       reactions=st.sampled_from(["rows", "summary", "both"]))
def test_round_trip_synth(seed, scale, layout, replies, reactions):
    ds = generate(seed=seed, scale=scale)
    with tempfile.TemporaryDirectory() as tmp:
        back = gi.load(write_graph_api(ds, tmp, layout=layout, replies=replies,
                                       reactions=reactions))
    assert_same(back, project_graph_api(ds, reactions=reactions))
    assert back.reconciles()
    assert back.posts.height == ds.posts.height
