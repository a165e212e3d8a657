"""One way in for the readers: every public read_<format> takes what load takes.

The same first argument (a path as ``str`` or ``Path``, or a list of them) and the same
keyword options (``tz``, ``on_error``, ``org_ids``, ``org_names``, ``kind``, ``progress``,
``zip_limits``), checked by one helper before any file is read.
"""

from __future__ import annotations

import inspect
import json
import re
import warnings
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import groepsinzicht as gi
from groepsinzicht.errors import (
    DataQualityWarning,
    GroepsinzichtError,
    ParameterError,
    ParameterTypeError,
    UnknownFormatError,
)
from groepsinzicht.io import ZipLimits

GRAPH_API = json.dumps({"data": [{
    "id": "123_1", "created_time": "2024-05-01T12:00:00+0000",
    "from": {"id": "9", "name": "Anna"}, "message": "Hallo",
    "permalink_url": "https://www.facebook.com/groups/123/permalink/1/"}]})
SCRAPER = json.dumps([{
    "post_id": "22", "text": "Hallo", "post_text": "Hallo", "timestamp": 1714564800,
    "user_id": 757122227, "username": "An", "page_id": "123",
    "post_url": "https://m.facebook.com/groups/123/permalink/22/", "likes": 3,
    "comments": 0, "shares": 0}])
CONTENT_LIBRARY = ("id,creation_time,text,post_owner.id,post_owner.name,surface.id,"
                   "surface.type,statistics.reaction_count\n"
                   "77,2024-05-01T12:00:00+0000,Hallo,9,Anna,123,group,4\n")
INSIGHTS = ("Post ID,Posted,Lifetime Post Total Reach,Lifetime Post organic reach,"
            "Lifetime Post Paid Reach\n"
            ",,Lifetime: people (Unique Users),Lifetime: organic (Unique Users),"
            "Lifetime: paid (Unique Users)\n"
            "12_34,03/01/2016 10:05:00 PM,150,100,50\n")
BUSINESS_SUITE = ("Bericht-ID,Pagina-ID,Naam van pagina,Titel,Publicatietijdstip,"
                  "Berichttype,Datum,Reacties,Opmerkingen,Deelacties\n"
                  "11,22,Gemeente,Hallo,01/07/2026 06:02,Foto's,Looptijd,76,652,2\n")
DAILY = 'sep=,\n"Facebook follows"\n"Date","Primary"\n"2025-08-01T00:00:00","20"\n'
CROWDTANGLE = ("Page Name,Facebook Id,Followers at Posting,Post Created,Type,Likes,"
               "Comments,Shares,URL\n"
               "Gemeente,123,\"1,234\",2024-05-01 10:00:00 CEST,Photo,5,2,1,"
               "https://www.facebook.com/123/posts/456\n")
HISTORY = ('ID,"Score Date (GMT)",Timestep,Likes,"Overperforming(+)/'
           'Underperforming(-) Score","Post Date (GMT)","2021-07-04 22:38:03",'
           'https://www.facebook.com/p/posts/37\n'
           '"37\t","2021-07-05 19:55:29",36,"61,973",2.3x,,,\n')
DYI = json.dumps({"group_comments_v2": [{
    "timestamp": 1700000000, "title": "Anna commented on Piet's post.",
    "data": [{"comment": {"comment": "Dank!", "group": "Oost"}}]}]})
SEEN_BY = "container_id;post_id;seen_by\ng;g_1;120\n"


def _write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def _canonical(folder: Path) -> Path:
    return gi.Dataset.from_frames(kind="group", posts=pl.DataFrame({
        "container_id": ["g"], "post_id": ["g_1"], "author_id": ["m1"],
        "created_at": [datetime(2024, 5, 1, tzinfo=UTC)]})).write(folder)


def _file(text: str, name: str, encoding: str = "utf-8") -> Any:
    return lambda folder: _write(folder, name, text, encoding)


#: reader -> (make one input in a folder, the number of rows one input gives)
READERS: dict[str, Any] = {
    "read_graph_api": _file(GRAPH_API, "feed.json"),
    "read_facebook_scraper": _file(SCRAPER, "posts.json"),
    "read_content_library": _file(CONTENT_LIBRARY, "posts.csv"),
    "read_insights": _file(INSIGHTS, "posts.csv"),
    "read_business_suite": _file(BUSINESS_SUITE, "Jan-01-2026_Jan-31-2026_1.csv",
                                 "utf-8-sig"),
    "read_business_suite_daily": _file(DAILY, "Follows.csv", "utf-16"),
    "read_crowdtangle": _file(CROWDTANGLE, "export.csv", "utf-8-sig"),
    "read_crowdtangle_history": _file(HISTORY, "history_post_37.csv", "utf-8-sig"),
    "read_dyi": _file(DYI, "your_comments_in_groups.json"),
    "read_seen_by": _file(SEEN_BY, "gezien.csv"),
    "read_canonical": _canonical,
}
OPTIONS = ("tz", "on_error", "org_ids", "org_names", "kind", "progress", "zip_limits",
           "now")


def _rows(result: gi.Dataset | pl.DataFrame) -> int:
    if isinstance(result, pl.DataFrame):
        return result.height
    return result.posts.height + result.comments.height


def test_every_public_reader_is_listed():
    public = {n for n in gi.io.__all__ if n.startswith("read_")}
    assert public == set(READERS)


@pytest.mark.parametrize("name", sorted(READERS))
def test_same_signature_as_load(name):
    load = inspect.signature(gi.load).parameters
    params = inspect.signature(getattr(gi.io, name)).parameters
    assert list(params) == ["path", *OPTIONS]
    for opt in OPTIONS:
        assert params[opt].kind is inspect.Parameter.KEYWORD_ONLY
        assert params[opt].default == load[opt].default, opt


@pytest.mark.parametrize("name", sorted(READERS))
@pytest.mark.parametrize("shape", ["str", "path", "list", "tuple-of-two", "folder", "zip"])
def test_every_reader_takes_a_str_a_path_and_a_list(tmp_path, name, shape):
    read = getattr(gi.io, name)
    one = READERS[name](tmp_path / "a")
    single = _rows(read(one))
    assert single >= 1
    if shape == "str":
        got = read(str(one))
    elif shape == "path":
        got = read(Path(one))
    elif shape == "list":
        got = read([str(one)])
    elif shape == "folder":
        got = read(one if one.is_dir() else one.parent)
    elif shape == "zip":
        if name == "read_canonical":
            pytest.skip("a canonical folder is written and read as a folder")
        archive = tmp_path / "export.zip"
        with zipfile.ZipFile(archive, "w") as zf:
            zf.write(one, one.name)
        got = read(archive)
    else:
        two = READERS[name](tmp_path / "b")
        # The same records twice: counted as duplicates of the second file, and said so.
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", gi.errors.DataQualityWarning)
            got = read((one, str(two)))
        assert all("duplicate record(s) merged (0 with differing" in str(w.message)
                   for w in caught), [str(w.message) for w in caught]
        if name in ("read_crowdtangle_history", "read_business_suite_daily",
                    "read_seen_by"):
            assert _rows(got) == 2 * single  # tables are stacked
            return
    assert _rows(got) == single


BAD_OPTIONS = [
    ("tz", "Mars/Olympus", "tz: expected an IANA time zone"),
    ("tz", 5, "tz: expected an IANA time zone"),
    ("on_error", "ignore", "on_error: expected 'raise' or 'collect'"),
    ("org_ids", 123, "org_ids: expected a list of member ids"),
    ("org_ids", [1.5], "org_ids: expected a list of member ids"),
    ("org_names", [None], "org_names: expected a list of account names"),
    ("kind", "club", "kind: expected 'group', 'page' or None"),
    ("progress", "yes", "progress: expected True, False or None"),
    ("zip_limits", {"max_ratio": 5}, "zip_limits: expected a groepsinzicht.io.ZipLimits"),
    ("zip_limits", ZipLimits(max_ratio=0), "zip_limits.max_ratio: expected a positive"),
]


@pytest.mark.parametrize("name", ["load", *sorted(READERS)])
@pytest.mark.parametrize(("option", "value", "message"), BAD_OPTIONS,
                         ids=[f"{o}-{i}" for i, (o, _, _) in enumerate(BAD_OPTIONS)])
def test_a_bad_option_is_a_parameter_error_naming_it(tmp_path, name, option, value, message):
    read = gi.load if name == "load" else getattr(gi.io, name)
    # The options are checked before any file is read: the path need not exist.
    with pytest.raises(ParameterError, match=re.escape(message)) as info:
        read(tmp_path / "missing.json", **{option: value})
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, GroepsinzichtError)


@pytest.mark.parametrize("name", ["load", *sorted(READERS)])
def test_a_bad_first_argument(tmp_path, name):
    read = gi.load if name == "load" else getattr(gi.io, name)
    with pytest.raises(ParameterTypeError, match=re.escape("source: expected a path")):
        read(42)
    with pytest.raises(ParameterTypeError, match=re.escape("expected paths in the list")):
        read([tmp_path, 42])
    with pytest.raises(GroepsinzichtError, match="an existing file or folder"):
        read(tmp_path / "nope.csv")


def test_an_empty_list_reads_nothing(tmp_path):
    with pytest.raises(UnknownFormatError, match="at least one path"):
        gi.io.read_graph_api([])
    assert gi.io.read_seen_by([]).height == 0  # a table with a fixed schema: empty


def test_org_ids_and_names_work_in_every_dataset_reader(tmp_path):
    feed = READERS["read_graph_api"](tmp_path)
    ds = gi.io.read_graph_api(feed, org_ids="9")  # one id as a string
    assert ds.members.filter(pl.col("is_organization")).get_column("member_id").to_list() \
        == ["9"]
    ds = gi.io.read_graph_api(feed, org_names=["Anna"])
    assert ds.members.get_column("is_organization").to_list() == [True]


def test_zip_limits_apply_to_every_reader(tmp_path):
    one = READERS["read_crowdtangle_history"](tmp_path / "a")
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.write(one, one.name)
    tight = ZipLimits(max_total_bytes=10)
    for read in (gi.io.read_crowdtangle_history, gi.io.read_graph_api, gi.load):
        with pytest.raises(gi.errors.UnsafeArchiveError):
            read(archive, zip_limits=tight)


def test_collect_mode_of_a_table_reader(tmp_path):
    bad = HISTORY + '"38\t","2021-07-05 20:55:29",x,"1",1x,,,\n'
    path = _write(tmp_path, "history_post_37.csv", bad, "utf-8-sig")
    with pytest.raises(gi.errors.MalformedRecordError, match="Timestep"):
        gi.io.read_crowdtangle_history(path)
    with pytest.warns(DataQualityWarning, match="1 row"):
        got = gi.io.read_crowdtangle_history(path, on_error="collect")
    assert got.get_column("post_id").to_list() == ["37"]


def test_collect_warning_points_at_the_caller(tmp_path):
    feed = _write(tmp_path, "feed.json", json.dumps({"data": [
        {"id": "1_1", "created_time": "yesterday"}]}))
    for read in (gi.load, gi.io.read_graph_api):
        with pytest.warns(DataQualityWarning) as record:
            read(feed, on_error="collect")
        assert record[0].filename == __file__
