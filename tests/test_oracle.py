"""The synthetic writers are an independent oracle: a planted reader mistake fails a round trip.

Before issue 9 the projections computed what a reader should give back with the reader's
own helpers, so a wrong header name or a wrong domain rule passed against itself. Each
test below first checks the round trip passes, then plants one mistake in a reader's rule
and checks the same round trip now fails.
"""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
import pytest

import groepsinzicht as gi
from groepsinzicht.io import _business_suite, _common, _json
from groepsinzicht.synth._write_business_suite import project_business_suite, write_business_suite
from groepsinzicht.synth._write_dyi import project_dyi, write_dyi
from groepsinzicht.synth._write_graph_api import project_graph_api, write_graph_api
from tests._helpers import assert_same

T = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def _page() -> gi.Dataset:
    return gi.Dataset.from_frames(
        containers=pl.DataFrame({"container_id": ["11"], "kind": ["page"],
                                 "name": ["Gemeente"]}),
        posts=pl.DataFrame({
            "container_id": ["11", "11"], "post_id": ["11_1", "11_2"],
            "created_at": [T, T.replace(day=2)], "message": ["Hallo", "Zie de video"],
            "post_type": ["photo", "link"],
            "link_url": [None, "https://youtu.be/abc"],
            "reported_reactions": [30, 4], "reported_comments": [2, 9],
            "reported_shares": [1, 0], "views": [500, 90], "reach": [400, 80],
        }),
    )


def _business_suite_round_trip(tmp_path) -> None:
    ds = _page()
    write_business_suite(ds, tmp_path, lang="nl")
    assert_same(gi.load(tmp_path), project_business_suite(ds, lang="nl"))


def _graph_api_round_trip(tmp_path) -> None:
    ds = _page()
    files = write_graph_api(ds, tmp_path)
    assert_same(gi.load(files), project_graph_api(ds))


def _dyi_round_trip(tmp_path) -> None:
    ds = gi.Dataset.from_frames(
        containers=pl.DataFrame({"container_id": ["g1"], "kind": ["group"],
                                 "name": ["Wijk Oost"]}),
        members=pl.DataFrame({"container_id": ["g1"], "member_id": ["m1"],
                              "name": ["Anna Jansen"], "joined_at": [T.replace(year=2023)]}),
        posts=pl.DataFrame({"container_id": ["g1"], "post_id": ["g1_1"],
                            "author_id": ["m1"], "created_at": [T], "message": ["Hoi"]}),
    )
    write_dyi(ds, tmp_path, owner_id="m1", layout="2021", lang="nl")
    assert_same(gi.load(tmp_path), project_dyi(ds, owner_id="m1", layout="2021"))


def test_round_trips_pass_with_the_readers_as_they_are(tmp_path):
    _business_suite_round_trip(tmp_path / "bs")
    _graph_api_round_trip(tmp_path / "graph")
    _dyi_round_trip(tmp_path / "dyi")


def test_a_wrong_dutch_business_suite_header_fails_the_round_trip(tmp_path, monkeypatch):
    # The classic mistake FORMATS.md §6.1 warns about: "Reacties" taken for comments.
    headers = dict(_business_suite.LANGUAGES["nl"]["headers"])
    headers["Reacties"], headers["Opmerkingen"] = "comments", "reactions"
    monkeypatch.setitem(_business_suite.LANGUAGES["nl"], "headers", headers)
    with pytest.raises(AssertionError, match="posts"):
        _business_suite_round_trip(tmp_path)


def test_a_wrong_domain_rule_fails_the_round_trip(tmp_path, monkeypatch):
    # A reader that forgets that youtu.be is YouTube.
    monkeypatch.setattr(_json, "_HOST_ALIASES", {})
    with pytest.raises(AssertionError, match="posts"):
        _graph_api_round_trip(tmp_path)


def test_a_wrong_derived_id_rule_fails_the_round_trip(tmp_path, monkeypatch):
    # A reader that joins the parts of a derived DYI id with another separator.
    monkeypatch.setattr(_common, "ID_SEPARATOR", "|")
    with pytest.raises(AssertionError, match="differs"):
        _dyi_round_trip(tmp_path)
