from __future__ import annotations

import io
import re
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import polars as pl
import pytest
from matplotlib.figure import Figure

import groepsinzicht as gi
from groepsinzicht.errors import SchemaError
from groepsinzicht.plot import plot_response_times, plot_theme_coverage

if TYPE_CHECKING:
    from matplotlib.axes import Axes


def render(ax: Axes) -> None:
    # Drawing is where matplotlib warns about missing glyphs (warnings are errors here).
    ax.figure.savefig(io.BytesIO(), format="png", dpi=40)


def coverage() -> pl.DataFrame:
    months = [datetime(2024, m, 1, tzinfo=UTC) for m in (1, 2, 3)]
    return pl.DataFrame({
        "period_start": [m for m in months for _ in range(3)],
        "theme": ["afval 🗑️", "verkeer", "groen 🌳"] * 3,
        "posts": [2, 0, 1, 0, 0, 0, 4, 1, 0],
        "interactions": [10, 0, 3, 0, 0, 0, 40, 2, 0],
    }).with_columns(pl.col("period_start").dt.replace_time_zone(None)
                    .dt.replace_time_zone("Europe/Amsterdam"))


@pytest.mark.parametrize(
    ("lang", "metric", "title", "xlabel", "ylabel", "bar"),
    [
        ("nl", "posts", "Berichten per thema", "periode", "thema", "berichten"),
        ("en", "posts", "Posts per theme", "period", "theme", "posts"),
        ("nl", "interactions", "Interacties per thema", "periode", "thema", "interacties"),
        ("en", "interactions", "Interactions per theme", "period", "theme", "interactions"),
    ],
)
def test_theme_coverage_labels(lang: str, metric: str, title: str, xlabel: str,
                               ylabel: str, bar: str) -> None:
    ax = plot_theme_coverage(coverage(), metric=metric, lang=lang)  # type: ignore[arg-type]
    render(ax)
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) == (title, xlabel, ylabel)
    colorbar_ax = [a for a in ax.figure.axes if a is not ax]
    assert len(colorbar_ax) == 1
    assert colorbar_ax[0].get_ylabel() == bar


def test_theme_coverage_cells() -> None:
    ax = plot_theme_coverage(coverage(), lang="en")
    render(ax)
    # Emoji are dropped from the theme names; rows keep the coverage's theme order.
    assert [t.get_text() for t in ax.get_yticklabels()] == ["afval", "verkeer",
                                                                     "groen"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Jan 2024", "Feb 2024", "Mar 2024"]
    (image,) = ax.get_images()
    assert image.get_array().tolist() == [[2, 0, 4], [0, 0, 1], [1, 0, 0]]
    assert [t.get_text() for t in ax.texts] == ["2", "0", "4", "0", "0", "1", "1", "0", "0"]


def test_theme_coverage_interactions_metric() -> None:
    ax = plot_theme_coverage(coverage(), metric="interactions")
    (image,) = ax.get_images()
    assert image.get_array().tolist()[0] == [10, 0, 40]


def test_theme_coverage_draws_on_given_axes_and_handles_no_data() -> None:
    fig = Figure()
    ax = fig.add_subplot()
    empty = coverage().clear()
    assert plot_theme_coverage(empty, ax=ax, lang="en") is ax
    assert [t.get_text() for t in ax.texts] == ["no data"]
    assert ax.get_images() == []


def test_theme_coverage_rejects_bad_input() -> None:
    with pytest.raises(SchemaError, match=re.escape(
            "coverage: column 'posts': expected a column of that name, got none")):
        plot_theme_coverage(coverage().drop("posts"))
    with pytest.raises(ValueError, match=re.escape(
            "metric: expected 'posts' or 'interactions', got 'views'")):
        plot_theme_coverage(coverage(), metric="views")  # type: ignore[arg-type]


def responses() -> pl.DataFrame:
    return pl.DataFrame({"response_minutes": [0.5, 30.0, 60.0, 120.0, 1500.0, None, None,
                                              None]})


@pytest.mark.parametrize(
    ("lang", "title", "xlabel", "ylabel", "marks", "summary"),
    [
        ("nl", "Reactietijd van de organisatie op vragen van inwoners",
         "tijd tot het eerste antwoord (logaritmische schaal)", "vragen", ["1 uur", "24 uur"],
         "8 vragen: 38% binnen 1 uur, 50% binnen 24 uur, 38% onbeantwoord"),
        ("en", "Organisation response time to residents' questions",
         "time to the first answer (log scale)", "questions", ["1 hour", "24 hours"],
         "8 questions: 38% within 1 hour, 50% within 24 hours, 38% unanswered"),
    ],
)
def test_response_times_labels(lang: str, title: str, xlabel: str, ylabel: str,
                               marks: list[str], summary: str) -> None:
    ax = plot_response_times(responses(), lang=lang)  # type: ignore[arg-type]
    render(ax)
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) == (title, xlabel, ylabel)
    assert ax.get_legend_handles_labels()[1] == marks
    assert [t.get_text() for t in ax.texts] == [summary]


def test_response_times_histogram_and_marks() -> None:
    ax = plot_response_times(responses())
    assert ax.get_xscale() == "log"
    heights = [p.get_height() for p in ax.patches]
    assert len(heights) == 29
    assert sum(heights) == 5  # the answered questions; 0.5 minutes counts as 1
    assert [line.get_xdata()[0] for line in ax.get_lines()] == [60, 1440]


def test_response_times_without_answers() -> None:
    ax = plot_response_times(pl.DataFrame({"response_minutes": [None, None]},
                                          schema={"response_minutes": pl.Float64}),
                             lang="en")
    render(ax)
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["no answered questions",
                     "2 questions: 0% within 1 hour, 0% within 24 hours, 100% unanswered"]
    assert len(ax.patches) == 0
    empty = plot_response_times(pl.DataFrame({"response_minutes": []},
                                             schema={"response_minutes": pl.Float64}))
    assert empty.texts[-1].get_text() == (
        "0 vragen: – binnen 1 uur, – binnen 24 uur, – onbeantwoord"
    )


def test_response_times_rejects_bad_input() -> None:
    with pytest.raises(SchemaError, match=re.escape(
            "responses: column 'response_minutes': expected a column of that name")):
        plot_response_times(pl.DataFrame({"minutes": [1.0]}))


def test_bad_lang() -> None:
    with pytest.raises(ValueError, match=re.escape("lang: expected 'nl' or 'en', got 'de'")):
        plot_response_times(responses(), lang="de")  # type: ignore[arg-type]


def test_no_pyplot() -> None:
    plot_response_times(responses())
    plot_theme_coverage(coverage())
    assert "matplotlib.pyplot" not in sys.modules or not __import__(
        "matplotlib.pyplot").pyplot.get_fignums()


def test_theme_coverage_from_the_analysis_with_weekly_periods() -> None:
    posts = pl.DataFrame({
        "container_id": "g", "post_id": ["a", "b"], "message": ["Kliko vol", "Brand!"],
        "created_at": [datetime(2024, 4, 2, 10, tzinfo=UTC),
                       datetime(2024, 4, 16, 10, tzinfo=UTC)],
    })
    ds = gi.Dataset.from_frames(posts=posts, kind="group")
    ax = plot_theme_coverage(gi.theme_coverage(ds, every="1w"))
    render(ax)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1 apr. 2024", "8 apr. 2024",
                                                            "15 apr. 2024"]
    assert len(ax.get_yticklabels()) == len(gi.DEFAULT_THEMES.themes)
    (image,) = ax.get_images()
    assert image.get_array().sum() == 2
