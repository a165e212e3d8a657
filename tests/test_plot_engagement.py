from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import numpy as np
import polars as pl
import pytest
from matplotlib.figure import Figure

import groepsinzicht as gi
from groepsinzicht.errors import SchemaError
from groepsinzicht.plot import (
    plot_content_performance,
    plot_heatmap,
    plot_participation,
    plot_timeline,
)
from tests.test_engagement import dst, hand


@pytest.fixture(scope="module")
def ds() -> gi.Dataset:
    return hand()


def _texts(labels: list[object]) -> list[str]:
    return [t.get_text() for t in labels]  # type: ignore[attr-defined]


def _render(ax: object) -> None:
    """Draw the figure: glyph warnings only appear at draw time (and fail the test)."""
    ax.figure.savefig(io.BytesIO(), format="png")  # type: ignore[attr-defined]


# ----------------------------------------------------------------------- timeline
def test_plot_timeline_lines_and_labels(ds):
    tl = gi.timeline(ds, every="1w")
    ax = plot_timeline(tl)
    assert ax.get_title() == "Activiteit per periode"
    assert ax.get_xlabel() == "periode (begin, lokale tijd)"
    assert ax.get_ylabel() == "interacties"
    lines = ax.get_lines()
    assert len(lines) == 2  # g and pg
    assert [line.get_label() for line in lines] == ["g", "pg"]
    # One point per period row of each container.
    assert [len(line.get_xdata()) for line in lines] == [
        tl.filter(pl.col("container_id") == c).height for c in ("g", "pg")]
    assert list(lines[0].get_ydata()) == tl.filter(pl.col("container_id") == "g").get_column(
        "interactions").to_list()
    _render(ax)


def test_plot_timeline_english_and_column():
    ax = plot_timeline(gi.timeline(dst(), every="1d"), column="members", lang="en")
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) == (
        "Activity per period", "period (start, local time)", "members")
    # Local calendar days on the axis (naive wall-clock dates), not UTC instants.
    xs = ax.get_lines()[0].get_xdata()
    days = [datetime(2024, 3, 31, tzinfo=UTC), datetime(2024, 4, 1, tzinfo=UTC),
            datetime(2024, 4, 2, tzinfo=UTC)]
    assert list(xs) == [d.replace(tzinfo=None) for d in days]
    assert list(ax.get_lines()[0].get_ydata()) == [2, 3, 3]


def test_plot_timeline_draws_on_given_axes(ds):
    fig = Figure()
    given_ax = fig.add_subplot()
    assert plot_timeline(gi.timeline(ds), ax=given_ax) is given_ax


def test_plot_timeline_errors(ds):
    tl = gi.timeline(ds)
    with pytest.raises(ValueError, match=re.escape("column: expected one of ['posts'")):
        plot_timeline(tl, column="likes")  # type: ignore[arg-type]
    with pytest.raises(SchemaError, match=re.escape(
            "timeline: column 'period_start': expected a column of that name, got none")):
        plot_timeline(tl.drop("period_start"))
    with pytest.raises(ValueError, match=re.escape("lang: expected 'nl' or 'en', got 'de'")):
        plot_timeline(tl, lang="de")  # type: ignore[arg-type]


def test_plot_timeline_empty():
    ax = plot_timeline(gi.timeline(gi.Dataset.from_frames()), lang="en")
    assert ax.get_title() == "Activity per period"
    assert _texts(ax.texts) == ["no data"]
    assert len(ax.get_lines()) == 0


def test_plot_timeline_emoji_container_does_not_warn():
    ds = gi.Dataset.from_frames(
        posts=pl.DataFrame({"container_id": "Buurt 🎉", "post_id": "1",
                            "created_at": datetime(2024, 5, 1, tzinfo=UTC)}),
        kind="group")
    ax = plot_timeline(gi.timeline(ds))
    assert ax.get_lines()[0].get_label() == "Buurt "
    _render(ax)


# ----------------------------------------------------------------------- heat map
def test_plot_heatmap_grid_and_labels(ds):
    hm = gi.posting_heatmap(ds)
    ax = plot_heatmap(hm, min_posts=1)
    assert ax.get_title() == "Wanneer posten: betrokkenheid per weekdag en uur"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("uur (lokale tijd)", "weekdag")
    assert _texts(ax.get_yticklabels()) == ["ma", "di", "wo", "do", "vr", "za", "zo"]
    images = ax.get_images()
    assert len(images) == 1
    grid = images[0].get_array()
    assert grid.shape == (7, 24)
    # Five cells hold posts; the rest are blank (masked).
    assert int(np.ma.count(grid)) == 5
    assert grid[5, 10] == 3.0  # Saturday 10:00, median of 6 and 0
    # The colour bar is a second Axes of the same figure.
    bar_ax = ax.figure.axes[1]
    assert bar_ax.get_ylabel() == "mediaan per bericht"
    _render(ax)


def test_plot_heatmap_masks_cells_with_few_posts(ds):
    hm = gi.posting_heatmap(ds)
    ax = plot_heatmap(hm, min_posts=2)
    grid = ax.get_images()[0].get_array()
    # Only Saturday 10:00 has two posts; the single-post cells are blank.
    assert int(np.ma.count(grid)) == 1
    assert grid[5, 10] == 3.0
    assert _texts(ax.texts) == ["leeg: minder dan 2 berichten in dat uur"]
    assert int(np.ma.count(plot_heatmap(hm).get_images()[0].get_array())) == 0
    with pytest.raises(gi.errors.ParameterError, match="min_posts: expected"):
        plot_heatmap(hm, min_posts=0)


def test_plot_heatmap_posts_in_english(ds):
    ax = plot_heatmap(gi.posting_heatmap(ds), value="posts", lang="en")
    assert ax.get_title() == "When posts go out: posts by weekday and hour"
    assert _texts(ax.get_yticklabels())[0] == "Mon"
    assert ax.figure.axes[1].get_ylabel() == "posts"
    grid = ax.get_images()[0].get_array()
    assert grid[5, 10] == 2.0
    assert float(grid.sum()) == 6.0


def test_plot_heatmap_bad_value(ds):
    with pytest.raises(ValueError, match=re.escape("value: expected one of ['median', ")):
        plot_heatmap(gi.posting_heatmap(ds), value="mean")  # type: ignore[arg-type]


# ----------------------------------------------------------------------- formats
def test_plot_content_performance_bars(ds):
    cp = gi.content_performance(ds)
    ax = plot_content_performance(cp)
    assert ax.get_title() == "Welke vormen werken"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("mediaan interacties per bericht", "vorm")
    assert len(ax.patches) == cp.height == 5
    assert _texts(ax.get_yticklabels()) == ["tekst", "foto", "eigen video",
                                            "YouTube/Vimeo-link", "link"]
    assert [p.get_width() for p in ax.patches] == [4.0, 15.0, 115.0, 13.0, 0.0]
    assert [t.get_text() for t in ax.texts] == [
        "1 bericht", "1 bericht", "1 bericht", "2 berichten", "1 bericht"]
    _render(ax)


def test_plot_content_performance_english_rate(ds):
    cp = gi.content_performance(ds, by="post_type")
    ax = plot_content_performance(cp, value="engagement_rate_median", lang="en")
    assert ax.get_title() == "Which formats work"
    assert ax.get_xlabel() == "median engagement rate (per reach or per member)"
    assert ax.get_ylabel() == "post type"
    assert _texts(ax.get_yticklabels()) == ["text", "photo", "native video", "link"]
    assert len(ax.patches) == 4


def test_plot_content_performance_empty():
    ax = plot_content_performance(gi.content_performance(gi.Dataset.from_frames()))
    assert _texts(ax.texts) == ["geen gegevens"]
    assert len(ax.patches) == 0


# ----------------------------------------------------------------------- Lorenz curve
def test_plot_participation_lorenz(ds):
    activity = gi.member_activity(ds)
    ax = plot_participation(activity, inequality=gi.participation_inequality(ds))
    assert ax.get_title() == "Wie draagt bij (Lorenz-curve)"
    assert ax.get_xlabel() == "aandeel leden (minst actief eerst)"
    assert ax.get_ylabel() == "aandeel van alle bijdragen"
    lines = ax.get_lines()
    assert len(lines) == 3  # the diagonal, g and pg
    assert [line.get_label() for line in lines] == [
        "iedereen even actief", "g (Gini 0,40)", "pg (Gini 0,50)"]
    # g: contributions 0, 1, 3, 5, 5 of 14.
    np.testing.assert_allclose(lines[1].get_xdata(), [0, 0.2, 0.4, 0.6, 0.8, 1.0])
    np.testing.assert_allclose(lines[1].get_ydata(), [0, 0, 1 / 14, 4 / 14, 9 / 14, 1.0])
    _render(ax)


def test_plot_participation_names(ds):
    ax = plot_participation(gi.member_activity(ds), inequality=gi.participation_inequality(ds),
                            names={"g": "Wijk Oost"}, lang="en")
    assert [line.get_label() for line in ax.get_lines()][1:] == [
        "Wijk Oost (Gini 0.40)", "pg (Gini 0.50)"]


def test_plot_participation_english_skips_silent_containers():
    ds = gi.Dataset.from_frames(
        members=pl.DataFrame({"container_id": ["quiet", "quiet"], "member_id": ["a", "b"]}),
        kind="group")
    ax = plot_participation(gi.member_activity(ds), lang="en")
    assert ax.get_title() == "Who contributes (Lorenz curve)"
    assert ax.get_xlabel() == "share of members (least active first)"
    assert [line.get_label() for line in ax.get_lines()] == ["everyone equally active"]


def test_plot_participation_needs_member_activity(ds):
    with pytest.raises(SchemaError, match=re.escape(
            "member_activity: column 'posts': expected a column of that name, got none")):
        plot_participation(gi.participation_inequality(ds))


def test_timeline_legend_uses_names():
    from datetime import datetime

    import polars as pl

    from groepsinzicht.plot import plot_timeline

    tl = pl.DataFrame({"container_id": ["g", "h"], "period_start": [datetime(2024, 5, 6)] * 2,  # noqa: DTZ001
                       "interactions": [1, 2]})
    ax = plot_timeline(tl, names={"g": "Wijk Oost 🌳"}, lang="en")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Wijk Oost ", "h"]
