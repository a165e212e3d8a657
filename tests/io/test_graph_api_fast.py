"""The Graph API reader's fast path (typed msgspec structs) against its careful path.

The fast path must give the very same dataset as the careful one (rows in the same order,
the same rejected rows, reconciliation, nulled counts and provenance), and must leave to
the careful path every file it does not read exactly as the careful path would. Each case
is read twice: once as users read it, once with the fast path switched off; a spy records
whether the fast path read the file, so that a case meant for it cannot silently pass
through the careful path only.
"""

from __future__ import annotations

import json
import tempfile
import warnings
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groepsinzicht.errors import GroepsinzichtError
from groepsinzicht.io import _graph_api
from groepsinzicht.io._graph_api import read_graph_api
from groepsinzicht.synth import generate
from groepsinzicht.synth._write_graph_api import write_graph_api
from tests._helpers import TABLE_NAMES
from tests.io.test_graph_api import FEED, MALFORMED, NULLED, post, write

if TYPE_CHECKING:
    import groepsinzicht as gi

NOW = datetime(2026, 1, 1, tzinfo=UTC)


class _Spy:
    """Wraps ``_read_fast``: how many sources it read, how many it left to the careful path."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.read = 0
        self.declined = 0
        self._orig = _graph_api._read_fast

    def __call__(self, src: Any, options: Any) -> Any:
        if not self.enabled:
            return None
        feed = self._orig(src, options)
        if feed is None:
            self.declined += 1
        else:
            self.read += 1
        return feed


def _read(monkeypatch: pytest.MonkeyPatch, files: Any, *, fast: bool,
          on_error: str = "collect") -> tuple[gi.Dataset | None, str | None, _Spy]:
    """Read with the fast path on or off; an error comes back as its text."""
    spy = _Spy(fast)
    with monkeypatch.context() as m, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m.setattr(_graph_api, "_read_fast", spy)
        try:
            ds = read_graph_api(files, on_error=on_error, now=NOW)  # type: ignore[arg-type]
        except GroepsinzichtError as exc:
            return None, f"{type(exc).__name__}: {exc}", spy
    return ds, None, spy


def _same(fast: gi.Dataset, careful: gi.Dataset) -> None:
    """Table by table, row order included, and the bookkeeping."""
    for name in [*TABLE_NAMES, "rejected", "reconciliation", "nulled"]:
        a, b = fast.table(name) if name in TABLE_NAMES else getattr(fast, name), \
            careful.table(name) if name in TABLE_NAMES else getattr(careful, name)
        assert a.schema == b.schema, name
        assert a.equals(b), f"table {name!r} differs:\n{a}\n{b}"
    assert fast.provenance == careful.provenance


def _compare(monkeypatch: pytest.MonkeyPatch, files: Any, *,
             expect_fast: bool | None = None) -> gi.Dataset | None:
    """Both paths, in raise and in collect mode; the fast one's dataset (raise mode)."""
    fast, fast_err, spy = _read(monkeypatch, files, fast=True, on_error="raise")
    careful, careful_err, _ = _read(monkeypatch, files, fast=False, on_error="raise")
    assert fast_err == careful_err
    if fast is not None and careful is not None:
        _same(fast, careful)
    fast_c, err_c, spy_c = _read(monkeypatch, files, fast=True, on_error="collect")
    careful_c, careful_err_c, _ = _read(monkeypatch, files, fast=False, on_error="collect")
    assert err_c == careful_err_c
    if fast_c is not None and careful_c is not None:
        _same(fast_c, careful_c)
    if expect_fast is True:
        assert spy.read >= 1 and spy.declined == 0 and spy_c.declined == 0
    elif expect_fast is False:
        assert spy.read == 0 and spy_c.read == 0
    return fast


# ------------------------------------------------------------------ synthetic writers
@pytest.mark.parametrize("layout", ["envelope", "pages", "ndjson", "concatenated"])
@pytest.mark.parametrize("replies", ["nested", "flat"])
@pytest.mark.parametrize("reactions", ["rows", "summary", "both"])
def test_every_writer_output_reads_the_same(tmp_path, monkeypatch, layout, replies,
                                            reactions):
    ds = generate(seed=7, scale=0.1)
    files = write_graph_api(ds, tmp_path, layout=layout, replies=replies,
                            reactions=reactions, none_reaction=True)
    # Concatenated pretty-printed documents are the careful path's (a file of one
    # document is plain JSON: either path may read it).
    back = _compare(monkeypatch, files, expect_fast=True if layout != "concatenated" else None)
    assert back is not None and back.posts.height == ds.posts.height


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**16), scale=st.sampled_from([0.03, 0.1]),
       layout=st.sampled_from(["envelope", "pages", "ndjson"]),
       replies=st.sampled_from(["nested", "flat"]),
       reactions=st.sampled_from(["rows", "summary", "both"]))
def test_generated_feeds_read_the_same(monkeypatch, seed, scale, layout, replies, reactions):
    ds = generate(seed=seed, scale=scale)
    with tempfile.TemporaryDirectory() as tmp:
        files = write_graph_api(ds, tmp, layout=layout, replies=replies, reactions=reactions)
        _compare(monkeypatch, files, expect_fast=True)


def test_small_chunks_read_the_same(tmp_path, monkeypatch):
    files = write_graph_api(generate(seed=2, scale=0.1), tmp_path)
    whole = _compare(monkeypatch, files, expect_fast=True)
    monkeypatch.setattr(_graph_api, "_CHUNK_ROWS", 50)
    chunked = _compare(monkeypatch, files, expect_fast=True)
    assert whole is not None and chunked is not None
    for name in ("posts", "comments", "reactions"):
        assert chunked.table(name).equals(whole.table(name))


# ------------------------------------------------------------------ malformed files
@pytest.mark.parametrize("content", [m[1] for m in MALFORMED], ids=[m[0] for m in MALFORMED])
def test_malformed_files_read_the_same(tmp_path, monkeypatch, content):
    f = write(tmp_path, content)
    _compare(monkeypatch, f, expect_fast=False)


@pytest.mark.parametrize("record", [m[1] for m in NULLED], ids=[m[0] for m in NULLED])
def test_nulled_fields_read_the_same(tmp_path, monkeypatch, record):
    f = write(tmp_path, {"data": [record]})
    _compare(monkeypatch, f, expect_fast=False)


# ------------------------------------------------------------------ shapes and variants
#: (id, feed, whether the fast path reads it)
VARIANTS: list[tuple[str, Any, bool]] = [
    ("formats_example", FEED, True),
    ("bare_post", post("1_1", message="hoi"), True),
    ("list_of_posts", [post("1_1"), post("1_2")], True),
    ("list_of_envelopes", [{"data": [post("1_1")]}, {"data": [post("1_2")], "paging": {}}],
     True),
    ("envelope_with_id", {"id": "x", "data": [post("1_1")]}, True),
    ("post_with_data_key_in_list", [post("1_1", data=[1, 2])], True),
    ("unix_time_on_post", {"data": [post("1_1", created_time=1714564800)]}, True),
    ("unix_time_on_comment", {"data": [post("1_1", comments={"data": [
        {"id": "c", "created_time": 1714564800}]})]}, False),
    ("int_post_id", {"data": [post(None, id=15)]}, False),
    ("int_author_id", {"data": [post("1_1", **{"from": {"id": 9, "name": "A"}})]}, False),
    ("bare_author_id", {"data": [post("1_1", **{"from": "9"})]}, True),
    ("author_without_id", {"data": [post("1_1", **{"from": {"name": "A"}})]}, True),
    ("aliases_in_file_order", {"data": [post("1_1", wow={"summary": {"total_count": 3}},
                                             like={"summary": {"total_count": 7}},
                                             LOVE_COUNT={"summary": {"total_count": 1}},
                                             reactions_love={"summary": {"total_count": 2}},
                                             thankful={"summary": {"total_count": 1}},
                                             pride={"summary": {"total_count": 4}})]}, True),
    ("alias_without_summary", {"data": [post("1_1", love={"data": []})]}, True),
    ("alias_on_comment", {"data": [post("1_1", comments={"data": [
        {"id": "c", "created_time": "2024-05-01T12:00:00+0000",
         "haha": {"summary": {"total_count": 2}}, "like_count": 4}]})]}, True),
    ("like_count_alias_on_post", {"data": [post("1_1", like_count={"summary": {
        "total_count": 5}})]}, True),
    ("likes_edge", {"data": [post("1_1", likes={"data": [{"id": "5", "name": "B"}],
                                                "summary": {"total_count": 1}})]}, True),
    ("likes_edge_null_type", {"data": [post("1_1", likes={"data": [
        {"id": "5", "type": None}]})]}, False),
    ("none_reaction_in_the_middle", {"data": [post("1_1", reactions={"data": [
        {"id": "1", "type": "LIKE"}, {"type": "NONE"}, {"id": "2", "type": "none"},
        {"id": "3", "type": "WOW"}]})]}, True),
    ("reaction_int_actor", {"data": [post("1_1", reactions={"data": [
        {"id": 1, "type": "LIKE"}]})]}, False),
    ("summary_null", {"data": [post("1_1", reactions={"data": [], "summary": None},
                                    comments={"summary": {"total_count": 0}})]}, True),
    ("edge_data_null", {"data": [post("1_1", reactions={"data": None})]}, True),
    ("negative_total", {"data": [post("1_1", reactions={"summary": {"total_count": -1}})]},
     False),
    ("negative_reply_total", {"data": [post("1_1", comments={"data": [
        {"id": "c", "created_time": "2024-05-01T12:00:00+0000",
         "comments": {"data": [], "summary": {"total_count": -2}}}]})]}, False),
    ("huge_count", {"data": [post("1_1", shares={"count": 2**64 - 1})]}, False),
    ("tags_dict_form", {"data": [post("1_1", message_tags={"0": [{"id": "5"}]})]}, False),
    ("tags_of_pages_and_events", {"data": [post("1_1", message_tags=[
        {"id": "5", "type": "user"}, {"id": 6, "type": "page"}, {"id": "7", "type": "event"},
        {"id": "8"}, {"type": "user"}])]}, True),
    ("container_from_permalink", {"data": [post(
        "77", permalink_url="https://www.facebook.com/groups/4242/permalink/77/")]}, True),
    ("container_from_to", {"data": [post("77", to={"data": [{"id": 4242, "name": "W"}]})]},
     True),
    ("group_name_from_to", {"data": [post("4242_1", to={"data": [
        {"id": "1", "name": "Ander"}, {"id": "4242", "name": "Wijk"}]})]}, True),
    ("attachments_without_data", {"data": [post("1_1", attachments={})]}, False),
    ("attachments_empty", {"data": [post("1_1", attachments={"data": []})]}, True),
    ("attachment_link", {"data": [post("1_1", attachments={"data": [
        {"type": "share", "url": "https://l.facebook.com/l.php?u=https%3A%2F%2Fa.nl%2F"}]})]},
     True),
    ("shares_bare_int", {"data": [post("1_1", shares=3)]}, True),
    ("replies_nested_three_deep", {"data": [post("1_1", comments={"data": [
        {"id": "a", "created_time": "2024-05-01T12:00:00+0000", "comments": {"data": [
            {"id": "b", "created_time": "2024-05-01T12:01:00+0000", "comments": {"data": [
                {"id": "c", "created_time": "2024-05-01T12:02:00+0000"}]}},
            {"id": "d", "created_time": "2024-05-01T12:03:00+0000",
             "parent": {"id": "b"}}]}},
        {"id": "e", "created_time": "2024-05-01T12:04:00+0000"}]})]}, True),
    ("error_in_ndjson", None, False),
    ("duplicate_posts", {"data": [post("1_1", message="a"), post("1_1", message="b")]}, True),
    ("implausible_time", {"data": [post("1_1", created_time="2001-01-01T00:00:00+0000")]},
     True),
    ("offset_time", {"data": [post("1_1", created_time="2024-05-01T14:00:00+02:00")]}, True),
    ("garbage_time_on_comment", {"data": [post("1_1", comments={"data": [
        {"id": "c", "created_time": "later"}]})]}, False),
]


@pytest.mark.parametrize(("feed", "fast"), [v[1:] for v in VARIANTS],
                         ids=[v[0] for v in VARIANTS])
def test_variants_read_the_same(tmp_path, monkeypatch, feed, fast):
    if feed is None:  # NDJSON with a Graph API error object on one line
        f = write(tmp_path, (json.dumps(post("1_1")) + "\n"
                             + json.dumps({"error": {"code": 190}}) + "\n").encode(),
                  name="feed.ndjson")
    else:
        f = write(tmp_path, feed)
    _compare(monkeypatch, f, expect_fast=fast)


def test_bom_and_ndjson_with_blank_lines(tmp_path, monkeypatch):
    f = write(tmp_path, b"\xef\xbb\xbf" + json.dumps(FEED).encode())
    _compare(monkeypatch, f, expect_fast=True)
    lines = "\n".join([json.dumps(post("1_1")), "", "  ", json.dumps({"data": [post("1_2")]}),
                       json.dumps(post("1_3"))]) + "\n"
    g = write(tmp_path, lines, name="feed.ndjson")
    back = _compare(monkeypatch, g, expect_fast=True)
    assert back is not None and back.posts.get_column("post_id").to_list() == ["1_1", "1_2",
                                                                                "1_3"]


def test_a_file_the_fast_path_declines_does_not_change_its_neighbours(tmp_path, monkeypatch):
    good = write(tmp_path, FEED, name="a.json")
    bad = write(tmp_path, {"data": [post("1_1", shares={"count": "drie"})]}, name="b.json")
    fast, _, spy = _read(monkeypatch, [good, bad], fast=True)
    careful, _, _ = _read(monkeypatch, [good, bad], fast=False)
    assert spy.read == 1 and spy.declined == 1
    assert fast is not None and careful is not None
    _same(fast, careful)


def test_fast_path_reads_the_formats_example_as_specified(tmp_path, monkeypatch):
    """Not only equal to the careful path: the values FORMATS.md §1 gives."""
    back = _compare(monkeypatch, write(tmp_path, FEED), expect_fast=True)
    assert back is not None
    assert back.posts.select("post_id", "author_id", "reported_reactions",
                             "reported_comments", "reported_shares").rows() == [
        ("1234567890_2222222222", "10150000000000001", 2, 2, 2)]
    assert back.comments.select("comment_id", "parent_id").rows() == [
        ("2222222222_3333333333", None), ("2222222222_4444444444", "2222222222_3333333333")]
    assert sorted(back.reactions.get_column("reaction_type").cast(pl.String).to_list()) == [
        "like", "love"]
    assert Path(back.reconciliation.get_column("source").item()).name == "feed.json"


@pytest.mark.parametrize("block", [7, 100, 4096])
def test_ndjson_read_in_blocks_reads_the_same(tmp_path, monkeypatch, block):
    """Lines cut by block boundaries (and lines longer than a block) are read whole."""
    files = write_graph_api(generate(seed=4, scale=0.05), tmp_path, layout="ndjson")
    files[0].write_bytes(b"\xef\xbb\xbf" + files[0].read_bytes().replace(b"\n", b"\r\n", 3))
    whole = _compare(monkeypatch, files, expect_fast=True)
    monkeypatch.setattr(_graph_api, "_BLOCK", block)
    blocks = _compare(monkeypatch, files, expect_fast=True)
    assert whole is not None and blocks is not None
    _same(blocks, whole)


def test_ndjson_with_a_bad_line_in_a_later_block_is_read_carefully(tmp_path, monkeypatch):
    lines = [json.dumps(post(f"1_{i}")) for i in range(50)]
    lines[40] = '{"id": "1_40", '  # cut: the careful path rejects this one line
    f = write(tmp_path, "\n".join(lines) + "\n", name="feed.ndjson")
    monkeypatch.setattr(_graph_api, "_BLOCK", 256)
    _compare(monkeypatch, f, expect_fast=False)
    ds, _, _ = _read(monkeypatch, f, fast=True)
    assert ds is not None and ds.posts.height == 49 and ds.rejected.height == 1


@pytest.mark.parametrize("layout", ["envelope", "ndjson"])
def test_a_bad_byte_in_a_field_never_read_is_refused_by_both(tmp_path, monkeypatch, layout):
    """msgspec skips unread fields unchecked; the fast path checks the file's UTF-8 itself."""
    bad = b'{"id": "1_2", "created_time": "2024-05-01T12:00:00+0000", "story": "caf\xe9"}'
    good = json.dumps(post("1_1", message="café")).encode()
    if layout == "envelope":
        content = b'{"data": [' + good + b", " + bad + b"]}"
    else:
        content = good + b"\n" + bad + b"\n" + good.replace(b"1_1", b"1_3") + b"\n"
    f = write(tmp_path, content, name=f"feed.{'json' if layout == 'envelope' else 'ndjson'}")
    _compare(monkeypatch, f, expect_fast=False)
    _, err, _ = _read(monkeypatch, f, fast=True, on_error="raise")
    assert err is not None and "EncodingError" in err and "0xE9" in err


#: Bytes that break JSON's structure, types or encoding.
_NASTY = [b'"', b",", b"\n", b"}", b"{", b"]", b"[", b":", b"\xff", b"\xc3", b"null", b"1",
          b"-1", b'"x"', b"\\", b" ", b"\x00", b"1e999", b"true", b"12.5"]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(layout=st.sampled_from(["envelope", "ndjson", "pages"]),
       seed=st.integers(0, 2**32 - 1), edits=st.integers(1, 3))
def test_damaged_feeds_read_the_same(tmp_path_factory, monkeypatch, layout, seed, edits):
    """Random damage to a writer's file: both paths raise the same error, or agree."""
    import random

    tmp = tmp_path_factory.mktemp("damaged")
    ds = generate(seed=5, scale=0.03)
    one = ds.filter(containers=[ds.containers.get_column("container_id")[0]])
    (f,) = write_graph_api(one, tmp, layout=layout, none_reaction=True)
    data = f.read_bytes()
    rnd = random.Random(seed)
    for _ in range(edits):
        at = rnd.randrange(len(data))
        if rnd.random() < 0.3:
            data = data[:at] + data[at + rnd.randint(1, 4):]
        else:
            data = data[:at] + rnd.choice(_NASTY) + data[at + rnd.randint(0, 1):]
    f.write_bytes(data)
    _compare(monkeypatch, f)


def test_sources_in_memory_and_empty_read_the_same():
    """A Source over bytes (nested archives) has no file to stat; an empty one declines."""
    from groepsinzicht.io._common import ReadOptions
    from groepsinzicht.io._source import bytes_source

    options = ReadOptions(progress=False)
    feed = _graph_api._read_fast(bytes_source("a/feed.json", json.dumps(FEED).encode()),
                                 options)
    assert feed is not None and feed.kept == feed.seen > 0
    assert _graph_api._read_fast(bytes_source("a/empty.json", b""), options) is None


def test_ndjson_whose_first_line_outgrows_the_head_reads_the_same(tmp_path, monkeypatch):
    """Not recognised from the head: read in memory, line by line, still on the fast path."""
    files = write_graph_api(generate(seed=4, scale=0.05), tmp_path, layout="ndjson")
    whole = _compare(monkeypatch, files, expect_fast=True)
    monkeypatch.setattr(_graph_api, "_HEAD", 16)
    assert not _graph_api._looks_ndjson(files[0].read_bytes()[:16])
    small_head = _compare(monkeypatch, files, expect_fast=True)
    assert whole is not None and small_head is not None
    _same(small_head, whole)
