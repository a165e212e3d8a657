"""facebook-scraper JSON and CSV reader and writer.

No real facebook-scraper output could be brought (fixtures/real/SOURCES.md: only HTTP
cassettes with real names), so the files here are written by hand after FORMATS.md §2
(the scraper's own source) and the round trips use the synthetic writer.
"""

from __future__ import annotations

import json
import re
import tempfile
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import groepsinzicht as gi
from groepsinzicht.errors import DataQualityWarning, EncodingError, MalformedRecordError
from groepsinzicht.io._facebook_scraper import _literal, read_facebook_scraper
from groepsinzicht.synth import generate
from groepsinzicht.synth._write_facebook_scraper import (
    project_facebook_scraper,
    write_facebook_scraper,
)
from tests._helpers import assert_same


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


GROUP_POST = {
    "post_id": "2257188721032235",
    "text": "Wie komt er zaterdag? @Piet Bakker\n\nGedeelde tekst",
    "post_text": "Wie komt er zaterdag? @Piet Bakker",
    "shared_text": "Gedeelde tekst",
    "original_text": None,
    "time": "2019-04-30 07:00:01",
    "timestamp": 1556600401,
    "image": None, "images": [], "video": None, "video_id": None,
    "likes": 10, "comments": 2, "shares": 0,
    "post_url": "https://m.facebook.com/groups/buurtoost/permalink/2257188721032235/",
    "link": None, "links": [],
    "user_id": 757122227,
    "username": "Anna Jansen",
    "is_live": False,
    "available": True,
    "page_id": "1234567890",
    "reactions": {"like": 10, "love": 1, "sorry": 1, "anger": 2, "support": 3,
                  "thankful": 1},
    "reaction_count": 18,
    "reactors": [
        {"name": "Piet Bakker", "link": "https://facebook.com/profile.php?id=100001&fref=pb",
         "type": "like"},
        {"name": "Sara", "link": "https://facebook.com/sara.b?fref=pb", "type": "sorry"},
    ],
    "comments_full": [
        {"comment_id": "300", "comment_url": "https://facebook.com/300",
         "commenter_id": "100001",
         "commenter_url": "https://facebook.com/profile.php?id=100001",
         "commenter_name": "Piet Bakker", "commenter_meta": None, "comment_text": "Ik!",
         "comment_time": "2019-04-30 07:12:00", "comment_image": None,
         "comment_reactors": [{"name": "Anna Jansen",
                               "link": "https://facebook.com/profile.php?id=757122227",
                               "type": "love"}],
         "comment_reactions": {"love": 1}, "comment_reaction_count": "1.2K",
         "replies": [
             {"comment_id": "301", "commenter_id": None,
              "commenter_url": "https://facebook.com/anna.jansen.1?fref=nf",
              "commenter_name": "Anna Jansen", "comment_text": "Top",
              "comment_time": "2019-04-30 08:00:00", "comment_reaction_count": "2"}]},
    ],
}
PAGE_POST = {
    "post_id": "4455", "text": "Nieuw: de afvalkalender", "post_text": None,
    "time": "2024-01-05 10:00:00", "timestamp": None, "likes": 7, "comments": 0,
    "shares": 3, "post_url": "https://facebook.com/story.php?story_fbid=4455&id=987",
    "link": "https://youtu.be/abc", "user_id": "987", "username": "Gemeente",
    "page_id": None, "reactions": None, "reaction_count": None, "video": None,
}


def write(tmp_path, obj, name="posts.json"):
    f = tmp_path / name
    if isinstance(obj, bytes):
        f.write_bytes(obj)
    elif isinstance(obj, str):
        f.write_text(obj, encoding="utf-8")
    else:
        # As the CLI writes it: each post json.dump(indent=4), joined by commas.
        f.write_text("[\n" + ",\n".join(json.dumps(p, indent=4) for p in obj) + "\n]",
                     encoding="utf-8")
    return f




# ----------------------------------------------------------------------- hand-written
def test_cli_json_group_and_page_posts(tmp_path):
    ds = read_facebook_scraper(write(tmp_path, [GROUP_POST, PAGE_POST]))
    assert ds.containers.sort("container_id").select("container_id", "kind").rows() == [
        ("1234567890", "group"), ("987", "page")]
    posts = {r["post_id"]: r for r in ds.posts.to_dicts()}
    g, p = posts["2257188721032235"], posts["4455"]
    assert (g["container_id"], g["author_id"], g["created_at"]) == (
        "1234567890", "757122227", utc(2019, 4, 30, 5, 0, 1))
    assert g["message"] == "Wie komt er zaterdag? @Piet Bakker"
    assert (g["post_type"], g["reported_reactions"], g["reported_comments"],
            g["reported_shares"]) == ("status", 18, 2, 0)
    assert g["mentions"] == ["100001"]
    # No timestamp: the naive local time of the scraping machine, read in tz.
    assert p["created_at"] == utc(2024, 1, 5, 9)
    assert (p["message"], p["post_type"], p["link_domain"], p["reported_reactions"]) == (
        "Nieuw: de afvalkalender", "link", "youtube.com", 7)
    assert p["permalink"] == PAGE_POST["post_url"]
    counts = ds.reaction_counts.filter(ds.reaction_counts["target_kind"] == "post")
    assert dict(counts.select("reaction_type", "count").rows()) == {
        "like": 10, "love": 1, "sad": 1, "angry": 2, "care": 3, "other": 1}
    assert ds.reactions.sort("target_id", "actor_id").select(
        "target_id", "target_kind", "actor_id", "reaction_type").rows() == [
        ("2257188721032235", "post", "100001", "like"),
        ("2257188721032235", "post", "sara.b", "sad"),
        ("300", "comment", "757122227", "love")]
    assert ds.comments.select("comment_id", "parent_id", "author_id", "created_at",
                              "reported_reactions").rows() == [
        ("300", None, "100001", utc(2019, 4, 30, 5, 12), 1200),
        ("301", "300", "anna.jansen.1", utc(2019, 4, 30, 6), 2)]
    assert ds.reconciliation.select("rows_seen", "rows_kept", "rows_rejected").row(0) == (
        7, 7, 0)


def test_detected(tmp_path):
    assert gi.detect_format(write(tmp_path, [GROUP_POST])) == "facebook_scraper"
    assert gi.load(write(tmp_path, [GROUP_POST], "x.json")).posts.height == 1


def test_time_zone_of_the_scraping_machine(tmp_path):
    f = write(tmp_path, [PAGE_POST])
    assert read_facebook_scraper(f, tz="UTC").posts.get_column("created_at").item() == \
        utc(2024, 1, 5, 10)
    assert read_facebook_scraper(f, tz="America/New_York").posts.get_column(
        "created_at").item() == utc(2024, 1, 5, 15)


@pytest.mark.parametrize(("local", "expected"), [
    # The autumn hour that occurs twice: its first (summer-time) occurrence.
    ("2024-10-27 02:30:00", utc(2024, 10, 27, 0, 30)),
    # A time in the spring gap moves forward by the gap.
    ("2024-03-31 02:30:00", utc(2024, 3, 31, 1, 30)),
    ("2024-06-01 12:00:00.250000", utc(2024, 6, 1, 10, 0, 0, 250000)),
])
def test_local_times_around_clock_changes(tmp_path, local, expected):
    ds = read_facebook_scraper(write(tmp_path, [{**PAGE_POST, "time": local}]))
    assert ds.posts.get_column("created_at").item() == expected


@pytest.mark.parametrize(("fields", "post_type"), [
    ({"is_live": True, "video": "v.mp4"}, "live"),
    ({"was_live": True}, "live"),
    ({"video": "https://video.fbcdn.net/1.mp4"}, "video"),
    ({"video_id": "55"}, "video"),
    ({"shared_post_id": "77"}, "share"),
    ({"image": "https://scontent/1.jpg"}, "photo"),
    ({"images": ["https://scontent/1.jpg"]}, "photo"),
    ({"link": "https://www.voorbeeldstad.nl/x"}, "link"),
    ({}, "status"),
])
def test_post_type(tmp_path, fields, post_type):
    base = {k: v for k, v in PAGE_POST.items() if k not in ("link",)}
    ds = read_facebook_scraper(write(tmp_path, [{**base, **fields}]))
    assert ds.posts.get_column("post_type").to_list() == [post_type]


@pytest.mark.parametrize(("fields", "container", "kind"), [
    ({"page_id": None, "post_url": "https://m.facebook.com/groups/333/permalink/1/",
      "user_id": "5"}, "333", "group"),
    ({"page_id": None, "post_url": "https://facebook.com/story.php?story_fbid=1&id=44",
      "user_id": "44"}, "44", "page"),
    ({"page_id": None, "post_url": None,
      "w3_fb_url": "https://www.facebook.com/Gemeente/posts/1", "user_id": "Gemeente"},
     "Gemeente", "page"),
    # A page_id without a group URL, but posts by members: a group [inferred].
    ({"page_id": "66", "post_url": None, "user_id": 12}, "66", "group"),
])
def test_container_and_kind(tmp_path, fields, container, kind):
    ds = read_facebook_scraper(write(tmp_path, [{**PAGE_POST, **fields}]))
    assert ds.containers.select("container_id", "kind").rows() == [(container, kind)]


def test_kind_hint_overrides(tmp_path):
    ds = read_facebook_scraper(write(tmp_path, [PAGE_POST]), kind="group")
    assert ds.containers.get_column("kind").to_list() == ["group"]


def test_reported_reactions_fallbacks(tmp_path):
    summed = {**PAGE_POST, "post_id": "1", "reactions": {"like": 2, "haha": 1},
              "reaction_count": None}
    likes = {**PAGE_POST, "post_id": "2", "likes": 9}
    ds = read_facebook_scraper(write(tmp_path, [summed, likes]))
    assert dict(ds.posts.select("post_id", "reported_reactions").rows()) == {"1": 3, "2": 9}


def test_duplicate_post_last_wins(tmp_path):
    with pytest.warns(DataQualityWarning, match=re.escape("1 duplicate record(s) merged (1 ")):
        ds = read_facebook_scraper(write(tmp_path, [PAGE_POST, {**PAGE_POST, "likes": 99}]))
    assert ds.posts.get_column("reported_reactions").to_list() == [99]
    assert ds.reconciliation.select("rows_seen", "rows_kept", "rows_duplicate").row(0) == (
        2, 1, 1)


# ----------------------------------------------------------------------- CSV
CSV = (
    "post_id,text,post_text,time,timestamp,image,images,likes,comments,shares,post_url,"
    "link,user_id,username,is_live,reactions,reaction_count,comments_full,reactors,"
    "page_id\r\n"
    "2257188721032235,\"Wie komt er?\nZaterdag\",\"Wie komt er?\nZaterdag\","
    "2019-04-30 07:00:01,1556600401,,[],3,1,0,"
    "https://m.facebook.com/groups/123/permalink/2257188721032235/,,757122227,Anna,"
    "False,\"{'like': 2, 'sorry': 1}\",3,"
    "\"[{'comment_id': '300', 'commenter_id': '100001', 'commenter_name': 'Piet', "
    "'comment_text': \"\"Ik kom ook, 't is leuk\"\", "
    "'comment_time': datetime.datetime(2019, 4, 30, 7, 12), 'comment_reactors': [], "
    "'comment_reactions': None, 'comment_reaction_count': None, 'replies': "
    "[{'comment_id': '301', 'commenter_id': None, 'commenter_url': None, "
    "'commenter_name': 'Anna', 'comment_text': 'Top', "
    "'comment_time': datetime.datetime(2019, 4, 30, 8, 0, 30), "
    "'comment_reaction_count': '2'}]}]\","
    "\"[{'name': 'Piet', 'link': 'https://facebook.com/profile.php?id=100001', "
    "'type': 'like'}]\",123\r\n"
)


def test_csv_with_python_repr_cells(tmp_path):
    ds = read_facebook_scraper(write(tmp_path, CSV, "posts.csv"))
    assert ds.posts.select("post_id", "container_id", "author_id", "created_at", "message",
                           "reported_reactions").row(0) == (
        "2257188721032235", "123", "757122227", utc(2019, 4, 30, 5, 0, 1),
        "Wie komt er?\nZaterdag", 3)
    assert ds.comments.select("comment_id", "parent_id", "author_id", "created_at",
                              "message").rows() == [
        ("300", None, "100001", utc(2019, 4, 30, 5, 12), "Ik kom ook, 't is leuk"),
        ("301", "300", None, utc(2019, 4, 30, 6, 0, 30), "Top")]
    assert ds.reaction_counts.select("reaction_type", "count").sort("reaction_type").rows() \
        == [("like", 2), ("sad", 1)]
    assert ds.reactions.select("actor_id", "reaction_type").rows() == [("100001", "like")]
    assert gi.detect_format(tmp_path / "posts.csv") == "facebook_scraper"


def test_csv_in_cp1252_is_read_and_noted(tmp_path):
    text = CSV.replace("Wie komt er?", "Café één?")
    f = write(tmp_path, text.encode("cp1252"), "posts.csv")
    ds = read_facebook_scraper(f)
    assert ds.posts.get_column("message").item() == "Café één?\nZaterdag"
    assert ds.provenance[0]["encodings"] == {str(f): "cp1252"}


def test_repr_cells_allow_only_literals_and_datetimes():
    assert _literal("[{'a': None, 'b': -1, 't': datetime.datetime(2020, 1, 2, 3, 4)}]") == [
        {"a": None, "b": -1, "t": datetime(2020, 1, 2, 3, 4)}]  # noqa: DTZ001
    for code in ("__import__('os').system('x')", "open('/etc/passwd')", "[1] * 10**9",
                 "datetime.datetime.now()"):
        with pytest.raises(ValueError, match="not a literal"):
            _literal(code)


# ----------------------------------------------------------------------- malformed
def _bad_json(**changes):
    return ("[\n" + json.dumps({**PAGE_POST, **changes}) + "\n]").encode()


MALFORMED = [
    ("truncated", _bad_json()[:120], "posts.json", MalformedRecordError, "byte 120",
     "got the end of the file (truncated?)", 0),
    ("empty", b"  \n", "posts.json", MalformedRecordError, "byte 0", "got an empty file", 0),
    ("html", b"<html><head><title>Log in</title></head></html>", "posts.json",
     MalformedRecordError, "byte 0", "got an HTML page", 0),
    ("bad_utf8", _bad_json(text="caf\udce9").replace(b"\\udce9", b"\xe9"), "posts.json",
     EncodingError, "byte ", "expected UTF-8 text (RFC 8259), got the byte 0xE9", 0),
    ("not_object", b"[42]", "posts.json", MalformedRecordError, "$[0]",
     "expected a post object, got the number 42", 0),
    ("missing_post_id", _bad_json(post_id=None), "posts.json", MalformedRecordError,
     "$[0].post_id", "expected an id, got none", 0),
    ("no_time", _bad_json(time=None, timestamp=None), "posts.json", MalformedRecordError,
     "$[0].timestamp", "expected a Unix timestamp or a time, got none", 0),
    ("garbage_time", _bad_json(time="gisteren om 5 uur"), "posts.json",
     MalformedRecordError, "$[0].time", "expected a time (YYYY-MM-DD HH:MM:SS), got "
     "'gisteren om 5 uur'", 0),
    ("garbage_likes", _bad_json(likes="veel"), "posts.json", MalformedRecordError,
     "$[0].likes", "expected a whole number, got the string 'veel'", 0),
    ("no_container", _bad_json(page_id=None, post_url=None), "posts.json",
     MalformedRecordError, "$[0].page_id",
     "expected page_id, or a post_url naming the group or page, got none", 0),
    ("comment_without_time", _bad_json(comments_full=[
        {"comment_id": "1", "comment_text": "x"}, {"comment_id": "2",
                                                   "comment_time": "2024-01-05 11:00:00"}]),
     "posts.json", MalformedRecordError, "$[0].comments_full[0].comment_time",
     "expected a comment time, got none", 2),
    ("garbage_comment_count", _bad_json(comments_full=[
        {"comment_id": "1", "comment_time": "2024-01-05 11:00:00",
         "comment_reaction_count": "heel veel"}]), "posts.json", MalformedRecordError,
     "$[0].comments_full[0].comment_reaction_count",
     "expected a whole number, got the string 'heel veel'", 1),
    ("reactor_not_object", _bad_json(reactors=["Piet"]), "posts.json",
     MalformedRecordError, "$[0].reactors[0]",
     "expected a reactor {name, link, type}, got the string 'Piet'", 1),
    ("csv_ragged", CSV.replace(",123\r\n", ",123,extra\r\n").encode(), "posts.csv",
     MalformedRecordError, "line 2", "expected 20 fields, got 21", 0),
    ("csv_no_post_id", CSV.replace("post_id,", "id,", 1).encode(), "posts.csv",
     MalformedRecordError, "line 1", "expected a column 'post_id'", 0),
    ("csv_bad_repr", CSV.replace("\"{'like': 2, 'sorry': 1}\"", "\"{'like': 2,\"").encode(),
     "posts.csv", MalformedRecordError, "line 2, column 'reactions'",
     "expected a Python literal (list or dict repr)", 0),
    ("csv_bad_repr_in_comment", CSV.replace("datetime.datetime(2019, 4, 30, 7, 12)",
                                            "'later'").encode(),
     "posts.csv", MalformedRecordError, "line 2, column 'comments_full', $[0].comment_time",
     "expected a time (YYYY-MM-DD HH:MM:SS), got 'later'", 3),
]


@pytest.mark.parametrize(("content", "name", "error", "place", "message", "kept"),
                         [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED])
def test_malformed_raise(tmp_path, content, name, error, place, message, kept):
    f = write(tmp_path, content, name)
    with pytest.raises(error, match=re.escape(f"{f}: {place}") + ".*" + re.escape(message)):
        read_facebook_scraper(f)


@pytest.mark.parametrize(("content", "name", "error", "place", "message", "kept"),
                         [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED])
def test_malformed_collect(tmp_path, content, name, error, place, message, kept):
    f = write(tmp_path, content, name)
    if "expected a whole number" in message:
        # An optional count: collect mode nulls it and counts it; the record stays.
        with pytest.warns(DataQualityWarning, match="1 implausible field value"):
            ds = read_facebook_scraper(f, on_error="collect")
        assert ds.reconciles()
        assert ds.rejected.height == 0
        assert ds.nulled.get_column("rows").to_list() == [1]
        return
    with pytest.warns(DataQualityWarning, match="rejected"):
        ds = read_facebook_scraper(f, on_error="collect")
    assert ds.reconciles()
    rec = ds.reconciliation.row(0, named=True)
    assert rec["rows_kept"] == kept
    assert rec["rows_rejected"] == ds.rejected.height >= 1
    assert ds.rejected.get_column("source").to_list()[0] == str(f)
    assert any(loc.startswith(place) for loc in ds.rejected.get_column("location"))
    assert any(message in r for r in ds.rejected.get_column("reason").to_list())


# ----------------------------------------------------------------------- round trips
@pytest.mark.parametrize(("fmt", "timestamps", "encoding"), [
    ("json", True, "utf-8"), ("json", False, "utf-8"), ("csv", True, "utf-8"),
    ("csv", False, "cp1252"),
])
def test_round_trip_synth_small(tmp_path, fmt, timestamps, encoding):
    ds = generate(seed=11, scale=0.1)
    files = write_facebook_scraper(ds, tmp_path, fmt=fmt, timestamps=timestamps,
                                   encoding=encoding)
    back = gi.load(files)
    assert_same(back, project_facebook_scraper(ds, timestamps=timestamps, encoding=encoding))
    assert back.reconciles()


def test_writer_leaves_out_posts_without_text_and_keeps_its_quirks(tmp_path):
    ds = generate(seed=5, scale=0.05)
    files = write_facebook_scraper(ds, tmp_path, fmt="json", timestamps=False)
    posts = [p for f in files for p in json.loads(f.read_text())]
    with_text = ds.posts.filter(ds.posts["message"].is_not_null()
                                & (ds.posts["message"] != ""))
    assert len(posts) == with_text.height < ds.posts.height
    assert all(p["timestamp"] is None and re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d",
                                                       p["time"]) for p in posts)
    assert any(type(p["user_id"]) is int for p in posts)


@settings(max_examples=6, deadline=None)
@given(seed=st.integers(0, 2**16), scale=st.sampled_from([0.03, 0.1]),
       fmt=st.sampled_from(["json", "csv"]), timestamps=st.booleans(),
       tz=st.sampled_from(["Europe/Amsterdam", "UTC", "America/Sao_Paulo"]))
def test_round_trip_synth(seed, scale, fmt, timestamps, tz):
    ds = generate(seed=seed, scale=scale)
    with tempfile.TemporaryDirectory() as tmp:
        write_facebook_scraper(ds, tmp, fmt=fmt, timestamps=timestamps, tz=tz)
        back = read_facebook_scraper(tmp, tz=tz)
    assert_same(back, project_facebook_scraper(ds, timestamps=timestamps, tz=tz))
    assert back.reconciles()
