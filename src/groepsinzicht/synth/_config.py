"""Configuration of the synthetic municipality: :class:`SynthConfig` and :class:`GroupSpec`."""

from __future__ import annotations

from datetime import date
from typing import Final

from pydantic import ConfigDict, Field, model_validator

from groepsinzicht._util import DEFAULT_TZ
from groepsinzicht._util._model import ConfigModel
from groepsinzicht.errors import ParameterError
from groepsinzicht.synth._text import THEMES

__all__ = ["DEFAULT_GROUPS", "ORG_ID", "GroupSpec", "SynthConfig"]

#: The municipality's page id: author of the page's posts and the organisation account
#: that posts and answers in its groups (equals ``groepsinzicht.sample.SAMPLE_ORG_ID``).
ORG_ID: Final = "100000000000001"


class GroupSpec(ConfigModel):
    """One synthetic Facebook group.

    Member counts and posting rates are given at ``scale=1`` and multiplied by
    :attr:`SynthConfig.scale`.

    Attributes
    ----------
    group_id
        The group's numeric id (Graph API style); post ids are ``{group_id}_{n}``.
    name
        Display name.
    members_start
        Members (not counting the organisation's accounts) who joined before the
        period; they are the group's founders.
    members_end
        Members at the end of the period; the others join during it.
    posts_per_month
        Mean number of posts per month.
    org_post_share
        Share of the posts written by the organisation (its page or its staff).
    org_answer_share
        Share of residents' questions the organisation answers (sooner or later).
    staff_admin
        Whether the organisation's staff accounts administer the group (a project group
        the municipality runs) rather than being ordinary members.
    admins, moderators
        Resident admins and moderators, taken from the earliest founders.
    founded_days_before
        Days between the group's founding and the start of the period.
    themes
        Relative weight of each theme (keys are theme names of
        :data:`groepsinzicht.synth.THEMES`); themes left out get weight 1.
    no_theme_share
        Share of posts about none of the themes.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    group_id: str = Field(pattern=r"^[1-9][0-9]{8,17}$")
    name: str
    members_start: int = Field(ge=3)
    members_end: int = Field(ge=3)
    posts_per_month: float = Field(ge=0)
    org_post_share: float = Field(default=0.15, ge=0, le=1)
    org_answer_share: float = Field(default=0.6, ge=0, le=1)
    staff_admin: bool = False
    admins: int = Field(default=2, ge=1)
    moderators: int = Field(default=1, ge=0)
    founded_days_before: int = Field(default=365, ge=1)
    themes: dict[str, float] = Field(default_factory=dict)
    no_theme_share: float = Field(default=0.12, ge=0, le=1)

    @model_validator(mode="after")
    def _check_sizes(self) -> GroupSpec:
        if self.members_end < self.members_start:
            raise ParameterError("members_end must be at least members_start")
        if self.admins + self.moderators > self.members_start:
            raise ParameterError("admins and moderators are founders: at most members_start")
        unknown = sorted(set(self.themes) - set(THEMES))
        if unknown:
            raise ParameterError(f"unknown themes {unknown}; the themes are {list(THEMES)}")
        return self


#: The default groups: a project group that stays under 250 members, a neighbourhood
#: group that grows from 150 to 400 (crossing 250 during the period) and a
#: neighbourhood-watch group just under the threshold.
DEFAULT_GROUPS: Final[tuple[GroupSpec, ...]] = (
    GroupSpec(
        group_id="482915730016452",
        name="Speeltuin Parkweg vernieuwd",
        members_start=45,
        members_end=120,
        posts_per_month=16,
        org_post_share=0.45,
        org_answer_share=0.85,
        staff_admin=True,
        admins=1,
        moderators=1,
        founded_days_before=30,
        themes={"groen en spelen": 8.0, "wonen en bouwen": 2.0, "evenementen": 2.0,
                "veiligheid": 1.0, "afval": 0.5, "verkeer en parkeren": 1.0,
                "zorg en welzijn": 0.3, "dienstverlening": 0.3},
        no_theme_share=0.08,
    ),
    GroupSpec(
        group_id="391027465512803",
        name="Wijk Oost Voorbeeldstad",
        members_start=150,
        members_end=400,
        posts_per_month=42,
        org_post_share=0.12,
        org_answer_share=0.55,
        admins=2,
        moderators=2,
        founded_days_before=540,
        themes={"afval": 2.5, "verkeer en parkeren": 2.5, "veiligheid": 1.5,
                "evenementen": 1.2, "groen en spelen": 1.2, "wonen en bouwen": 1.0,
                "zorg en welzijn": 0.8, "dienstverlening": 1.0},
        no_theme_share=0.15,
    ),
    GroupSpec(
        group_id="573310982264117",
        name="Buurtpreventie Noord",
        members_start=170,
        members_end=215,
        posts_per_month=10,
        org_post_share=0.1,
        org_answer_share=0.4,
        admins=1,
        moderators=1,
        founded_days_before=900,
        themes={"veiligheid": 6.0, "verkeer en parkeren": 1.5, "afval": 0.5,
                "evenementen": 0.3, "groen en spelen": 0.3, "wonen en bouwen": 0.3,
                "zorg en welzijn": 0.5, "dienstverlening": 0.3},
        no_theme_share=0.12,
    ),
)


class SynthConfig(ConfigModel):
    """Parameters of the synthetic municipality of Voorbeeldstad.

    The defaults make the bundled sample (:func:`groepsinzicht.load_sample`): one page
    and three groups over six months. ``scale`` multiplies every count of people and
    posts (members, followers, posts per month), so the same generator makes a tiny test
    set (``scale=0.05``) or millions of rows (``scale=250``); per-post rates (comments,
    reactions) stay as they are, so rows grow in proportion to ``scale``.

    Attributes
    ----------
    seed
        Random seed: the same config gives the same Dataset.
    start
        First day of the period (local time, ``tz``).
    months
        Length of the period in calendar months; the export is taken at its end, so
        nothing happens after it.
    tz
        Time zone of the daily rhythm (evenings busy, nights quiet).
    scale
        Multiplies members, followers and posts (see above).
    page_name
        Name of the municipality's page (container id :data:`ORG_ID`).
    page_posts_per_month
        Mean number of page posts per month.
    page_followers_start, page_followers_end
        Followers of the page at the start and the end of the period.
    page_active_residents
        Residents who may react to or comment on page posts (the page's commenters
        are drawn from them; only those who do appear in ``members``).
    page_boosted_share
        Share of page posts with paid reach (boosted).
    groups
        The groups (see :class:`GroupSpec`).
    staff_accounts
        Personal accounts of the municipality's staff (``is_organization`` true) that
        post and answer in the groups besides the page itself.
    comments_per_post, page_comments_per_post
        Mean comments per ordinary group post and per page post (before the
        heavy-tailed popularity of each post, and before the organisation's answers).
    reactions_per_post, page_reactions_per_post
        Mean reactions per group post and per page post.
    reactions_per_comment
        Mean reactions per comment.
    reply_share
        Chance that a comment (after the first) replies to an earlier comment of the
        same post rather than to the post.
    question_share
        Chance that a resident's top-level comment is a question (replies are
        questions a fifth as often).
    question_post_share
        Chance that a resident's group post is a question.
    lurker_share
        Share of group members with no activity at all.
    reactor_share
        Share of the other members who react but never write.
    answer_within_hour, answer_within_day
        Of the questions the organisation answers: the chance it does so within the
        hour, and within the day (the rest take days). Answers are pushed out of the
        night, so some land later than planned.
    reported_missing_share
        Share of posts and comments whose source states no totals (null).
    reported_above_share
        Share of posts and comments whose stated totals exceed the rows the export
        holds (as scraped exports do); the rest state exactly the rows.

    Examples
    --------
    >>> from groepsinzicht.synth import SynthConfig
    >>> cfg = SynthConfig(seed=3, scale=0.1)
    >>> cfg.months, cfg.groups[1].name
    (6, 'Wijk Oost Voorbeeldstad')
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    seed: int = Field(default=0, ge=0)
    start: date = date(2024, 1, 1)
    months: int = Field(default=6, ge=1, le=120)
    tz: str = DEFAULT_TZ
    scale: float = Field(default=1.0, gt=0, le=10_000)
    page_name: str = "Gemeente Voorbeeldstad"
    page_posts_per_month: float = Field(default=20.0, ge=0)
    page_followers_start: int = Field(default=8200, ge=1)
    page_followers_end: int = Field(default=8900, ge=1)
    page_active_residents: int = Field(default=1500, ge=1)
    page_boosted_share: float = Field(default=0.1, ge=0, le=1)
    groups: tuple[GroupSpec, ...] = DEFAULT_GROUPS
    staff_accounts: int = Field(default=2, ge=0, le=9)
    comments_per_post: float = Field(default=6.0, ge=0)
    page_comments_per_post: float = Field(default=9.0, ge=0)
    reactions_per_post: float = Field(default=7.0, ge=0)
    page_reactions_per_post: float = Field(default=24.0, ge=0)
    reactions_per_comment: float = Field(default=0.6, ge=0)
    reply_share: float = Field(default=0.45, ge=0, le=1)
    question_share: float = Field(default=0.18, ge=0, le=1)
    question_post_share: float = Field(default=0.3, ge=0, le=1)
    lurker_share: float = Field(default=0.35, ge=0, lt=1)
    reactor_share: float = Field(default=0.35, ge=0, lt=1)
    answer_within_hour: float = Field(default=0.45, ge=0, le=1)
    answer_within_day: float = Field(default=0.4, ge=0, le=1)
    reported_missing_share: float = Field(default=0.15, ge=0, le=1)
    reported_above_share: float = Field(default=0.3, ge=0, le=1)

    @model_validator(mode="after")
    def _check(self) -> SynthConfig:
        if self.answer_within_hour + self.answer_within_day > 1:
            raise ParameterError("answer_within_hour + answer_within_day must be at most 1")
        if self.reported_missing_share + self.reported_above_share > 1:
            raise ParameterError("reported_missing_share + reported_above_share must be at most 1")
        ids = [g.group_id for g in self.groups]
        if len(set(ids)) != len(ids) or ORG_ID in ids:
            raise ParameterError("group ids must be distinct and differ from the page id")
        return self
