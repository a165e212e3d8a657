"""Meta Content Library reader and writer.

No real Content Library export could be brought (fixtures/real/SOURCES.md), so the files
here are written by hand after the data dictionary in FORMATS.md §7, and the round trips
use the synthetic writer.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from datetime import UTC, datetime

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import groepsinzicht as gi
from groepsinzicht.errors import DataQualityWarning, EncodingError, MalformedRecordError
from groepsinzicht.io._content_library import read_content_library
from groepsinzicht.synth import generate
from groepsinzicht.synth._write_content_library import (
    project_content_library,
    write_content_library,
)
from tests._helpers import assert_same


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


POSTS_CSV = (
    "id,creation_time,modified_time,text,content_type,lang,post_owner.id,post_owner.name,"
    "post_owner.type,surface.id,surface.name,surface.type,mcl_url,statistics.like_count,"
    "statistics.love_count,statistics.care_count,statistics.reaction_count,"
    "statistics.comment_count,statistics.share_count,statistics.views,"
    "link_attachment.link\n"
    "1001,2024-05-01T12:00:00+0000,2024-05-02T08:00:00+0000,\"Plantjesruil, zaterdag! "
    "@Piet\",photo,nl,9,Anna Jansen,user,123,Buurt Oost,group,"
    "https://www.facebook.com/mcl/1001,3,1,0,4,2,0,,\n"
    "1002,1714651200,,Nieuws,live_video,nl,555,Gemeente,page,555,Gemeente,page,,10,,,10,,1,"
    "250,https://youtu.be/x\n"
)
COMMENTS = [
    {"id": "c1", "owner": {"id": "10", "name": "Piet", "type": "user"}, "post_id": "1001",
     "parent_comment_id": None, "text": "Ik kom", "creation_time": "2024-05-01T13:00:00Z",
     "lang": "nl", "statistics": {"like_count": 1, "reaction_count": 1}},
    {"id": "c2", "owner": {"id": "9", "name": "Anna Jansen"}, "post_id": "1001",
     "parent_comment_id": "c1", "text": "Top @Piet",
     "creation_time": "2024-05-01T13:05:00+0000"},
]
GROUPS = {"data": [{"id": "123", "name": "Buurt Oost", "member_count": 412,
                    "creation_date": "2019-01-01"}]}
PAGES = [{"id": "555", "name": "Gemeente", "follower_count": 15300, "like_count": 14100,
          "page_categories": ["Government organization"]}]


def write(folder, name, obj):
    f = folder / name
    if isinstance(obj, bytes):
        f.write_bytes(obj)
    elif isinstance(obj, str):
        f.write_text(obj, encoding="utf-8")
    else:
        f.write_text(json.dumps(obj), encoding="utf-8")
    return f


def export(folder):
    write(folder, "posts.csv", POSTS_CSV)
    write(folder, "comments.json", COMMENTS)
    g = write(folder, "groups.json", GROUPS)
    p = write(folder, "pages.json", PAGES)
    os.utime(g, ns=(1717236000 * 10**9,) * 2)  # 2024-06-01 10:00 UTC
    os.utime(p, ns=(1717322400 * 10**9 + 5000,) * 2)  # 2024-06-02 10:00:00.000005 UTC
    return folder




# ----------------------------------------------------------------------- hand-written
def test_posts_comments_groups_pages(tmp_path):
    ds = read_content_library(export(tmp_path))
    assert ds.containers.sort("container_id").rows() == [
        ("123", "group", "Buurt Oost", None, False), ("555", "page", "Gemeente", None, False)]
    assert ds.audience.sort("container_id", "metric").rows() == [
        ("123", utc(2024, 6, 1, 10), 412, "members"),
        ("555", utc(2024, 6, 2, 10, 0, 0, 5), 15300, "followers"),
        ("555", utc(2024, 6, 2, 10, 0, 0, 5), 14100, "page_likes")]
    assert ds.posts.sort("post_id").select(
        "container_id", "post_id", "author_id", "created_at", "post_type", "link_domain",
        "permalink", "reported_reactions", "reported_comments", "reported_shares", "views",
        "mentions").rows() == [
        ("123", "1001", "9", utc(2024, 5, 1, 12), "photo", None,
         "https://www.facebook.com/mcl/1001", 4, 2, 0, None, ["10"]),
        ("555", "1002", "555", utc(2024, 5, 2, 12), "live", "youtube.com", None, 10, None, 1,
         250, []),
    ]
    assert ds.comments.select("container_id", "comment_id", "post_id", "parent_id",
                              "author_id", "created_at", "reported_reactions",
                              "mentions").rows() == [
        ("123", "c1", "1001", None, "10", utc(2024, 5, 1, 13), 1, []),
        ("123", "c2", "1001", "c1", "9", utc(2024, 5, 1, 13, 5), None, ["10"])]
    assert sorted(ds.reaction_counts.select("target_id", "reaction_type", "count").rows()) \
        == [("1001", "like", 3), ("1001", "love", 1), ("1002", "like", 10), ("c1", "like", 1)]
    assert ds.reactions.height == 0
    assert ds.members.sort("container_id", "member_id").select(
        "container_id", "member_id", "name").rows() == [
        ("123", "10", "Piet"), ("123", "9", "Anna Jansen"), ("555", "555", "Gemeente")]
    assert ds.reconciliation.select(
        pl.col("rows_seen", "rows_kept", "rows_rejected").sum()).row(0) == (6, 6, 0)
    assert ds.provenance[0]["audience_at"] == "file modification time"


@pytest.mark.parametrize("name", ["posts.csv", "comments.json", "groups.json",
                                  "pages.json"])
def test_detected(tmp_path, name):
    assert gi.detect_format(export(tmp_path) / name) == "content_library"


def test_load_folder_reads_comments_with_their_posts(tmp_path):
    assert_same(gi.load(export(tmp_path)), read_content_library(tmp_path))


def test_load_list_groups_files_by_format(tmp_path):
    # Posts and comments given as separate paths are still read as one export.
    folder = export(tmp_path)
    files = sorted(folder.iterdir())
    ds = gi.load(files)
    assert_same(ds, read_content_library(tmp_path))
    assert ds.rejected.height == 0
    assert ds.comments.height > 0


@pytest.mark.parametrize("wrap", ["list", "data", "ndjson", "dotted"])
def test_json_shapes(tmp_path, wrap):
    posts = [{"id": "7", "creation_time": "2024-05-01T12:00:00+0000", "text": "x",
              "post_owner": {"id": "9", "name": "An"},
              "surface": {"id": "123", "type": "group"},
              "statistics": {"reaction_count": 3, "love_count": 3}}]
    if wrap == "list":
        content = json.dumps(posts)
    elif wrap == "data":
        content = json.dumps({"data": posts, "paging": {}})
    elif wrap == "ndjson":
        content = "\n".join(json.dumps(p) for p in posts) + "\n"
    else:
        content = json.dumps([{"id": "7", "creation_time": "2024-05-01T12:00:00+0000",
                               "text": "x", "post_owner.id": "9", "post_owner.name": "An",
                               "surface.id": "123", "surface.type": "group",
                               "statistics.reaction_count": "3",
                               "statistics.love_count": "3"}])
    ds = read_content_library(write(tmp_path, "posts.json", content))
    assert ds.posts.select("container_id", "post_id", "author_id",
                           "reported_reactions").row(0) == ("123", "7", "9", 3)
    assert ds.reaction_counts.select("reaction_type", "count").rows() == [("love", 3)]
    assert ds.containers.get_column("kind").to_list() == ["group"]


@pytest.mark.parametrize(("content_type", "extra", "post_type"), [
    ("photo", "", "photo"), ("album", "", "photo"), ("video", "", "video"),
    ("reel", "", "video"), ("live_video", "", "live"), ("link", "", "link"),
    ("status", "", "status"), ("event", "", "event"), ("poll", "", "poll"),
    ("share", "", "share"), ("marketplace_listing", "", "other"),
    ("", "https://www.a.nl/x", "link"), ("", "", "status"),
])
def test_content_type(tmp_path, content_type, extra, post_type):
    csv = ("id,creation_time,content_type,surface.id,link_attachment.link\n"
           f"1,2024-05-01T12:00:00+0000,{content_type},5,{extra}\n")
    ds = read_content_library(write(tmp_path, "posts.csv", csv))
    assert ds.posts.get_column("post_type").to_list() == [post_type]


def test_naive_creation_time_read_in_tz(tmp_path):
    csv = "id,creation_time,surface.id\n1,2024-05-01 12:00:00,5\n2,2024-10-27 02:30:00,5\n"
    f = write(tmp_path, "posts.csv", csv)
    ds = read_content_library(f, tz="Europe/Amsterdam")
    assert ds.posts.get_column("created_at").to_list() == [utc(2024, 5, 1, 10),
                                                           utc(2024, 10, 27, 0, 30)]
    assert read_content_library(f, tz="UTC").posts.get_column("created_at")[0] == \
        utc(2024, 5, 1, 12)


def test_page_post_without_surface_is_on_its_owners_page(tmp_path):
    csv = ("id,creation_time,post_owner.id,post_owner.type\n"
           "1,2024-05-01T12:00:00+0000,555,page\n")
    ds = read_content_library(write(tmp_path, "posts.csv", csv))
    assert ds.containers.select("container_id", "kind").rows() == [("555", "page")]
    forced = read_content_library(tmp_path / "posts.csv", kind="group")
    assert forced.containers.get_column("kind").to_list() == ["group"]


def test_comment_without_its_post_is_rejected_with_the_reason(tmp_path):
    f = write(tmp_path, "comments.json", COMMENTS)
    with pytest.raises(MalformedRecordError, match=re.escape(
            f"{f}: $[0].post_id: expected the id of a post in the export (read the posts "
            "with the comments), got '1001'")):
        read_content_library(f)
    with pytest.warns(DataQualityWarning, match="2 record"):
        ds = read_content_library(f, on_error="collect")
    assert ds.comments.height == 0
    assert ds.reconciles()


def test_duplicates_across_files_last_wins(tmp_path):
    write(tmp_path, "a_posts.csv", POSTS_CSV)
    write(tmp_path, "b_posts.csv", POSTS_CSV.replace("Nieuws", "Nieuws (bijgewerkt)"))
    with pytest.warns(DataQualityWarning, match=re.escape(
            "2 duplicate record(s) merged (1 with differing content")):
        ds = read_content_library(tmp_path)
    assert ds.posts.height == 2
    assert "Nieuws (bijgewerkt)" in ds.posts.get_column("message").to_list()
    # Per file: b's posts repeat a's (one with other text).
    assert ds.reconciliation.select("rows_seen", "rows_kept", "rows_duplicate",
                                    "rows_duplicate_differing").rows() == [
        (2, 2, 0, 0), (2, 0, 2, 1)]
    assert ds.reconciles()


# ----------------------------------------------------------------------- malformed
MALFORMED = [
    ("truncated", "comments.json", json.dumps(COMMENTS)[:90].encode(),
     MalformedRecordError, "byte 90 (line 1)", "got the end of the file (truncated?)", 0),
    ("empty", "posts.json", b"", MalformedRecordError, "byte 0", "got an empty file", 0),
    ("html", "posts.json", b"<!doctype html><html></html>", MalformedRecordError, "byte 0",
     "got an HTML page", 0),
    ("bad_utf8", "posts.json", b'[{"id": "1", "creation_time": "2024-05-01T12:00:00Z", '
     b'"surface": {"id": "5"}, "text": "\xff"}]', EncodingError, "byte 87",
     "expected UTF-8 text (RFC 8259), got the byte 0xFF", 0),
    ("unknown_record", "posts.json", b'[{"id": "1", "creation_time": "2024-05-01T12:00:00Z",'
     b' "surface": {"id": "5"}}, {"foo": 1}]', MalformedRecordError, "$[1]",
     "expected a post, comment, group or page record, got an object with keys ['foo']", 1),
    ("not_object", "posts.json", b'[{"id": "1", "creation_time": "2024-05-01T12:00:00Z", '
     b'"surface": {"id": "5"}}, 7]', MalformedRecordError, "$[1]",
     "expected a record object, got the number 7", 1),
    ("missing_id", "posts.csv", b"id,creation_time,surface.id\n,2024-05-01T12:00:00Z,5\n"
     b"2,2024-05-01T12:00:00Z,5\n", MalformedRecordError, "line 2, column 'id'",
     "expected a post id, got none", 1),
    ("garbage_time", "posts.csv", b"id,creation_time,surface.id\n1,gisteren,5\n"
     b"2,2024-05-01T12:00:00Z,5\n", MalformedRecordError, "line 2, column 'creation_time'",
     "expected an ISO 8601 time (or Unix seconds), got 'gisteren'", 1),
    ("garbage_count", "posts.csv", b"id,creation_time,surface.id,statistics.like_count\n"
     b"1,2024-05-01T12:00:00Z,5,veel\n", MalformedRecordError,
     "line 2, column 'statistics.like_count'", "expected a whole number, got 'veel'", 0),
    ("json_garbage_count", "groups.json", b'[{"id": "5", "member_count": "1.2k"}]',
     MalformedRecordError, "$[0].member_count", "expected a whole number, got '1.2k'", 0),
    ("no_surface", "posts.csv", b"id,creation_time,text\n1,2024-05-01T12:00:00Z,x\n",
     MalformedRecordError, "line 2, column 'surface.id'",
     "expected the surface (or post owner) of the post, got none", 0),
    ("ragged", "posts.csv", b"id,creation_time,surface.id\n1,2024-05-01T12:00:00Z,5,6\n"
     b"2,2024-05-01T12:00:00Z,5\n", MalformedRecordError, "line 2",
     "expected 3 fields, got 4", 1),
    ("missing_columns", "posts.csv", b"mcl_url,text,surface.id\nx,y,5\n",
     MalformedRecordError, "line 1", "expected the columns of a Content Library export", 0),
]


@pytest.mark.parametrize(("name", "content", "error", "place", "message", "kept"),
                         [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED])
def test_malformed_raise(tmp_path, name, content, error, place, message, kept):
    f = write(tmp_path, name, content)
    with pytest.raises(error, match=re.escape(f"{f}: {place}: ") + ".*" + re.escape(message)):
        read_content_library(f)


@pytest.mark.parametrize(("name", "content", "error", "place", "message", "kept"),
                         [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED])
def test_malformed_collect(tmp_path, name, content, error, place, message, kept):
    f = write(tmp_path, name, content)
    if "expected a whole number" in message:
        # An optional count: collect mode nulls it and counts it; the record stays.
        with pytest.warns(DataQualityWarning, match="1 implausible field value"):
            ds = read_content_library(f, on_error="collect")
        assert ds.reconciles()
        assert ds.rejected.height == 0
        assert ds.nulled.get_column("rows").to_list() == [1]
        return
    with pytest.warns(DataQualityWarning, match="rejected"):
        ds = read_content_library(f, on_error="collect")
    assert ds.reconciles()
    rec = ds.reconciliation.row(0, named=True)
    assert rec["rows_kept"] == kept
    assert rec["rows_rejected"] == ds.rejected.height >= 1
    assert ds.rejected.get_column("source").to_list()[0] == str(f)
    assert place in ds.rejected.get_column("location").to_list()
    assert any(message in r for r in ds.rejected.get_column("reason").to_list())


# ----------------------------------------------------------------------- round trips
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_round_trip_synth_small(tmp_path, fmt):
    ds = generate(seed=4, scale=0.1)
    write_content_library(ds, tmp_path, fmt=fmt)
    back = gi.load(tmp_path)
    assert_same(back, project_content_library(ds, fmt=fmt))
    assert back.reconciles()
    assert back.audience.height > 0


@settings(max_examples=6, deadline=None)
@given(seed=st.integers(0, 2**16), scale=st.sampled_from([0.03, 0.1, 0.2]),
       fmt=st.sampled_from(["csv", "json"]))
def test_round_trip_synth(seed, scale, fmt):
    ds = generate(seed=seed, scale=scale)
    with tempfile.TemporaryDirectory() as tmp:
        write_content_library(ds, tmp, fmt=fmt)
        back = read_content_library(tmp)
    assert_same(back, project_content_library(ds, fmt=fmt))
