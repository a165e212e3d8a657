"""Conversation: do posts start one, how deep do threads go, how fast are questions answered.

Who is who
----------
An author is the organisation in a container when their ``members`` row there is marked
``is_organization`` (a page's own account on its page; every account on the Dataset's
organisation list, in every container: see :class:`~groepsinzicht.Dataset`), or when the
caller passes them in ``org_ids`` (then in every container). Every other *known* author
is a resident. A hidden author (null ``author_id``) is neither: their comments count as
comments, but never as the organisation's, never as a resident's, and never as a
question. Questions asked by the organisation are never residents' questions.

Where the organisation is unknown
---------------------------------
A group's organisation is unknown when the Dataset's organisation list is empty, none of
its members rows is marked, and the call names nobody (``org_ids=``). There its answers
cannot be told from residents' replies, so :func:`conversation` leaves
``org_dialogue_ratio``, ``org_response_minutes_median``, ``answered_1h``,
``answered_24h`` and ``unanswered`` null (``questions`` and ``share_member_exchange``
stay), :func:`question_responses` marks its questions ``organization_known`` false with
null answer columns, and :func:`open_questions` lists none of them (their number is
unknown, not 0). Each call warns once
(:class:`~groepsinzicht.errors.DataQualityWarning`), naming those containers.

Threads
-------
A thread is a post with its comments. Comments on posts the dataset does not hold (a
DYI export's own comments on other people's posts) are left out: their thread is not
there to judge. A top-level comment has depth 1, a reply to it depth 2, and so on; a
reply whose parent comment is missing from the export counts as a reply to a top-level
comment (depth 2, the least it can be).

Questions
---------
A resident's post or comment is a question when its text

- contains a question mark outside a URL, or else
- starts (case-insensitive, after leading spaces, quotes and emoji) with one of the
  question words in :data:`QUESTION_WORDS_NL` or :data:`QUESTION_WORDS_EN`, and does not
  end, bar trailing spaces and emoji, with ``!`` ("Wat mooi!" is no question).

Extend the word lists per call (``question_words=(*QUESTION_WORDS_NL, "klopt")``); with
``question_words=None`` the module's current lists are used.

Its answer is the first organisation comment after it in its thread: any organisation
comment on a question post; for a question comment, an organisation reply to it, or a
later organisation reply under the same top-level comment. Response times are measured
from the question to that answer, in minutes (never below 0).
"""

from __future__ import annotations

import re
import warnings
from functools import partial
from typing import TYPE_CHECKING, Final, overload

import polars as pl

from groepsinzicht._measures._interactions import member_exchange_posts, post_interactions
from groepsinzicht._measures._organisation import (
    named_ids,
    org_accounts,
    warn_unknown_organization,
)
from groepsinzicht._measures._threads import comment_tree, repair_threads
from groepsinzicht._util import DEFAULT_TZ, check_tz
from groepsinzicht.dataset import LazyDataset
from groepsinzicht.errors import (
    DataQualityWarning,
    ParameterError,
    ParameterTypeError,
    shorten,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from groepsinzicht._measures._organisation import OrgAccounts
    from groepsinzicht.dataset import Dataset

#: Office hours: weekdays (Monday = 0), start hour and end hour, local time.
OfficeHours = tuple[tuple[int, ...], int, int]

__all__ = [
    "DEFAULT_OFFICE_HOURS",
    "QUESTION_WORDS_EN",
    "QUESTION_WORDS_NL",
    "conversation",
    "open_questions",
    "question_responses",
]

#: Dutch words that open a question ("Wanneer wordt het gras gemaaid").
QUESTION_WORDS_NL: Final[tuple[str, ...]] = (
    "wie", "wat", "waar", "wanneer", "waarom", "hoe", "welk", "welke", "hoeveel", "kan",
    "kunnen", "mag", "mogen", "moet", "is", "zijn", "heeft", "hebben", "weet",
)
#: English words that open a question ("When will the road reopen").
QUESTION_WORDS_EN: Final[tuple[str, ...]] = (
    "who", "what", "where", "when", "why", "how", "which", "can", "could", "is", "are",
    "do", "does", "will",
)

_KEY = ["container_id", "post_id"]
_CKEY = ["container_id", "comment_id"]

# Emoji and their glue (skin tones, flags, variation selector, joiner, keycap). Not
# \p{Emoji}: that class holds the digits, '#' and '*'.
_EMOJI = (
    r"\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}"
    r"\x{FE0F}\x{200D}\x{20E3}"
)
_QUOTES = "\"'`“”‘’„‚«»‹›"
_LEAD = rf"^[\s{_QUOTES}{_EMOJI}]+"
_TRAIL = rf"[\s{_EMOJI}]+$"
# A URL runs to the next space; trailing punctuation belongs to the sentence, as link
# detectors have it ("Staat het op gemeente.nl/afval?" is a question).
# No \b anywhere: a Unicode word boundary keeps polars' regex off its fast engine on
# non-ASCII text (about 20x slower on synthetic messages); leftmost matching finds a
# domain's first character anyway.
_URL = (
    r"(?i)(?:https?://|www\.|[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.[a-z]{2,}/)"
    r"\S*[^\s.,;:!?)\]'\"”’]"
)
_MINUTE_US = 60_000_000

#: Monday to Friday, 9 to 17 local time: when webcare is staffed.
DEFAULT_OFFICE_HOURS: Final[OfficeHours] = ((0, 1, 2, 3, 4), 9, 17)


def _check_office_hours(office_hours: object) -> OfficeHours | None:
    """Return ``office_hours`` as ``(sorted weekdays, start, end)``, or raise."""
    if office_hours is None:
        return None
    expected = "office_hours: expected (weekdays 0-6, start hour, end hour) or None"
    if not isinstance(office_hours, tuple | list) or len(office_hours) != 3:
        raise ParameterTypeError(f"{expected}, got {shorten(office_hours)}")
    days, start, end = office_hours
    if (not isinstance(days, tuple | list | set | frozenset)
            or not all(isinstance(d, int) and not isinstance(d, bool) for d in days)
            or not isinstance(start, int) or not isinstance(end, int)):
        raise ParameterTypeError(f"{expected}, got {shorten(office_hours)}")
    if not days or not all(0 <= d <= 6 for d in days) or not 0 <= start < end <= 24:
        raise ParameterError(f"{expected}, with 0 <= start < end <= 24, "
                             f"got {shorten(office_hours)}")
    return tuple(sorted(set(days))), start, end


def _office_clock(col: str, tz: str, hours: OfficeHours) -> pl.Expr:
    """Office minutes from a fixed Monday up to the local wall-clock time of ``col``.

    The difference of two such values is the office time between two moments.
    """
    days, start, end = hours
    daily = float((end - start) * 60)
    local = pl.col(col).dt.convert_time_zone(tz).dt.replace_time_zone(None)
    minutes = local.dt.epoch("s").cast(pl.Float64) / 60.0
    # 1970-01-01 was a Thursday (3 with Monday = 0): shift so that day 0 is a Monday.
    day = (minutes / 1440.0).floor() + 3.0
    weekday = (day % 7.0).cast(pl.Int64)
    week = (day / 7.0).floor()
    before = {k: float(sum(1 for d in days if d < k)) for k in range(7)}
    in_day = (minutes - (day - 3.0) * 1440.0 - start * 60.0).clip(0.0, daily)
    today = pl.when(weekday.is_in(list(days))).then(in_day).otherwise(0.0)
    return (week * len(days) * daily
            + weekday.replace_strict(before, return_dtype=pl.Float64) * daily + today)


def _rx_escape(word: str) -> str:
    # re.escape's output is valid Rust regex; spaces inside a phrase match any run.
    return re.escape(word.strip()).replace("\\ ", r"\s+")


def _question_words(words: Iterable[str] | None) -> list[str]:
    chosen = (*QUESTION_WORDS_NL, *QUESTION_WORDS_EN) if words is None else tuple(words)
    out = sorted({w.strip().lower() for w in chosen if w.strip()}, key=len, reverse=True)
    return out


def _is_question(text: pl.Expr, words: Iterable[str] | None = None) -> pl.Expr:
    """Tell whether ``text`` reads as a question (see the module docs), as an expression.

    Null texts are not questions.
    """
    has_mark = text.str.replace_all(_URL, " ").str.contains("?", literal=True)
    ws = _question_words(words)
    if ws:
        body = text.str.replace(_LEAD, "")
        # A word end after the word: "Kanaal" and "Isolatie" do not open a question.
        alts = "|".join(_rx_escape(w) for w in ws)
        opens = body.str.contains(rf"(?i)^(?:{alts})(?:[^\p{{L}}\p{{N}}\p{{M}}_]|$)")
        exclaims = body.str.replace(_TRAIL, "").str.ends_with("!")
        by_word = opens & ~exclaims
    else:
        by_word = pl.lit(False)
    return (has_mark | by_word).fill_null(False)


def _comment_tree(comments: pl.DataFrame) -> pl.DataFrame:
    """Depth and top-level comment of every comment (see :func:`comment_tree`).

    Returns ``container_id``, ``comment_id``, ``depth`` (Int64) and ``root_id``, in the
    order of ``comments``.
    """
    rows = comments.select(*_CKEY, pl.col("parent_id").cast(pl.String)).with_row_index("__i")
    # Only replies need the join; writing its result back by row number is cheaper than
    # a join that keeps the left order.
    found = rows.filter(pl.col("parent_id").is_not_null()).join(
        rows.select("container_id", pl.col("comment_id").alias("parent_id"),
                    pl.col("__i").alias("__up")),
        on=["container_id", "parent_id"], how="inner",
    )
    up = pl.repeat(None, rows.height, dtype=rows.schema["__i"], eager=True).alias("__up")
    up = up.scatter(found.get_column("__i"), found.get_column("__up"))
    tree = comment_tree(rows.get_column("comment_id"), rows.get_column("parent_id"), up)
    return rows.select(*_CKEY).with_columns(tree)


def _thread_comments(ds: Dataset) -> pl.DataFrame:
    """Comments of the posts the dataset holds, with ``depth`` and ``root_id``."""
    c = repair_threads(ds.comments).select(*_CKEY, "post_id", "parent_id", "author_id",
                                           "created_at", "message")
    # Most exports have no orphans: count them before paying for a filtering join.
    if c.select(_KEY).join(ds.posts.select(_KEY), on=_KEY, how="anti").height:
        c = c.join(ds.posts.select(_KEY), on=_KEY, how="semi")
    tree = _comment_tree(c)
    return c.with_columns(tree.get_column("depth"), tree.get_column("root_id"))


def _minutes(later: str, earlier: str) -> pl.Expr:
    diff = (pl.col(later) - pl.col(earlier)).dt.total_microseconds() / _MINUTE_US
    return pl.max_horizontal(diff, pl.lit(0.0))


def _first_answer(frame: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    """Earliest row per ``by`` (ties: smallest comment id) as ``answer_id``/``answered_at``."""
    return (
        frame.sort("created_at", "comment_id")
        .group_by(by, maintain_order=True)
        .agg(pl.col("comment_id").first().alias("answer_id"),
             pl.col("created_at").first().alias("answered_at"))
    )


def question_responses(
    ds: Dataset,
    *,
    org_ids: Iterable[str] | None = None,
    question_words: Iterable[str] | None = None,
    tz: str = DEFAULT_TZ,
    office_hours: OfficeHours | None = DEFAULT_OFFICE_HOURS,
) -> pl.DataFrame:
    """Every resident question with the organisation's first answer, if any.

    Questions, answers and who counts as the organisation are defined in the module
    docs (:mod:`groepsinzicht.dialogue`). The ``message`` column holds the
    resident's text: personal data, to be handled as such.

    Parameters
    ----------
    ds
        The dataset.
    org_ids
        Member ids to treat as the organisation, besides those marked
        ``is_organization``.
    question_words
        Words that open a question; ``None`` uses :data:`QUESTION_WORDS_NL` and
        :data:`QUESTION_WORDS_EN`.
    tz
        Time zone of the office hours.
    office_hours
        ``(weekdays, start hour, end hour)`` in local time, weekdays with Monday = 0:
        by default Monday to Friday, 9 to 17. ``None`` leaves
        ``office_response_minutes`` null.

    Returns
    -------
    polars.DataFrame
        One row per question: ``container_id``, ``post_id``, ``comment_id`` (null for a
        question post), ``author_id``, ``created_at``, ``message``, ``answer_id`` (the
        answering comment, null when unanswered), ``answered_at``,
        ``response_minutes`` (Float64, null when unanswered),
        ``office_response_minutes`` (Float64: the part of the response time inside
        office hours, local wall-clock time; a question asked on Friday evening and
        answered on Monday at 10:00 waited 60 office minutes) and
        ``organization_known`` (Boolean: false where the container's organisation is
        unknown, and the four answer columns are then null), ordered by container and
        time.

    Warns
    -----
    DataQualityWarning
        Once, naming the containers whose organisation is unknown.

    Examples
    --------
    >>> import polars as pl
    >>> from datetime import datetime, timezone
    >>> import groepsinzicht as gi
    >>> t = lambda h, m=0: datetime(2024, 5, 1, h, m, tzinfo=timezone.utc)
    >>> ds = gi.Dataset.from_frames(
    ...     posts=pl.DataFrame({"container_id": ["g"], "post_id": ["p1"],
    ...         "author_id": ["res"], "created_at": [t(9)],
    ...         "message": ["Wanneer wordt het gras gemaaid?"]}),
    ...     comments=pl.DataFrame({"container_id": ["g"], "comment_id": ["c1"],
    ...         "post_id": ["p1"], "author_id": ["gemeente"], "created_at": [t(9, 45)]}),
    ...     kind="group")
    >>> question_responses(ds, org_ids=["gemeente"]).select(
    ...     "post_id", "answer_id", "response_minutes", "office_response_minutes",
    ...     "organization_known").row(0)
    ('p1', 'c1', 45.0, 45.0, True)
    """
    check_tz(tz)
    hours = _check_office_hours(office_hours)
    org_ids = named_ids(org_ids)  # a generator is read once
    known = warn_unknown_organization(ds, org_ids, "question_responses")
    return _with_known(
        _responses(ds, org_accounts(ds, org_ids), _question_words(question_words),
                   _thread_comments(ds), tz, hours),
        known,
    )


def _with_known(responses: pl.DataFrame, known: pl.DataFrame) -> pl.DataFrame:
    """Add ``organization_known``; null the answer columns where it is false."""
    out = responses.join(known, on="container_id", how="left").with_columns(
        pl.col("organization_known").fill_null(value=False))
    return out.with_columns(
        pl.when(pl.col("organization_known")).then(pl.col(c)).alias(c)
        for c in ("answer_id", "answered_at", "response_minutes", "office_response_minutes")
    )


def _responses(ds: Dataset, org: OrgAccounts, words: list[str], tc: pl.DataFrame,
               tz: str = DEFAULT_TZ, hours: OfficeHours | None = DEFAULT_OFFICE_HOURS,
               ) -> pl.DataFrame:
    """:func:`question_responses` on the thread comments ``tc`` already built."""
    org_c = tc.filter(org.is_org("author_id"))
    # Residents first: the text test is the costly part.
    post_q = (
        ds.posts.filter(org.is_resident("author_id"))
        .filter(_is_question(pl.col("message"), words))
        .select(*_KEY, pl.lit(None, pl.String).alias("comment_id"), "author_id",
                "created_at", "message")
        .join(_first_answer(org_c, _KEY), on=_KEY, how="left")
    )

    q = (
        tc.filter(org.is_resident("author_id"))
        .filter(_is_question(pl.col("message"), words))
        .select(*_KEY, "comment_id", "author_id", "created_at", "message", "root_id")
    )
    # A reply to the question itself answers it whatever its clock says.
    direct = _first_answer(
        org_c.filter(pl.col("parent_id").is_not_null()).rename({"parent_id": "__q"}),
        ["container_id", "__q"],
    ).rename({"__q": "comment_id", "answer_id": "__a1", "answered_at": "__t1"})
    # Otherwise the first organisation reply under the same top-level comment at or
    # after the question (an as-of join, one pass).
    later = (
        org_c.filter(pl.col("parent_id").is_not_null() & pl.col("root_id").is_not_null())
        .select("container_id", "root_id", pl.col("comment_id").alias("__a2"),
                pl.col("created_at").alias("__t2"))
        .sort("__t2", "__a2")
    )
    q_with = (
        q.filter(pl.col("root_id").is_not_null())
        .sort("created_at")
        .join_asof(later, left_on="created_at", right_on="__t2", by=["container_id", "root_id"],
                   strategy="forward", check_sortedness=False)
        .select(*_CKEY, "__a2", "__t2")
    )
    first_direct = pl.col("__t1").is_not_null() & (
        pl.col("__t2").is_null() | (pl.col("__t1") <= pl.col("__t2"))
    )
    comment_q = (
        q.drop("root_id")
        .join(direct, on=_CKEY, how="left")
        .join(q_with, on=_CKEY, how="left")
        .select(
            *_KEY, "comment_id", "author_id", "created_at", "message",
            pl.when(first_direct).then("__a1").otherwise("__a2").alias("answer_id"),
            pl.when(first_direct).then("__t1").otherwise("__t2").alias("answered_at"),
        )
    )
    return (
        pl.concat([post_q, comment_q])
        .with_columns(
            pl.when(pl.col("answer_id").is_not_null())
            .then(_minutes("answered_at", "created_at"))
            .alias("response_minutes"),
            (pl.when(pl.col("answer_id").is_not_null())
             .then(pl.max_horizontal(_office_clock("answered_at", tz, hours)
                                     - _office_clock("created_at", tz, hours), 0.0))
             if hours is not None else pl.lit(None, pl.Float64))
            .alias("office_response_minutes"),
        )
        .sort("container_id", "created_at", "post_id", "comment_id", nulls_last=False)
    )


def open_questions(
    ds: Dataset,
    *,
    org_ids: Iterable[str] | None = None,
    question_words: Iterable[str] | None = None,
) -> pl.DataFrame:
    """Residents' questions the organisation never answered in their thread.

    The webcare to-do list. ``message`` is the resident's text (personal data).

    Parameters
    ----------
    ds
        The dataset.
    org_ids
        Member ids to treat as the organisation, besides those marked
        ``is_organization``.
    question_words
        Words that open a question; ``None`` uses the module's lists.

    Returns
    -------
    polars.DataFrame
        ``container_id``, ``post_id``, ``comment_id`` (null for a question post),
        ``author_id``, ``created_at``, ``message``, oldest first per container. A
        container whose organisation is unknown contributes no rows: its open questions
        cannot be told (see :func:`question_responses`'s ``organization_known``).

    Warns
    -----
    DataQualityWarning
        Once, naming the containers whose organisation is unknown.

    Examples
    --------
    >>> import polars as pl
    >>> from datetime import datetime, timezone
    >>> import groepsinzicht as gi
    >>> ds = gi.Dataset.from_frames(posts=pl.DataFrame({"container_id": ["g", "g"],
    ...     "post_id": ["p1", "p2"], "author_id": ["r1", "r2"],
    ...     "created_at": [datetime(2024, 5, 1, tzinfo=timezone.utc)] * 2,
    ...     "message": ["Hoe laat begint de markt", "Mooie markt!"]}), kind="group")
    >>> open_questions(ds, org_ids=["gemeente"]).get_column("post_id").to_list()
    ['p1']
    """
    org_ids = named_ids(org_ids)  # a generator is read once
    known = warn_unknown_organization(ds, org_ids, "open_questions")
    responses = _responses(ds, org_accounts(ds, org_ids), _question_words(question_words),
                           _thread_comments(ds))
    return (
        _with_known(responses, known)
        .filter(pl.col("organization_known") & pl.col("answer_id").is_null())
        .select(*_KEY, "comment_id", "author_id", "created_at", "message")
    )


def _quiet(fn: Callable[[Dataset], pl.DataFrame]) -> Callable[[Dataset], pl.DataFrame]:
    """``fn`` without the unknown-organisation warning (a lazy call warned once already)."""

    def run(ds: Dataset) -> pl.DataFrame:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*organisation of .* unknown",
                                    category=DataQualityWarning)
            return fn(ds)

    return run


@overload
def conversation(
    ds: Dataset, *, org_ids: Iterable[str] | None = ...,
    question_words: Iterable[str] | None = ..., tz: str = ...,
    office_hours: OfficeHours | None = ...,
) -> pl.DataFrame: ...
@overload
def conversation(
    ds: LazyDataset, *, org_ids: Iterable[str] | None = ...,
    question_words: Iterable[str] | None = ..., tz: str = ...,
    office_hours: OfficeHours | None = ...,
) -> pl.LazyFrame: ...
def conversation(
    ds: Dataset | LazyDataset,
    *,
    org_ids: Iterable[str] | None = None,
    question_words: Iterable[str] | None = None,
    tz: str = DEFAULT_TZ,
    office_hours: OfficeHours | None = DEFAULT_OFFICE_HOURS,
) -> pl.DataFrame | pl.LazyFrame:
    """Conversation per container: threads, dialogue and answers to residents' questions.

    Parameters
    ----------
    ds
        The dataset, or a :class:`~groepsinzicht.LazyDataset` (:func:`groepsinzicht.scan`):
        then a LazyFrame with the same columns, evaluated one container at a time.
    org_ids
        Member ids to treat as the organisation, besides those marked
        ``is_organization``.
    question_words
        Words that open a question; ``None`` uses :data:`QUESTION_WORDS_NL` and
        :data:`QUESTION_WORDS_EN`.
    tz, office_hours
        Office hours for ``answered_24h_office``, as in :func:`question_responses`.

    Returns
    -------
    polars.DataFrame
        One row per container (every container of ``ds``, by id):

        - ``posts``: posts (Int64, 0 when none);
        - ``share_commented``: share of posts with a comment (max(reported, observed)
          comments > 0);
        - ``share_member_exchange``: share of posts whose thread holds a resident's
          reply to another resident's comment;
        - over posts with at least one observed comment: ``participants_per_thread``
          (mean distinct known commenters, organisation included; hidden authors cannot
          be told apart and are not counted), ``mean_thread_depth`` (mean of each
          thread's deepest comment) and ``max_thread_depth`` (Int64);
        - ``org_dialogue_ratio``: of the organisation's posts that someone else
          (resident or hidden) commented on, the share where the organisation also
          commented in the thread;
        - ``questions``: residents' questions (Int64, 0 when none);
          ``org_response_minutes_median`` over answered questions; the shares of
          questions ``answered_1h`` (within 60 minutes), ``answered_24h`` (within 24
          hours) and ``unanswered``; ``answered_24h_office``: the share answered
          within 24 hours of office time (time outside office hours does not count:
          three working days of 9 to 17; null with ``office_hours=None``).

        Shares and means over nothing (no posts, no questions) are null. Where the
        container's organisation is unknown, ``org_dialogue_ratio``,
        ``org_response_minutes_median``, ``answered_1h``, ``answered_24h``,
        ``answered_24h_office`` and ``unanswered`` are null (not 0, not 1.0).

    Warns
    -----
    DataQualityWarning
        Once, naming the containers whose organisation is unknown.

    See Also
    --------
    question_responses : the questions one by one.
    open_questions : the unanswered ones.

    Examples
    --------
    >>> import polars as pl
    >>> from datetime import datetime, timezone
    >>> import groepsinzicht as gi
    >>> t = lambda h: datetime(2024, 5, 1, h, tzinfo=timezone.utc)
    >>> ds = gi.Dataset.from_frames(
    ...     posts=pl.DataFrame({"container_id": ["g", "g"], "post_id": ["p1", "p2"],
    ...         "author_id": ["gemeente", "res"], "created_at": [t(8), t(9)],
    ...         "message": ["Het park is open", "Is het park open?"]}),
    ...     comments=pl.DataFrame({"container_id": ["g"] * 2, "comment_id": ["c1", "c2"],
    ...         "post_id": ["p1", "p1"], "parent_id": [None, "c1"],
    ...         "author_id": ["res", "gemeente"], "created_at": [t(10), t(11)]}),
    ...     kind="group")
    >>> conversation(ds, org_ids=["gemeente"]).select(
    ...     "posts", "max_thread_depth", "org_dialogue_ratio", "questions", "unanswered").row(0)
    (2, 2, 1.0, 1, 1.0)
    """
    check_tz(tz)
    hours = _check_office_hours(office_hours)
    org_ids = named_ids(org_ids)  # a generator is read once
    if isinstance(ds, LazyDataset):
        # Warn once here, from the small organisation view; not once per container.
        warn_unknown_organization(ds._organisation_view(), org_ids, "conversation")
        return ds._per_container(_quiet(partial(
            conversation, org_ids=org_ids,
            question_words=None if question_words is None else list(question_words),
            tz=tz, office_hours=hours)))
    known = warn_unknown_organization(ds, org_ids, "conversation")
    org = org_accounts(ds, org_ids)
    tc = _thread_comments(ds)
    threads = tc.group_by(_KEY).agg(
        pl.col("author_id").drop_nulls().n_unique().cast(pl.Int64).alias("__participants"),
        pl.col("depth").max().alias("__depth"),
        org.is_org("author_id").any().alias("__org_commented"),
        (~org.is_org("author_id")).any().alias("__others_commented"),
    )
    per_post = (
        ds.posts.select(*_KEY, "author_id")
        .join(post_interactions(ds).select(*_KEY, "comments"), on=_KEY, how="left")
        .join(member_exchange_posts(ds, org_ids), on=_KEY, how="left")
        .join(threads, on=_KEY, how="left")
    )
    org_talked = (
        pl.col("__org_commented")
        .filter(org.is_org("author_id") & pl.col("__others_commented").fill_null(False))
        .mean()
    )
    per_container = per_post.group_by("container_id").agg(
        pl.len().cast(pl.Int64).alias("posts"),
        (pl.col("comments") > 0).mean().alias("share_commented"),
        pl.col("member_exchange").mean().alias("share_member_exchange"),
        pl.col("__participants").cast(pl.Float64).mean().alias("participants_per_thread"),
        pl.col("__depth").cast(pl.Float64).mean().alias("mean_thread_depth"),
        pl.col("__depth").max().alias("max_thread_depth"),
        org_talked.alias("org_dialogue_ratio"),
    )
    mins = pl.col("response_minutes")
    office = pl.col("office_response_minutes")
    per_q = (
        _responses(ds, org, _question_words(question_words), tc, tz, hours)
        .group_by("container_id")
        .agg(
            pl.len().cast(pl.Int64).alias("questions"),
            mins.median().alias("org_response_minutes_median"),
            (mins <= 60).fill_null(False).mean().alias("answered_1h"),
            (mins <= 24 * 60).fill_null(False).mean().alias("answered_24h"),
            ((office <= 24 * 60).fill_null(False).mean() if hours is not None
             else pl.lit(None, pl.Float64)).alias("answered_24h_office"),
            mins.is_null().mean().alias("unanswered"),
        )
    )
    return (
        ds.containers.select("container_id")
        .unique()
        .join(per_container, on="container_id", how="left")
        .join(per_q, on="container_id", how="left")
        .join(known, on="container_id", how="left")
        .with_columns(pl.col("posts", "questions").fill_null(0))
        .with_columns(
            pl.when(pl.col("organization_known")).then(pl.col(c)).alias(c)
            for c in ("org_dialogue_ratio", "org_response_minutes_median", "answered_1h",
                      "answered_24h", "answered_24h_office", "unanswered")
        )
        .select(
            "container_id", "posts", "share_commented", "share_member_exchange",
            "participants_per_thread", "mean_thread_depth",
            pl.col("max_thread_depth").cast(pl.Int64), "org_dialogue_ratio", "questions",
            pl.col("org_response_minutes_median").cast(pl.Float64),
            pl.col("answered_1h", "answered_24h", "answered_24h_office", "unanswered")
            .cast(pl.Float64),
        )
        .sort("container_id")
    )
