from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
import pytest

import groepsinzicht as gi
from groepsinzicht.errors import DataQualityWarning


@pytest.fixture(scope="module")
def sample_report(sample_ds):
    return gi.report(sample_ds, lang="en", every="1mo")


def test_sections_in_order(sample_report):
    assert sample_report.sections == (
        "What the data hold", "Activity over time", "Best performing posts", "When to post",
        "Which formats work", "Conversation or broadcast?", "Content pillars (themes)",
        "Reach: group versus page", "Who talks with whom", "Assumptions")
    assert sample_report.html.count("<h2>") == len(sample_report.sections)
    assert sample_report.html.count("data:image/png;base64,") >= 7


def test_no_resident_names_or_texts(sample_ds, sample_report):
    page = sample_report.html
    residents = sample_ds.members.filter(~pl.col("is_organization"))
    names = residents.get_column("name").drop_nulls().unique().to_list()
    assert names, "the sample should have named residents to check against"
    assert not [n for n in names if n in page]
    org = sample_ds.members.filter(pl.col("is_organization")).get_column("member_id")
    texts = (sample_ds.comments.filter(~pl.col("author_id").is_in(org.to_list()))
             .get_column("message").drop_nulls().unique().to_list())
    assert not [t for t in texts if len(t) > 25 and t in page]


def test_dutch_and_saved(sample_ds, tmp_path):
    rep = gi.report(sample_ds, path=tmp_path / "r.html", last_days=14, every="1d")
    assert rep.path == tmp_path / "r.html"
    assert rep.path.read_text(encoding="utf-8") == rep.html
    assert rep.sections[0] == "Wat de gegevens bevatten"
    assert '<html lang="nl">' in rep.html
    assert repr(rep).startswith("<Report: 10 sections")


def test_separate_page_dataset(sample_ds):
    groups = sample_ds.filter(containers=sample_ds.containers.filter(
        pl.col("kind") == "group").get_column("container_id"))
    page = sample_ds.filter(containers=sample_ds.containers.filter(
        pl.col("kind") == "page").get_column("container_id"))
    rep = gi.report(groups, page=page, lang="en", every="1mo")
    assert "Reach: group versus page" in rep.sections
    assert "Gemeente Voorbeeldstad" in rep.html  # the page's row in the comparison


def test_empty_dataset_report():
    rep = gi.report(gi.Dataset.from_frames(), lang="en")
    assert rep.sections == ("What the data hold", "Activity over time", "Assumptions")
    assert "No data for this section." in rep.html


def test_window_outside_data(sample_ds):
    rep = gi.report(sample_ds, lang="en", since=datetime(2030, 1, 1, tzinfo=UTC))
    assert "No data for this section." in rep.html


@pytest.mark.parametrize("folder", ["crowdtangle_csv", "meta_business_suite_csv_nl",
                                    "dyi_json_2021_flat_anonymized"])
def test_report_on_real_exports(fixtures_dir, folder):
    # Real exports lack whole tables (no comments, no reactions, no join dates): the
    # report still renders, leaving out what has nothing behind it.
    ds = gi.load(fixtures_dir / folder)
    if folder.startswith("dyi"):
        # A personal export names no organisation: one warning for the whole report.
        with pytest.warns(DataQualityWarning, match="report: the organisation of 3") as rec:
            rep = gi.report(ds, lang="en")
        assert len([w for w in rec if "organisation" in str(w.message)]) == 1
    else:
        rep = gi.report(ds, lang="en")
    assert rep.sections[:3] == ("What the data hold", "Activity over time",
                                "Best performing posts")
    assert rep.sections[-1] == "Assumptions"
    assert ("Reach: group versus page" in rep.sections) == (
        ds.containers.filter(pl.col("kind") == "group").height > 0)
