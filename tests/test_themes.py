from __future__ import annotations

import re
from datetime import UTC, datetime

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

import groepsinzicht as gi
from groepsinzicht.errors import ConfigError, FormatError
from groepsinzicht.themes import DEFAULT_THEMES, ThemeRules, assign_themes, theme_coverage

RULES = ThemeRules(
    keywords={
        "afval": ("*afval", "afvalbak*", "kliko*"),
        "verkeer": ("*verkeer", "verkeers*"),
        "sport": ("*voetbal*",),
        "ov": ("bus", "openbaar vervoer"),
    },
    patterns={"snelheid": (r"\b\d+\s?km/u\b",)},
)


def posts_ds(messages: list[str | None], **extra: list[object]) -> gi.Dataset:
    n = len(messages)
    frame = pl.DataFrame(
        {"container_id": "g", "post_id": [f"p{i}" for i in range(n)],
         "created_at": [datetime(2024, 5, 1, tzinfo=UTC)] * n, "message": messages,
         **extra},
        schema_overrides={"message": pl.String},
    )
    return gi.Dataset.from_frames(posts=frame, kind="group")


def themes_of(rules: ThemeRules, messages: list[str | None]) -> list[list[str]]:
    got = assign_themes(posts_ds(messages), rules)
    per_post = {pid: [] for pid in (f"p{i}" for i in range(len(messages)))}
    for _, pid, theme in got.rows():
        per_post[pid].append(theme)
    return list(per_post.values())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("De afvalbak is vol", ["afval"]),              # prefix keyword
        ("Restafval op dinsdag", ["afval"]),            # suffix keyword
        ("AFVAL!", ["afval"]),                          # whole word, any case
        ("Ik wil afvallen", []),                        # not a prefix keyword
        ("restafvalcontainer", []),                     # "*afval" needs the word end
        ("Kliko's buiten zetten", ["afval"]),
        ("Dat is verkeerd", []),                        # "verkeer*" is not a rule
        ("Sluipverkeer in de wijk", ["verkeer"]),
        ("Verkeersdrempels", ["verkeer"]),
        ("Jeugdvoetbaltoernooi", ["sport"]),            # infix keyword
        ("De bus rijdt om", ["ov"]),                    # whole word
        ("Business as usual", []),
        ("Brievenbus", []),
        ("Meer openbaar\nvervoer", ["ov"]),             # a space matches any white space
        ("Met 30 km/u door de wijk", ["snelheid"]),     # pattern
        ("Afvalbak bij de bushalte en 50km/u", ["afval", "snelheid"]),  # several themes
        ("Sluipverkeer en voetbal bij de bus", ["verkeer", "sport", "ov"]),
        ("Mooi weer", []),
        (None, []),
    ],
)
def test_assign_themes_true_and_false_positives(text: str | None,
                                                expected: list[str]) -> None:
    assert themes_of(RULES, [text]) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nieuwe afvalbakken bij de speeltuin", ["afval", "groen en spelen"]),
        ("Restafval wordt donderdag opgehaald", ["afval"]),
        ("Ik wil afvallen voor de zomer", []),
        ("Dat ging verkeerd", []),
        ("Natuurlijk kom ik", []),
        ("Boodschappen bij de supermarkt", []),
        ("Ik heb er vertrouwen in", []),
        ("Ik maak me zorgen", []),
        ("Wat een ongelukkige samenloop", []),
        ("Parkeervergunning aanvragen", ["verkeer en parkeren", "dienstverlening"]),
        ("Foutparkeren bij de school", ["verkeer en parkeren"]),
        ("Kerstmarkt op het plein", ["evenementen"]),
        ("Brand in de flat", ["veiligheid", "wonen en bouwen"]),
        ("Mantelzorgers bedankt", ["zorg en welzijn"]),
        ("Wmo-loket open", ["zorg en welzijn", "dienstverlening"]),
        ("Paspoort aanvragen? Maak een afspraak", ["dienstverlening"]),
        ("Met 30 km/u door de wijk", ["verkeer en parkeren"]),
        ("Code oranje vanavond", ["veiligheid"]),
        ("Nieuwbouw aan de rand van de stad", ["wonen en bouwen"]),
    ],
)
def test_default_themes(text: str, expected: list[str]) -> None:
    assert themes_of(DEFAULT_THEMES, [text]) == [expected]


def test_default_themes_are_the_eight_municipal_pillars() -> None:
    assert DEFAULT_THEMES.themes == (
        "afval", "verkeer en parkeren", "groen en spelen", "evenementen", "veiligheid",
        "wonen en bouwen", "zorg en welzijn", "dienstverlening",
    )
    assert all(len(DEFAULT_THEMES.keywords[t]) >= 20 for t in DEFAULT_THEMES.themes)


def test_assign_themes_rows_and_order() -> None:
    ds = posts_ds(["voetbal en afval", "niets", "bus"])
    want = pl.DataFrame({"container_id": ["g", "g", "g"], "post_id": ["p0", "p0", "p2"],
                         "theme": ["afval", "sport", "ov"]})
    assert_frame_equal(assign_themes(ds, RULES), want)


def test_assign_themes_on_no_posts() -> None:
    ds = gi.Dataset.from_frames(kind="group")
    got = assign_themes(ds, RULES)
    assert got.height == 0
    assert got.columns == ["container_id", "post_id", "theme"]


def u(month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(2024, month, day, hour, minute, tzinfo=UTC)


def coverage_ds() -> gi.Dataset:
    posts = pl.DataFrame({
        "container_id": ["g", "g", "g", "pg"],
        "post_id": ["a", "b", "c", "d"],
        # c is 00:30 on 1 April in Amsterdam, still 31 March in UTC.
        "created_at": [u(1, 15), u(1, 20), u(3, 31, 22, 30), u(2, 10)],
        "message": ["Afvalbak vol", "Restafval en sluipverkeer", "Sluipverkeer", "Mooi weer"],
        "reported_reactions": [3, None, None, 100],
        "reported_comments": [1, None, None, None],
        "reported_shares": [None, 2, None, None],
    })
    comments = pl.DataFrame({
        "container_id": "g", "comment_id": ["x", "y"], "post_id": ["c", "c"],
        "created_at": [u(4, 1), u(4, 2)],
    })
    counts = pl.DataFrame({"container_id": ["g"], "target_id": ["c"], "target_kind": ["post"],
                           "reaction_type": ["like"], "count": [5]})
    return gi.Dataset.from_frames(posts=posts, comments=comments, reaction_counts=counts,
                                  kind="group")


def test_theme_coverage_counts_and_zero_rows() -> None:
    rules = ThemeRules(keywords={"afval": ("*afval", "afvalbak*"),
                                 "verkeer": ("*verkeer",)})
    got = theme_coverage(coverage_ds(), rules)
    ams = "Europe/Amsterdam"
    want = pl.DataFrame({
        "period_start": [datetime(2024, m, 1, tzinfo=UTC) for m in (1, 1, 2, 2, 3, 3, 4, 4)],
        "theme": ["afval", "verkeer"] * 4,
        # a: 3 + 1 = 4 and b: 2 shares in January; c: 2 comments + 5 likes in April.
        "posts": [2, 1, 0, 0, 0, 0, 0, 1],
        "interactions": [6, 2, 0, 0, 0, 0, 0, 7],
    }).with_columns(pl.col("period_start").dt.replace_time_zone(None)
                    .dt.replace_time_zone(ams))
    assert_frame_equal(got, want)


def test_theme_coverage_time_zone_moves_the_period() -> None:
    rules = ThemeRules(keywords={"verkeer": ("*verkeer",)})
    got = theme_coverage(coverage_ds(), rules, tz="UTC")
    assert got.get_column("period_start").dt.month().to_list() == [1, 2, 3]
    assert got.get_column("posts").to_list() == [1, 0, 1]


def test_theme_coverage_weekly_periods_start_on_monday() -> None:
    got = theme_coverage(coverage_ds(), RULES, every="1w")
    starts = got.get_column("period_start").unique()
    assert (starts.dt.weekday() == 1).all()
    assert got.get_column("posts").sum() == 4  # a (afval), b (afval, verkeer), c (verkeer)
    assert got.height == starts.len() * len(RULES.themes)


def test_theme_coverage_without_posts() -> None:
    got = theme_coverage(gi.Dataset.from_frames(kind="group"), RULES)
    assert got.height == 0
    assert got.columns == ["period_start", "theme", "posts", "interactions"]


@given(st.lists(st.sampled_from(["afval", "verkeer", "bus", "voetbal", "niets", "kliko"]),
                min_size=1, max_size=30))
def test_coverage_posts_equal_assigned_rows(words: list[str]) -> None:
    ds = posts_ds(words)
    assert theme_coverage(ds, RULES).get_column("posts").sum() == assign_themes(
        ds, RULES).height


def test_rules_are_immutable_and_hashable() -> None:
    with pytest.raises(ConfigError, match="frozen"):
        RULES.keywords = {}  # type: ignore[misc]
    with pytest.raises(TypeError, match="does not support item assignment"):
        RULES.keywords["x"] = ("y",)  # type: ignore[index]
    assert hash(RULES) == hash(ThemeRules.model_validate(RULES.model_dump()))
    assert ThemeRules.model_validate(RULES.model_dump()) == RULES


def test_rules_extend_returns_new_rules() -> None:
    more = RULES.extend(keywords={"afval": ["*vuil"], "groen": ["*park"]},
                        patterns={"ov": [r"\btram\b"]})
    assert more.themes == ("afval", "verkeer", "sport", "ov", "groen", "snelheid")
    assert more.keywords["afval"] == ("*afval", "afvalbak*", "kliko*", "*vuil")
    assert "*vuil" not in RULES.keywords["afval"]
    assert themes_of(more, ["Grofvuil bij de tram"]) == [["afval", "ov"]]


@pytest.mark.parametrize(
    ("keywords", "patterns", "message"),
    [
        ({"a": ("*ab*",)}, {}, "theme 'a': keyword '*ab*': expected at least 3 characters "
                               "besides '*', got 2"),
        ({"a": ("af*val",)}, {}, "theme 'a': keyword 'af*val': expected a word with '*' "
                                 "only at its start or end"),
        ({"a": ("**",)}, {}, "theme 'a': keyword '**': expected a word"),
        ({"a": ()}, {}, "theme 'a': expected at least one keyword or pattern, got none"),
        ({" ": ("x",)}, {}, "theme names: expected a non-empty name"),
        ({}, {"a": ("(ab",)}, "theme 'a': pattern '(ab': expected a valid regular "
                              "expression (Rust regex syntax)"),
        ({}, {"a": (r"(?<=x)y",)}, "theme 'a': pattern '(?<=x)y': expected a valid regular"),
    ],
)
def test_invalid_rules(keywords: dict[str, tuple[str, ...]],
                       patterns: dict[str, tuple[str, ...]], message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        ThemeRules(keywords=keywords, patterns=patterns)


def test_rules_repr() -> None:
    assert repr(RULES) == (
        "ThemeRules(5 themes: afval (3 rules), verkeer (2 rules), sport (1 rule), "
        "ov (2 rules), snelheid (1 rule))"
    )
    html = DEFAULT_THEMES._repr_html_()
    assert html.count("<tr>") == 9
    assert "verkeer en parkeren" in html


def test_regex_of_unknown_theme() -> None:
    with pytest.raises(KeyError, match="nope"):
        RULES.regex("nope")


def test_sample_smoke() -> None:
    try:
        ds = gi.load_sample()
    except FormatError:
        pytest.skip("the bundled sample is not built yet")
    got = assign_themes(ds)
    assert set(got.get_column("theme").unique()) <= set(DEFAULT_THEMES.themes)
    cov = theme_coverage(ds)
    assert cov.get_column("posts").sum() == got.height
