from __future__ import annotations

import re
import sys
from datetime import UTC, datetime, timedelta

import polars as pl
import pytest
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure

import groepsinzicht as gi
from groepsinzicht.errors import SchemaError
from groepsinzicht.plot import plot_group_growth, plot_reach_comparison, plot_reach_curve

T0 = datetime(2024, 1, 1, tzinfo=UTC)
MODEL = gi.NotificationModel()


def _growing_group() -> gi.Dataset:
    """300 members joining one a day; a post by a member every 50 days."""
    members = pl.DataFrame({"container_id": "g", "member_id": [f"m{i}" for i in range(300)],
                            "joined_at": [T0 + timedelta(days=i) for i in range(300)]})
    posts = pl.DataFrame({"container_id": "g", "post_id": [f"p{d}" for d in range(0, 300, 50)],
                          "author_id": "m0",
                          "created_at": [T0 + timedelta(days=d, hours=1)
                                         for d in range(0, 300, 50)]})
    return gi.Dataset.from_frames(members=members, posts=posts, kind="group")


def _page() -> gi.Dataset:
    return gi.Dataset.from_frames(
        containers=pl.DataFrame({"container_id": ["p"], "kind": "page",
                                 "name": ["Gemeente Voorbeeldstad 🎉"]}),
        posts=pl.DataFrame({"container_id": "p", "post_id": ["a", "b", "c"],
                            "created_at": [T0, T0, T0], "reach": [90, 120, 400]}))


def _legend_texts(ax: Axes) -> list[str]:
    legend = ax.get_legend()
    assert legend is not None
    return [t.get_text() for t in legend.get_texts()]


def test_reach_curve_artists_threshold_and_page_line():
    curve = gi.reach_curve(MODEL, sizes=range(1, 400))
    ax = plot_reach_curve(curve, page_median=143.0, lang="en")
    assert isinstance(ax, Axes)
    (line, vline, hline) = ax.get_lines()
    assert list(line.get_xdata()) == list(range(1, 400))
    assert list(vline.get_xdata()) == [250, 250]  # the cliff, found on the curve
    assert list(hline.get_ydata()) == [143.0, 143.0]
    assert any(isinstance(c, PolyCollection) for c in ax.collections)  # the interval band
    assert _legend_texts(ax) == ["5–95% interval (assumptions)", "expected",
                                 "threshold: 250 members", "page median reach (143)"]
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == (
        "members in the group", "expected members notified per post",
        "Notification reach by group size")


def test_reach_curve_dutch_labels_and_explicit_threshold():
    ax = plot_reach_curve(gi.reach_curve(MODEL, sizes=range(1, 50)), threshold=30)
    assert ax.get_xlabel() == "leden in de groep"
    assert ax.get_title() == "Meldingsbereik per groepsgrootte"
    assert "drempel: 30 leden" in _legend_texts(ax)


def test_reach_curve_at_join_has_no_cliff_and_uses_given_axes():
    fig = Figure()
    given_ax = fig.add_subplot()
    curve = gi.reach_curve(gi.NotificationModel(size_basis="at_join"), sizes=range(1, 400))
    ax = plot_reach_curve(curve, ax=given_ax)
    assert ax is given_ax
    assert len(ax.get_lines()) == 1


def test_reach_curve_requires_columns_and_language():
    with pytest.raises(SchemaError, match=re.escape("reach_curve: column 'low'")):
        plot_reach_curve(pl.DataFrame({"members": [1], "expected_notified": [0.0]}))
    with pytest.raises(ValueError, match=re.escape("lang: expected 'nl' or 'en', got 'de'")):
        plot_reach_curve(gi.reach_curve(MODEL, sizes=[1]), lang="de")  # type: ignore[arg-type]


def test_reach_comparison_artists_and_labels():
    cmp = gi.compare_reach(_growing_group(), _page(), MODEL)
    ax = plot_reach_comparison(cmp, lang="en")
    # One scatter per container, one median bar each.
    offsets = [c.get_offsets() for c in ax.collections]
    assert sorted(len(o) for o in offsets) == [3, 6]
    assert len(ax.get_lines()) == 2
    assert [t.get_text() for t in ax.get_yticklabels()] == ["g", "Gemeente Voorbeeldstad "]
    assert ax.get_xlabel() == "reach per post"
    assert _legend_texts(ax) == ["group (modelled)", "median", "page (observed or estimated)"]
    assert any(t.get_text() == f"break-even at a group of {cmp.break_even_members} members"
               for t in ax.texts)
    nl = plot_reach_comparison(cmp)
    assert nl.get_xlabel() == "bereik per bericht"
    assert nl.get_title() == "Groep versus pagina: bereik per bericht"


def test_reach_comparison_has_no_plot_method_and_no_break_even():
    cmp = gi.compare_reach(_growing_group(), _growing_group(), MODEL)
    assert not hasattr(cmp, "plot")  # results do not draw: plot_reach_comparison does
    ax = plot_reach_comparison(cmp, lang="nl")
    assert isinstance(ax, Axes)
    assert any(t.get_text() == "geen groepsgrootte haalt het paginabereik" for t in ax.texts)


def test_group_growth_artists_and_labels():
    reach = gi.notification_reach(_growing_group(), MODEL)
    fig = plot_group_growth(reach, names={"g": "Wijk Oost"}, lang="en")
    assert isinstance(fig, Figure)
    (ax,) = fig.axes
    assert ax.get_title(loc="left") == "Wijk Oost"
    lines = ax.get_lines()
    members_line = lines[0]
    assert list(members_line.get_ydata()) == [1, 51, 101, 151, 201, 251]
    assert members_line.get_drawstyle() == "steps-post"
    assert [ln for ln in lines if list(ln.get_ydata()) == [250, 250]]  # the threshold
    assert sorted(_legend_texts(ax)) == sorted([
        "members", "notified per post (estimated)", "threshold: 250 members",
        "5–95% interval (assumptions)"])
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("date", "members")
    nl = plot_group_growth(reach, threshold=100)
    assert nl.get_suptitle() == "Groei van de groep en gemodelleerd bereik per bericht"
    assert nl.axes[0].get_title(loc="left") == "g"  # no names: the id
    assert "drempel: 100 leden" in _legend_texts(nl.axes[0])


def test_group_growth_one_panel_per_group():
    one = gi.notification_reach(_growing_group(), MODEL)
    two = pl.concat([one, one.with_columns(pl.lit("h").alias("container_id"))])
    fig = plot_group_growth(two, names={"g": "Wijk Oost", "h": "Noord"})
    assert [ax.get_title(loc="left") for ax in fig.axes] == ["Wijk Oost", "Noord"]
    assert not hasattr(plot_group_growth, "ax")
    with pytest.raises(TypeError):
        plot_group_growth(two, ax=None)  # type: ignore[call-arg]
    with pytest.raises(gi.errors.ParameterError, match="threshold: expected"):
        plot_group_growth(two, threshold=0)


def test_group_growth_without_sizes_says_so():
    reach = gi.notification_reach(_growing_group(), MODEL).clear()
    fig = plot_group_growth(reach, lang="en")
    assert [t.get_text() for t in fig.axes[0].texts] == ["no data"]


def test_plots_do_not_use_pyplot():
    plot_reach_curve(gi.reach_curve(MODEL, sizes=[1, 2]))
    assert "matplotlib.pyplot" not in sys.modules or not sys.modules[
        "matplotlib.pyplot"].get_fignums()
