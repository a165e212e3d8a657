from __future__ import annotations

import importlib
from datetime import UTC, datetime, timedelta

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

import groepsinzicht as gi
from groepsinzicht.dialogue import (
    QUESTION_WORDS_EN,
    QUESTION_WORDS_NL,
    _comment_tree,
    _is_question,
    conversation,
    open_questions,
    question_responses,
)
from groepsinzicht.errors import DataQualityWarning, FormatError

T0 = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)


def t(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


# Comments: (id, post, parent, author, minutes after T0, message). The expected values
# of the tests below are worked out by hand from this table (see the comments there).
COMMENTS = [
    # p1, an organisation post: a deep thread.
    ("c1", "p1", None, "r1", 10, "Wanneer precies?"),              # question, depth 1
    ("c2", "p1", "c1", "org", 40, "Vanaf 12 uur."),                # answers c1 (30 min)
    ("c3", "p1", "c1", "r2", 50, "Ik ben benieuwd"),               # r2 -> r1: exchange
    ("c4", "p1", "c2", "r1", 60, "Hoe laat gaat het open"),        # question, depth 3
    ("c5", "p1", "c3", "org", 180, "Om 12 uur"),                   # answers c4 (120 min)
    ("c19", "p1", "c5", "r2", 190, "Top"),                         # depth 4
    ("c20", "p1", "c19", "r1", 200, "Wie gaat er mee?"),           # question, depth 5
    # p2, a resident's question post: answered after 1500 minutes.
    ("c6", "p2", None, "r3", 110, "Geen idee!"),
    ("c7", "p2", None, "org", 1600, "Bij de milieustraat."),
    ("c8", "p2", "c7", "r3", 1700, "Dank!"),
    # p3: the organisation's reply before the question does not answer it.
    ("c9", "p3", None, "org", 210, "Wat bedoelt u precies?"),      # org: no question
    ("c13", "p3", "c9", "org", 215, "Graag gedaan"),
    ("c10", "p3", "c9", "r1", 220, "Is er volgend jaar weer een feest?"),
    ("c11", "p3", "c9", "r2", 230, "Zeker weten"),
    ("c12", "p3", "c10", None, 240, "Wie weet"),                   # hidden: no question
    # p5, an organisation post nobody from the organisation answered in.
    ("c22", "p5", None, "r2", 410, "Balen"),
    # p6, by "staff" (organisation only when passed as org_ids).
    ("c14", "p6", None, "r1", 510, "Is dat zo?"),
    ("c15", "p6", "c14", "staff", 520, "Ja"),
    # p7, by a hidden author.
    ("c16", "p7", None, "org", 610, "Dank voor uw melding"),
    # p8: a top-level organisation comment answers the post, not comment c17.
    ("c17", "p8", None, "r1", 705, "WAAROM pas zo laat"),
    ("c18", "p8", None, "org", 760, "Om 10 uur"),                  # answers p8 (60 min)
    ("c21", "p8", "gone", "r4", 770, None),                        # parent missing: depth 2
    # A comment on a post the export lacks: left out.
    ("c23", "missing", None, "r1", 800, "Hoe zit dat?"),
]

POSTS = [
    # (id, author, minutes, message, reported_comments)
    ("p1", "org", 0, "Het park gaat open.", None),
    ("p2", "r1", 100, "Kan iemand zeggen waar ik mijn kliko kwijt kan", None),
    ("p3", "r2", 200, "Wat een mooi feest was het! 🎉", None),
    ("p4", "r3", 300, "Check https://gemeente.nl/afval?wijk=3", 5),
    ("p5", "org", 400, "Let op: de weg is dicht", None),
    ("p6", "staff", 500, "Wij zijn er", None),
    ("p7", None, 600, "Waarom is dit zo?", None),
    ("p8", "r4", 700, "What time does it start?", None),
    ("p9", "r4", 800, "Mooi weer", 0),
]


def hand() -> gi.Dataset:
    posts = pl.DataFrame(
        {
            "container_id": ["g"] * len(POSTS) + ["pg"],
            "post_id": [p[0] for p in POSTS] + ["q1"],
            "author_id": [p[1] for p in POSTS] + ["org"],
            "created_at": [t(p[2]) for p in POSTS] + [t(0)],
            "message": [p[3] for p in POSTS] + ["Nieuwe openingstijden"],
            "reported_comments": [p[4] for p in POSTS] + [None],
        },
        schema_overrides={"reported_comments": pl.Int64},
    )
    comments = pl.DataFrame(
        {
            "container_id": "g",
            "comment_id": [c[0] for c in COMMENTS],
            "post_id": [c[1] for c in COMMENTS],
            "parent_id": [c[2] for c in COMMENTS],
            "author_id": [c[3] for c in COMMENTS],
            "created_at": [t(c[4]) for c in COMMENTS],
            "message": [c[5] for c in COMMENTS],
        }
    )
    members = pl.DataFrame(
        {"container_id": ["g", "pg"], "member_id": ["org", "org"],
         "is_organization": [True, True]}
    )
    containers = pl.DataFrame(
        {"container_id": ["g", "pg", "empty"], "kind": ["group", "page", "group"]}
    )
    # "org" is on the organisation list: the organisation of every container.
    return gi.Dataset.from_frames(posts=posts, comments=comments, members=members,
                                  containers=containers, org_ids=["org"])


SCHEMA = {
    "container_id": pl.String, "posts": pl.Int64, "share_commented": pl.Float64,
    "share_member_exchange": pl.Float64, "participants_per_thread": pl.Float64,
    "mean_thread_depth": pl.Float64, "max_thread_depth": pl.Int64,
    "org_dialogue_ratio": pl.Float64, "questions": pl.Int64,
    "org_response_minutes_median": pl.Float64, "answered_1h": pl.Float64,
    "answered_24h": pl.Float64, "answered_24h_office": pl.Float64, "unanswered": pl.Float64,
}


def expected_row(**g: object) -> pl.DataFrame:
    # The page: one organisation post, no comments, no questions; "empty": no posts.
    pg = {"container_id": "pg", "posts": 1, "share_commented": 0.0,
          "share_member_exchange": 0.0, "participants_per_thread": None,
          "mean_thread_depth": None, "max_thread_depth": None, "org_dialogue_ratio": None,
          "questions": 0, "org_response_minutes_median": None, "answered_1h": None,
          "answered_24h": None, "answered_24h_office": None, "unanswered": None}
    empty = dict(pg, container_id="empty", posts=0, share_commented=None,
                 share_member_exchange=None)
    return pl.DataFrame([empty, g, pg], schema=SCHEMA)


def test_conversation_hand_computed() -> None:
    got = conversation(hand())
    want = expected_row(
        container_id="g",
        posts=9,
        # p1-p8 have comments (p4 only reported ones); p9 has none.
        share_commented=8 / 9,
        # p1 (c3: r2 -> r1) and p6 (c15: staff -> r1; staff is a resident here).
        share_member_exchange=2 / 9,
        # threads p1 (r1, r2, org), p2 (r3, org), p3 (org, r1, r2; hidden not counted),
        # p5 (r2), p6 (r1, staff), p7 (org), p8 (r1, org, r4).
        participants_per_thread=15 / 7,
        # deepest comments: p1 5 (c1>c2... c20 via c3, c5, c19), p2 2, p3 3, p5 1,
        # p6 2, p7 1, p8 1 (c21's parent is missing: a broken thread, taken as
        # top-level).
        mean_thread_depth=15 / 7,
        max_thread_depth=5,
        # organisation posts others commented on: p1 (org answered), p5 (it did not).
        org_dialogue_ratio=0.5,
        # p2, p8, c1, c4, c10, c14, c17, c20.
        questions=8,
        # answered: c1 30, p8 60, c4 120, p2 1500 -> median 90.
        org_response_minutes_median=90.0,
        answered_1h=2 / 8,
        answered_24h=3 / 8,
        # in office time p2 waited 540 minutes (a night between): 4 within 24 hours.
        answered_24h_office=4 / 8,
        unanswered=4 / 8,
    )
    assert_frame_equal(got, want)


def test_conversation_org_ids_adds_organisation_accounts() -> None:
    got = conversation(hand(), org_ids=["staff"]).filter(pl.col("container_id") == "g")
    want = expected_row(
        container_id="g", posts=9, share_commented=8 / 9,
        # c15 is now the organisation's: only p1 keeps an exchange.
        share_member_exchange=1 / 9,
        participants_per_thread=15 / 7, mean_thread_depth=15 / 7, max_thread_depth=5,
        # p6 is an organisation post now, and staff answered in it.
        org_dialogue_ratio=2 / 3,
        questions=8,
        # c14 answered by staff after 10 minutes: 10, 30, 60, 120, 1500.
        org_response_minutes_median=60.0,
        answered_1h=3 / 8, answered_24h=4 / 8, answered_24h_office=5 / 8, unanswered=3 / 8,
    ).filter(pl.col("container_id") == "g")
    assert_frame_equal(got, want)


def test_question_responses_lists_every_question_with_its_answer() -> None:
    got = question_responses(hand())
    want = pl.DataFrame(
        {
            "container_id": ["g"] * 8,
            "post_id": ["p1", "p1", "p2", "p1", "p3", "p6", "p8", "p8"],
            "comment_id": ["c1", "c4", None, "c20", "c10", "c14", None, "c17"],
            "author_id": ["r1", "r1", "r1", "r1", "r1", "r1", "r4", "r1"],
            "created_at": [t(10), t(60), t(100), t(200), t(220), t(510), t(700), t(705)],
            "message": ["Wanneer precies?", "Hoe laat gaat het open",
                        "Kan iemand zeggen waar ik mijn kliko kwijt kan", "Wie gaat er mee?",
                        "Is er volgend jaar weer een feest?", "Is dat zo?",
                        "What time does it start?", "WAAROM pas zo laat"],
            "answer_id": ["c2", "c5", "c7", None, None, None, "c18", None],
            "answered_at": [t(40), t(180), t(1600), None, None, None, t(760), None],
            "response_minutes": [30.0, 120.0, 1500.0, None, None, None, 60.0, None],
            # Wednesday 10:00 CEST is T0; p2 waited from Wednesday 11:40 to Thursday
            # 12:40: 320 + 220 office minutes; p8 was asked and answered in the evening.
            "office_response_minutes": [30.0, 120.0, 540.0, None, None, None, 0.0, None],
            "organization_known": [True] * 8,
        },
        schema_overrides={"created_at": pl.Datetime("us", "UTC"),
                          "answered_at": pl.Datetime("us", "UTC")},
    )
    assert_frame_equal(got, want)


def test_open_questions_are_the_unanswered_ones() -> None:
    got = open_questions(hand())
    assert got.columns == ["container_id", "post_id", "comment_id", "author_id",
                           "created_at", "message"]
    assert got.get_column("comment_id").to_list() == ["c20", "c10", "c14", "c17"]
    staff = open_questions(hand(), org_ids=["staff"])
    assert staff.get_column("comment_id").to_list() == ["c20", "c10", "c17"]


def _ds(posts: list[tuple[str, str | None, float, str | None]],
        comments: list[tuple[str, str, str | None, str | None, float, str | None]],
        ) -> gi.Dataset:
    """A one-group dataset; ``org`` is the organisation."""
    p = pl.DataFrame(
        {"container_id": "g", "post_id": [x[0] for x in posts],
         "author_id": [x[1] for x in posts], "created_at": [t(x[2]) for x in posts],
         "message": [x[3] for x in posts]},
        schema_overrides={"author_id": pl.String, "message": pl.String},
    )
    c = pl.DataFrame(
        {"container_id": "g", "comment_id": [x[0] for x in comments],
         "post_id": [x[1] for x in comments], "parent_id": [x[2] for x in comments],
         "author_id": [x[3] for x in comments],
         "created_at": [t(x[4]) for x in comments], "message": [x[5] for x in comments]},
        schema_overrides={"parent_id": pl.String, "author_id": pl.String,
                          "message": pl.String},
    ) if comments else None
    members = pl.DataFrame({"container_id": ["g"], "member_id": ["org"],
                            "is_organization": [True]})
    return gi.Dataset.from_frames(posts=p, comments=c, members=members, kind="group",
                                  org_ids=["org"])


def test_answer_by_a_resident_does_not_count() -> None:
    ds = _ds([("p", "r1", 0, "Waar is het loket?")],
             [("a", "p", None, "r2", 5, "Bij het station"),
              ("b", "p", "a", "r3", 6, "Klopt")])
    got = question_responses(ds)
    assert got.get_column("answer_id").to_list() == [None]
    assert conversation(ds).select("questions", "unanswered").row(0) == (1, 1.0)


def test_post_question_takes_the_first_organisation_comment_even_a_reply() -> None:
    ds = _ds([("p", "r1", 0, "Wanneer komt de bus?")],
             [("a", "p", None, "r2", 5, "Geen idee"),
              ("b", "p", "a", "org", 90, "Om 9 uur"),
              ("c", "p", None, "org", 100, "Om 9 uur")])
    assert question_responses(ds).select("answer_id", "response_minutes").row(0) == ("b", 90.0)


def test_reply_to_the_question_answers_it_despite_a_clock_skew() -> None:
    # An export's clock says the reply came before the question: it is still its answer,
    # after 0 minutes.
    ds = _ds([("p", "org", 0, "Nieuws")],
             [("q", "p", None, "r1", 50, "Hoe kan dat?"),
              ("a", "p", "q", "org", 49, "Zo")])
    assert question_responses(ds).select("answer_id", "response_minutes").row(0) == ("a", 0.0)


def test_top_level_org_comment_does_not_answer_a_question_comment() -> None:
    ds = _ds([("p", "org", 0, "Nieuws")],
             [("q", "p", None, "r1", 5, "Hoe kan dat?"),
              ("a", "p", None, "org", 10, "Zie de website")])
    assert question_responses(ds).get_column("answer_id").to_list() == [None]


def test_later_reply_under_same_top_level_answers_a_reply_question() -> None:
    # q is a reply to a; the organisation answers with a reply to a (not to q), later.
    ds = _ds([("p", "r9", 0, "Foto van de markt")],
             [("a", "p", None, "r2", 5, "Mooi"),
              ("early", "p", "a", "org", 6, "Dank"),
              ("q", "p", "a", "r1", 10, "Is de markt elke week"),
              ("ans", "p", "a", "org", 70, "Ja, elke zaterdag"),
              ("other", "p", None, "org", 11, "Welkom allemaal")])
    got = question_responses(ds)
    assert got.select("comment_id", "answer_id", "response_minutes").rows() == [
        ("q", "ans", 60.0)
    ]
    # 60 minutes exactly is within the hour.
    assert conversation(ds).select("answered_1h", "answered_24h").row(0) == (1.0, 1.0)


def test_answer_at_1441_minutes_is_outside_24h() -> None:
    ds = _ds([("p", "r1", 0, "Hoe laat?")], [("a", "p", None, "org", 1441, "9 uur")])
    row = conversation(ds).select("answered_1h", "answered_24h", "unanswered",
                                  "org_response_minutes_median").row(0)
    assert row == (0.0, 0.0, 0.0, 1441.0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wanneer gaat het zwembad open", True),       # Dutch question word, no mark
        ("wanneer gaat het open!", False),             # ends with "!"
        ("Wat mooi! 😍", False),                        # "!" before trailing emoji
        ("Wat mooi!!!  😍🎉 ", False),
        ("😀 Hoe laat?", True),
        ("🤔 hoe laat begint het", True),              # emoji before the word
        ("🇳🇱 Wie komt er", True),                      # flag emoji
        ("“Wie weet dit", True),                       # leading quote
        ("'kan dat", True),
        ("IS DIT NORMAAL", True),                      # case-insensitive
        ("Welke dag", True),
        ("Welkom allemaal", False),                    # "welk" is not a word here
        ("Kanaal is vies", False),                     # "kan" only as a whole word
        ("Isolatie subsidie", False),
        ("Kijk op https://gemeente.nl/afval?wijk=3", False),  # "?" inside a URL
        ("Zie www.gemeente.nl/?q=1 voor meer", False),
        ("Zie gemeente.nl/a?b=1.", False),
        ("Staat het op gemeente.nl/afval?", True),     # "?" after the URL
        ("Staat het op https://gemeente.nl?", True),
        ("Super ?", True),
        ("Does anyone know", True),                    # English
        ("Will the road reopen!", False),
        ("Doesn't matter", False),
        ("Could you check", True),
        ("Mooi weer vandaag", False),
        ("#wat leuk", False),                          # only quotes and emoji are skipped
        ("Zijn de wegen open 🙏", True),
        ("is dit het einde !  🎉🎉", False),
        ("", False),
        (None, False),
        ("👍", False),
    ],
)
def test_question_detection(text: str | None, expected: bool) -> None:
    got = pl.DataFrame({"m": [text]}, schema={"m": pl.String}).select(
        _is_question(pl.col("m"))
    ).item()
    assert got is expected


def test_question_words_can_be_extended_per_call_and_in_the_module(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ds = _ds([("p", "r1", 0, "Klopt het dat de markt verhuist"),
              ("p2", "r1", 1, "Wanneer is de markt")], [])
    assert question_responses(ds).get_column("post_id").to_list() == ["p2"]
    words = (*QUESTION_WORDS_NL, *QUESTION_WORDS_EN, "klopt")
    assert question_responses(ds, question_words=words).get_column("post_id").to_list() == [
        "p", "p2"
    ]
    # Only question marks count with no words at all.
    assert question_responses(ds, question_words=[]).height == 0
    # gi.conversation is the function; the module is reached through importlib.
    conv_mod = importlib.import_module("groepsinzicht.dialogue")
    monkeypatch.setattr(conv_mod, "QUESTION_WORDS_NL", (*QUESTION_WORDS_NL, "klopt"))
    assert conversation(ds).get_column("questions").to_list() == [2]


def test_comment_tree_depth_root_missing_parent_and_cycle() -> None:
    c = pl.DataFrame({
        "container_id": ["g"] * 8 + ["h"],
        "comment_id": ["a", "b", "c", "d", "e", "f", "g", "x", "a"],
        "parent_id": [None, "a", "b", "c", "zz", "g", "f", "e", "b"],
    })
    got = _comment_tree(c).sort("container_id", "comment_id")
    want = pl.DataFrame({
        "container_id": ["g"] * 8 + ["h"],
        "comment_id": ["a", "b", "c", "d", "e", "f", "g", "x", "a"],
        # f <-> g is a cycle: no depth. In container h, "a" replies to a "b" that only
        # exists in container g, so it is missing there: depth 2.
        "depth": [1, 2, 3, 4, 2, None, None, 3, 2],
        "root_id": ["a", "a", "a", "a", "zz", None, None, "zz", "b"],
    }, schema_overrides={"depth": pl.Int64})
    assert_frame_equal(got, want)


@given(st.integers(min_value=1, max_value=300))
def test_comment_tree_resolves_long_chains(n: int) -> None:
    ids = [f"c{i}" for i in range(n)]
    c = pl.DataFrame({"container_id": "g", "comment_id": ids,
                      "parent_id": [None, *ids[:-1]]})
    got = _comment_tree(c)
    assert got.get_column("depth").to_list() == list(range(1, n + 1))
    assert set(got.get_column("root_id").to_list()) == {"c0"}


def test_orphan_comments_are_left_out() -> None:
    ds = hand()
    got = question_responses(ds)
    assert "c23" not in got.get_column("comment_id").to_list()


def test_inputs_are_not_modified() -> None:
    ds = hand()
    before = ds.comments.clone()
    conversation(ds, org_ids=["staff"])
    assert_frame_equal(ds.comments, before)


def test_empty_dataset() -> None:
    ds = gi.Dataset.from_frames(containers=pl.DataFrame({"container_id": ["g"],
                                                         "kind": ["group"]}))
    with pytest.warns(DataQualityWarning, match="organisation of 1 container"):
        got = conversation(ds)
    assert got.select("container_id", "posts", "questions").row(0) == ("g", 0, 0)
    assert got.schema == pl.Schema(SCHEMA)
    got = conversation(ds.with_organization(["org"]))
    assert question_responses(ds, org_ids=["org"]).height == 0
    assert open_questions(ds, org_ids=["org"]).height == 0


def test_sample_smoke() -> None:
    try:
        ds = gi.load_sample()
    except FormatError:
        pytest.skip("the bundled sample is not built yet")
    got = conversation(ds)
    assert got.height == ds.containers.height
    shares = got.select("share_commented", "answered_1h", "answered_24h", "unanswered")
    assert shares.select(pl.all().is_between(0, 1) | pl.all().is_null()).to_series(
        0).all()
    q = question_responses(ds)
    assert (q.get_column("response_minutes").drop_nulls() >= 0).all()
    assert open_questions(ds).height == q.get_column("answer_id").null_count()
