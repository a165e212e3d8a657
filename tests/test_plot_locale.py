"""Plots written the reader's way: months, thousands and durations in words."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl

import groepsinzicht as gi
from groepsinzicht import plot
from groepsinzicht.plot._base import fmt_int, month_label


def test_month_and_number_helpers():
    assert month_label(datetime(2024, 5, 1, tzinfo=UTC), "nl") == "mei 2024"
    assert month_label(datetime(2024, 3, 1, tzinfo=UTC), "en") == "Mar 2024"
    assert fmt_int(12000, "nl") == "12.000"
    assert fmt_int(12000, "en") == "12,000"


def test_timeline_axis_names_months(sample_ds):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    ax = plot.plot_timeline(gi.timeline(sample_ds, every="1w"))
    FigureCanvasAgg(ax.figure).draw()
    ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert ticks and all(t.endswith("2024") for t in ticks)
    assert "mrt. 2024" in ticks or "apr. 2024" in ticks
    assert not [t for t in ticks if "-" in t]


def test_response_time_ticks_in_words():
    responses = pl.DataFrame({"response_minutes": [5.0, 90.0, 3000.0, None]})
    nl = plot.plot_response_times(responses)
    assert [t.get_text() for t in nl.get_xticklabels()] == [
        "1 min", "10 min", "1 uur", "4 uur", "1 dag", "1 week"]
    en = plot.plot_response_times(responses, lang="en")
    assert [t.get_text() for t in en.get_xticklabels()][2:4] == ["1 hour", "4 hours"]


def test_reach_comparison_writes_dutch_thousands(sample_ds):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    cmp = gi.compare_reach(sample_ds, sample_ds, gi.NotificationModel())
    ax = plot.plot_reach_comparison(cmp)
    FigureCanvasAgg(ax.figure).draw()
    n = cmp.break_even_members
    assert n is not None and n >= 1000
    assert any(t.get_text() == f"gelijk bij een groep van {fmt_int(n, 'nl')} leden"
               for t in ax.texts)
    ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert any("." in t for t in ticks) and not any("," in t for t in ticks)


def test_lorenz_axes_in_percent(sample_ds):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    ax = plot.plot_participation(gi.member_activity(sample_ds))
    FigureCanvasAgg(ax.figure).draw()
    assert [t.get_text() for t in ax.get_xticklabels()][-1] == "100%"
