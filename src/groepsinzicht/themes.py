r"""Content pillars by keyword rules: which themes posts touch, and whether each gets attention.

Keywords and Dutch compounds
----------------------------
Dutch writes compounds as one word, with the theme word at the start ("afvalbak"), at
the end ("restafval") or inside ("restafvalcontainer"). Matching any word part would
also find "afvallen" (losing weight) for "afval" and "verkeerd" (wrong) for "verkeer",
so each keyword says where it may sit in a word, with ``*`` for "more letters here":

=============  ==========================  ===========================================
keyword        matches words               e.g.
=============  ==========================  ===========================================
``afval``      equal to it                 "afval", "Afval!" — not "afvalbak"
``afval*``     starting with it            "afvalbak", "afvalinzameling"
``*afval``     ending with it              "afval", "restafval", "grofafval"
``*afval*``    containing it               all of the above and "restafvalcontainer"
=============  ==========================  ===========================================

A word is a run of letters and digits, so hyphens and apostrophes separate words
("wmo-loket" holds the word "wmo", "auto's" the word "auto"). A space in a keyword
matches any run of white space ("oud papier"). Keywords with a ``*`` need at least three
other characters, so a rule cannot match nearly every text. Matching is case-insensitive.
Where a keyword is not enough, a theme takes regular expressions (Rust ``regex`` syntax,
as polars uses; also case-insensitive unless they say ``(?-i)``).

Speed: write word edges in patterns as ``(?:^|[^\p{L}\p{N}])`` and ``(?:[^\p{L}\p{N}]|$)``
(or ASCII ``(?-u:\b)``), not ``\b``: a Unicode ``\b`` keeps polars' regex engine off its
fast path on any non-ASCII text (20 to 40 times slower in our measurements).

Each theme becomes one regular expression, tested against every post's ``message`` with
one vectorised ``str.contains`` per theme. Only the post text is read (not comments, not
link addresses). The default rules, :data:`DEFAULT_THEMES`, are a starting point for a
Dutch municipality; check them on your own posts and extend them
(:meth:`ThemeRules.extend`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Annotated, Any

import polars as pl
from pydantic import AfterValidator, ConfigDict, Field, PlainSerializer, model_validator

from groepsinzicht._measures._interactions import post_interactions
from groepsinzicht._util import DEFAULT_TZ
from groepsinzicht._util._model import ConfigModel
from groepsinzicht.errors import ParameterError, UnknownNameError, shorten

if TYPE_CHECKING:
    from groepsinzicht.dataset import Dataset

__all__ = ["DEFAULT_THEMES", "ThemeRules", "assign_themes", "theme_coverage"]

_KEY = ["container_id", "post_id"]
_MIN_WILDCARD_CHARS = 3
_WORD = r"\p{L}\p{N}"
_START = rf"(?:^|[^{_WORD}])"
_END = rf"(?:[^{_WORD}]|$)"


def _freeze(rules: Mapping[str, tuple[str, ...]]) -> Mapping[str, tuple[str, ...]]:
    return MappingProxyType({str(k): tuple(v) for k, v in rules.items()})


def _plain(rules: Mapping[str, tuple[str, ...]]) -> dict[str, list[str]]:
    return {k: list(v) for k, v in rules.items()}


# Read-only after validation (a frozen model whose dicts could still be edited would
# not be frozen); serialised as plain dicts.
_RuleMap = Annotated[
    Mapping[str, tuple[str, ...]], AfterValidator(_freeze), PlainSerializer(_plain)
]


def _escape(text: str) -> str:
    # re.escape's output is valid Rust regex; a space matches any run of white space.
    return re.escape(text).replace("\\ ", r"\s+")


def _check_keyword(theme: str, keyword: str) -> None:
    core = keyword.strip().strip("*")
    if not core or "*" in core:
        raise ParameterError(
            f"theme {theme!r}: keyword {keyword!r}: expected a word with '*' only at its "
            f"start or end, got {keyword!r}"
        )
    if keyword.strip() != core and len(core) < _MIN_WILDCARD_CHARS:
        raise ParameterError(
            f"theme {theme!r}: keyword {keyword!r}: expected at least "
            f"{_MIN_WILDCARD_CHARS} characters besides '*', got {len(core)}"
        )


def _check_pattern(theme: str, pattern: str) -> None:
    # The rules run in polars (Rust regex), whose syntax differs from Python's ``re``.
    try:
        pl.select(pl.lit("").str.contains(pattern))
    except pl.exceptions.PolarsError as exc:
        raise ParameterError(
            f"theme {theme!r}: pattern {pattern!r}: expected a valid regular expression "
            f"(Rust regex syntax), got an error: {str(exc).splitlines()[0]}"
        ) from None


def _keyword_regex(keywords: tuple[str, ...]) -> list[str]:
    whole: list[str] = []
    start: list[str] = []
    end: list[str] = []
    inside: list[str] = []
    for kw in keywords:
        k = kw.strip()
        body = _escape(k.strip("*"))
        lead, trail = k.startswith("*"), k.endswith("*")
        (inside if lead and trail else end if lead else start if trail else whole).append(body)
    parts = []
    if whole:
        parts.append(f"{_START}(?:{'|'.join(whole)}){_END}")
    if start:
        parts.append(f"{_START}(?:{'|'.join(start)})")
    if end:
        parts.append(f"(?:{'|'.join(end)}){_END}")
    if inside:
        parts.append(f"(?:{'|'.join(inside)})")
    return parts


class ThemeRules(ConfigModel):
    """Themes (content pillars) recognised by keywords or regular expressions.

    See :mod:`groepsinzicht.themes` for the keyword syntax (``afval``, ``afval*``,
    ``*afval``, ``*afval*``) and how it handles Dutch compounds.

    Parameters
    ----------
    keywords
        Theme name to its keywords. The order of the themes is the order of results.
    patterns
        Theme name to regular expressions (Rust regex syntax), case-insensitive.
        Themes named only here come after those in ``keywords``.

    Examples
    --------
    >>> rules = ThemeRules(keywords={"afval": ("*afval", "afvalbak*", "kliko*")})
    >>> rules.themes
    ('afval',)
    >>> rules
    ThemeRules(1 theme: afval (3 rules))
    """

    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True)

    keywords: _RuleMap
    patterns: _RuleMap = Field(default_factory=dict)

    @model_validator(mode="after")
    def _check(self) -> ThemeRules:
        for theme in self.themes:
            if not theme.strip():
                raise ParameterError(f"theme names: expected a non-empty name, got {theme!r}")
            kws = self.keywords.get(theme, ())
            pats = self.patterns.get(theme, ())
            if not kws and not pats:
                raise ParameterError(f"theme {theme!r}: expected at least one keyword or "
                                 "pattern, got none")
            for kw in kws:
                _check_keyword(theme, kw)
            for pat in pats:
                _check_pattern(theme, pat)
        return self

    @property
    def themes(self) -> tuple[str, ...]:
        """Theme names, in result order."""
        extra = [t for t in self.patterns if t not in self.keywords]
        return (*self.keywords, *extra)

    def regex(self, theme: str) -> str:
        """The one regular expression that recognises ``theme``.

        Parameters
        ----------
        theme
            A theme name of these rules.

        Returns
        -------
        str
            A case-insensitive Rust regex, for ``polars.Expr.str.contains``.

        Examples
        --------
        >>> import polars as pl
        >>> rules = ThemeRules(keywords={"afval": ("*afval",)})
        >>> pl.Series(["restafval", "afvallen"]).str.contains(rules.regex("afval")).to_list()
        [True, False]
        """
        if theme not in self.themes:
            raise UnknownNameError(
                f"theme: expected one of {list(self.themes)}, got {shorten(theme)}")
        parts = _keyword_regex(self.keywords.get(theme, ()))
        parts += [f"(?:{p})" for p in self.patterns.get(theme, ())]
        return "(?i)" + "|".join(parts)

    def extend(
        self,
        keywords: Mapping[str, tuple[str, ...] | list[str]] | None = None,
        patterns: Mapping[str, tuple[str, ...] | list[str]] | None = None,
    ) -> ThemeRules:
        """New rules with more keywords or patterns (new themes are added at the end).

        Parameters
        ----------
        keywords, patterns
            Theme name to keywords or patterns to add.

        Returns
        -------
        ThemeRules

        Examples
        --------
        >>> more = DEFAULT_THEMES.extend(keywords={"afval": ["luierzak*"],
        ...                                        "sport": ["*sportclub*"]})
        >>> more.themes[-1], "luierzak*" in more.keywords["afval"]
        ('sport', True)
        """

        def merged(
            old: Mapping[str, tuple[str, ...]],
            new: Mapping[str, tuple[str, ...] | list[str]] | None,
        ) -> dict[str, tuple[str, ...]]:
            out = dict(old)
            for theme, rules in (new or {}).items():
                out[theme] = (*out.get(theme, ()), *rules)
            return out

        return ThemeRules(keywords=merged(self.keywords, keywords),
                          patterns=merged(self.patterns, patterns))

    def __hash__(self) -> int:
        return hash((tuple(self.keywords.items()), tuple(self.patterns.items())))

    def __repr__(self) -> str:
        n = len(self.themes)
        parts = ", ".join(
            f"{t} ({c} rule{'s' if c != 1 else ''})"
            for t, c in ((t, self._count(t)) for t in self.themes)
        )
        return f"ThemeRules({n} theme{'s' if n != 1 else ''}: {parts})"

    def __str__(self) -> str:
        return repr(self)

    def _count(self, theme: str) -> int:
        return len(self.keywords.get(theme, ())) + len(self.patterns.get(theme, ()))

    def _repr_html_(self) -> str:
        rows = []
        for t in self.themes:
            rules = (*self.keywords.get(t, ()), *self.patterns.get(t, ()))
            shown = ", ".join(rules[:8]) + (", …" if len(rules) > 8 else "")
            rows.append(f"<tr><td>{html.escape(t)}</td><td>{len(rules)}</td>"
                        f"<td>{html.escape(shown)}</td></tr>")
        return (
            "<table><thead><tr><th>theme</th><th>rules</th><th>first rules</th></tr>"
            f"</thead><tbody>{''.join(rows)}</tbody></table>"
        )

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:  # noqa: FBT001, ARG002 (IPython's API)
        p.text(repr(self))


#: Default content pillars of a Dutch municipality. A starting point: check them on
#: your own posts. See the module docs for the keyword syntax.
DEFAULT_THEMES = ThemeRules(
    keywords={
        "afval": (
            # "*afval" and named compounds, not "afval*": that would find "afvallen".
            "*afval", "afvalbrengstation*", "afvalcontainer*",
            "afvalinzameling*", "afvalkalender*", "afvalpas*", "afvalscheiding*",
            "afvalstof*", "afvalwijzer*", "afvalapp*", "afvalverwerk*", "afvalzak*",
            "*vuil", "*vuilnis*", "*container*", "kliko*", "gft*", "pmd*",
            "*glasbak*", "*papierbak*", "oud papier", "milieustraat*", "*milieupark*",
            "recycl*", "*prullenbak*", "*afvalbak*", "ophaaldag*", "ophaalschema*",
            "*bijplaatsing*", "gedumpt", "*dumping*", "*grofvuil*", "*statiegeld*",
            "*zwerfvuil*", "*veegwagen*",
        ),
        "verkeer en parkeren": (
            # "*verkeer" and "verkeers*", not "verkeer*": that would find "verkeerd".
            "*verkeer", "verkeers*", "*parkeer*", "*parkeren", "geparkeerd", "*parking*",
            "*fiets*", "*auto", "*wegafsluiting*", "*omleiding*", "*snelheid*",
            "rotonde*", "*rotonde", "kruispunt*", "*kruising*", "*oversteek*",
            "zebrapad*", "stoplicht*", "*bushalte*", "buslijn*", "openbaar vervoer",
            "*wegdek*", "asfalt*", "laadpaal*", "laadpalen*", "stoep*", "trottoir*",
            "schoolzone*", "*herinrichting*", "*wegwerkzaamheden*", "*bereikbaarheid*",
            "*verkeersdrempel*", "*drempels", "file", "files", "*filevorming*", "*flitspaal*",
            "*scooter*", "*bromfiets*", "vrachtwagen*", "*blauwe zone*",
        ),
        "groen en spelen": (
            # "natuur" and named compounds, not "natuur*": that would find "natuurlijk".
            "*speeltuin*", "*speelplaats*", "*speelveld*", "*speeltoestel*",
            "*speelplek*", "schommel*", "*glijbaan*", "*trapveld*", "*skatebaan*",
            "*skatepark*", "*park", "*parken", "*groen", "groenvoorziening*",
            "*groenstrook*", "groenonderhoud*", "groenbeheer*", "*boom", "*bomen",
            "boomstronk*", "bomenkap*", "boomwortel*", "*plantsoen*", "*bloem*",
            "*tuin", "*tuinen", "tuinafval*", "*maaien", "gemaaid", "maaibeleid*",
            "*snoei*", "*onkruid*", "*berm", "*bermen", "natuur", "*natuurgebied*", "natuurspeel*",
            "*natuurbeheer*", "natuurontwikkel*", "*natuurpark*", "natuurwerkdag*", "biodivers*",
            "vergroen*", "*hondenuitlaat*", "*losloop*", "sportpark*", "*sportveld*",
            "*wandelpad*", "*vijver*", "kinderboerderij*", "buitenspelen*", "*insecten*",
            "*bijenhotel*", "*geveltuin*", "*tegelwippen*",
        ),
        "evenementen": (
            # Named markets, not "*markt": that would find "supermarkt", "woningmarkt".
            "*evenement*", "*festival*", "*feest*", "*concert*", "markt", "markten",
            "weekmarkt*", "*vlooienmarkt*", "*boerenmarkt*", "*jaarmarkt*", "*streekmarkt*",
            "*braderie*", "*kermis*", "koningsdag*",
            "koningsnacht*", "bevrijdingsdag*", "*herdenking*", "intocht*",
            "sinterklaas*", "*kerst*", "*oudjaar*", "*nieuwjaars*", "vuurwerkshow*",
            "*optocht*", "carnaval*", "*viering*", "jubileum*", "workshop*",
            "*voorstelling*", "*theater*", "*tentoonstelling*", "expositie*", "open dag",
            "*wandeltocht*", "*sportdag*", "*burendag*", "*avondvierdaagse*",
            "vierdaagse*", "*toernooi*", "ticket*", "*rommelmarkt*", "*opening",
            "*lampionnen*", "*sint-maarten*", "*sint maarten*", "*halloween*",
        ),
        "veiligheid": (
            "*veilig*", "*politie*", "*wijkagent*", "agent", "agenten", "*brand",
            "*branden", "brandweer*", "brandgevaar*", "brandveilig*", "brandmelder*",
            "*rookmelder*", "*inbraak*", "*inbrek*", "ingebroken", "*diefstal*",
            "gestolen", "*overval*", "*criminal*", "*crimineel*", "*ondermijning*",
            "*drugs*", "*overlast*", "*vandalisme*", "verniel*", "*vernield",
            "*graffiti*", "*handhav*", "boa", "boa's", "*cameratoezicht*",
            "*buurtpreventie*", "112", "nl-alert*", "*noodverordening*",
            "*noodbevel*", "*explosie*", "*aanrijding*", "*steekpartij*",
            "*schietpartij*", "*vuurwerk*", "*verdacht*", "*oplichter*", "*oplichting*",
            "*babbeltruc*", "*phishing*", "*hulpdienst*", "*evacu*", "*ongeval*",
            "*ongeluk", "*ongelukken", "*gaslek*",
        ),
        "wonen en bouwen": (
            "*woning*", "*wonen", "*nieuwbouw*", "bouw*", "*verbouw*",
            "*bouwen", "*bouwplan*", "*bouwproject*", "*bouwvergunning*",
            "*omgevingsvergunning*", "omgevingsplan*", "*bestemmingsplan*",
            "*omgevingswet*", "huurder*", "*huurders", "huurprijs*", "*appartement*",
            "*wooncorporatie*", "*woningcorporatie*", "*sloop*", "gesloopt",
            "*renovatie*", "*isolatie*", "*isoleren", "*verduurzam*", "*zonnepane*",
            "*warmtepomp*", "*warmtenet*", "*gasvrij*", "*energielabel*",
            "*bouwkavel*", "*kavels", "*kavel", "*tiny house*", "*starters",
            "*woonwijk*", "*wijkvernieuwing*", "*huisvesting*", "*flat", "*flats",
            "*funderingsherstel*",
        ),
        "zorg en welzijn": (
            # "*zorg" and named compounds, not "zorg*": that would find "zorgen" (to worry).
            "*zorg", "zorgverzeker*", "zorgaanbied*", "zorgverlen*", "zorgkosten*",
            "zorgloket*", "zorgtoeslag*", "*mantelzorg*", "*jeugdzorg*", "*thuiszorg*",
            "*ouderenzorg*", "*welzijn*", "wmo", "*eenzaam*", "eenzame", "*ouderen*",
            "*senioren*", "*vrijwillig*", "*dementie*", "*huisarts*", "ggd",
            "*vaccin*", "*corona*", "*covid*", "*griepprik*", "*gezondheid*",
            "*armoede*", "*schuldhulp*", "schulden", "*schuldsanering*",
            "*voedselbank*", "minima", "*minimaregeling*", "*bijstand*", "*uitkering*",
            "*toeslag*", "*jongerenwerk*", "*buurtwerk*", "*buurthuis*", "*wijkteam*",
            "sociaal team", "*kinderopvang*", "*hulpverlen*", "*rolstoel*",
            "*scootmobiel*", "*toegankelijk*", "*inburger*", "*vluchteling*",
            "*opvang", "*mantelzorger*", "*jeugdwerk*", "*ontmoetingsplek*",
            "*ontmoetingsruimte*", "*zorgboerderij*",
        ),
        "dienstverlening": (
            # "melding*", not "*melding*" ("aanmelding", "vermelding"); "trouwen", not
            # "*trouwen" ("vertrouwen").
            "*loket*", "*afspraak*", "*paspoort*", "*rijbewijs*", "*identiteitskaart*",
            "id-kaart*", "*uittreksel*", "verhuis*", "verhuiz*", "brp", "digid*",
            "*burgerzaken*", "*gemeentehuis*", "*stadhuis*", "*stadswinkel*",
            "*openingstijd*", "*klantcontact*", "*servicepunt*", "*formulier*",
            "*aanvraag*", "aanvragen", "aangevraagd", "melding*", "meldpunt*", "*belasting*",
            "ozb", "*kwijtschelding*", "leges", "*huwelijk*", "trouwen", "*trouwlocatie*",
            "*geboorteaangifte*",
            "*overlijdensaangifte*", "*wachttijd*", "telefonisch bereikbaar", "*storing*",
            "*spreekuur*", "*mijngemeente*", "*mijn gemeente*", "*e-mailadres*",
            "*telefoonnummer*", "*bezwaarschrift*", "*bezwaar maken*",
        ),
    },
    patterns={
        # Word edges spelled out rather than \b: see the module docs on speed.
        "verkeer en parkeren": (
            r"(?:^|[^\p{L}\p{N}])(?:15|30|50|60|80)\s?km(?:/u|/h|\s?per\s?uur)?(?:[^\p{L}\p{N}]|$)",
        ),
        "dienstverlening": (r"(?:^|[^\p{L}\p{N}])14\s?0\d{2,3}(?:[^\p{L}\p{N}]|$)",),
        "veiligheid": (r"(?:^|[^\p{L}\p{N}])code\s(?:oranje|rood)(?:[^\p{L}\p{N}]|$)",),
    },
)


def assign_themes(ds: Dataset, rules: ThemeRules = DEFAULT_THEMES) -> pl.DataFrame:
    """Themes of every post, as long rows (a post may have several themes, or none).

    Parameters
    ----------
    ds
        The dataset; each post's ``message`` is matched.
    rules
        The theme rules; :data:`DEFAULT_THEMES` by default.

    Returns
    -------
    polars.DataFrame
        ``container_id``, ``post_id``, ``theme`` (String): one row per post and theme it
        matches, ordered by container, post and the rules' theme order. Posts without a
        theme have no row.

    Examples
    --------
    >>> import polars as pl
    >>> from datetime import datetime, timezone
    >>> import groepsinzicht as gi
    >>> ds = gi.Dataset.from_frames(posts=pl.DataFrame({"container_id": ["g", "g"],
    ...     "post_id": ["p1", "p2"], "created_at": [datetime(2024, 5, 1, tzinfo=timezone.utc)] * 2,
    ...     "message": ["Nieuwe afvalbakken bij de speeltuin", "Ik ga afvallen"]}), kind="group")
    >>> assign_themes(ds).rows()
    [('g', 'p1', 'afval'), ('g', 'p1', 'groen en spelen')]
    """
    themes = rules.themes
    flags = [f"__t{i}" for i in range(len(themes))]
    names = pl.DataFrame(
        {"__flag": flags, "theme": list(themes), "__rank": list(range(len(themes)))},
        schema={"__flag": pl.String, "theme": pl.String, "__rank": pl.Int64},
    )
    empty = pl.DataFrame(schema={"container_id": pl.String, "post_id": pl.String,
                                 "theme": pl.String})
    if not themes:
        return empty
    text = pl.col("message")
    return (
        ds.posts.lazy()
        .filter(text.is_not_null())
        .select(*_KEY, *[text.str.contains(rules.regex(t)).alias(f)
                         for f, t in zip(flags, themes, strict=True)])
        .unpivot(index=_KEY, on=flags, variable_name="__flag", value_name="__hit")
        .filter(pl.col("__hit"))
        .join(names.lazy(), on="__flag", how="inner")
        .sort(*_KEY, "__rank")
        .select(*_KEY, "theme")
        .collect()
    )


def theme_coverage(
    ds: Dataset,
    rules: ThemeRules = DEFAULT_THEMES,
    *,
    every: str = "1mo",
    tz: str = DEFAULT_TZ,
    per_container: bool = False,
) -> pl.DataFrame:
    """Count posts and interactions per theme and period: does every pillar get attention.

    A post counts in each of its themes, so the themes of a period do not add up to its
    posts. Every theme has a row in every period from the first post's period to the
    last one's (over all posts of ``ds``, themed or not), with 0 posts where it had none:
    a pillar left alone shows as a gap rather than a missing row. All containers of
    ``ds`` are counted together, or each on its own with ``per_container=True``.

    Parameters
    ----------
    ds
        The dataset.
    rules
        The theme rules; :data:`DEFAULT_THEMES` by default.
    every
        Period length as a polars duration (``"1w"``, ``"1mo"``, ``"3mo"``).
    tz
        Time zone in which periods start (a month starts at local midnight).
    per_container
        Rows per container too, with a leading ``container_id`` column (every
        container of ``ds`` gets every period and theme).

    Returns
    -------
    polars.DataFrame
        ``period_start`` (Datetime in ``tz``), ``theme``, ``posts`` (Int64) and
        ``interactions`` (Int64: reactions + comments + shares of those posts, each
        max(reported, observed)), ordered by (container,) period and the rules' theme
        order.

    Examples
    --------
    >>> import polars as pl
    >>> from datetime import datetime, timezone
    >>> import groepsinzicht as gi
    >>> ds = gi.Dataset.from_frames(posts=pl.DataFrame({"container_id": ["g", "g"],
    ...     "post_id": ["p1", "p2"], "message": ["Kliko vergeten", "Brand in de flat"],
    ...     "created_at": [datetime(2024, 5, 1, tzinfo=timezone.utc),
    ...                    datetime(2024, 7, 1, tzinfo=timezone.utc)],
    ...     "reported_reactions": [4, 2]}), kind="group")
    >>> cov = theme_coverage(ds)
    >>> cov.filter(pl.col("theme") == "afval").select("posts", "interactions").rows()
    [(1, 4), (0, 0), (0, 0)]
    >>> theme_coverage(ds, per_container=True).columns[:2]
    ['container_id', 'period_start']
    """
    themes = rules.themes
    local = pl.col("created_at").dt.convert_time_zone(tz).dt.truncate(every)
    first = ["container_id"] if per_container else []
    out_schema: dict[str, pl.DataType] = {
        **({"container_id": pl.String()} if per_container else {}),
        "period_start": pl.Datetime("us", tz), "theme": pl.String(), "posts": pl.Int64(),
        "interactions": pl.Int64(),
    }
    bounds = ds.posts.select(local.min().alias("lo"), local.max().alias("hi"))
    lo, hi = bounds.row(0)
    if lo is None or not themes:
        return pl.DataFrame(schema=out_schema)
    periods = (
        pl.datetime_range(lo, hi, every, eager=True, time_zone=tz)
        .dt.truncate(every)
        .unique(maintain_order=True)
        .to_frame("period_start")
    )
    names = pl.DataFrame({"theme": list(themes), "__rank": list(range(len(themes)))},
                         schema={"theme": pl.String, "__rank": pl.Int64})
    counts = (
        assign_themes(ds, rules)
        .join(ds.posts.select(*_KEY, local.alias("period_start")), on=_KEY, how="inner")
        .join(post_interactions(ds).select(*_KEY, "interactions"), on=_KEY, how="left")
        .group_by(*first, "period_start", "theme")
        .agg(pl.len().cast(pl.Int64).alias("posts"),
             pl.col("interactions").fill_null(0).sum().cast(pl.Int64).alias("interactions"))
    )
    grid = periods.join(names, how="cross")
    if per_container:
        grid = ds.containers.select("container_id").unique().join(grid, how="cross")
    return (
        grid.join(counts, on=[*first, "period_start", "theme"], how="left")
        .with_columns(pl.col("posts", "interactions").fill_null(0))
        .sort(*first, "period_start", "__rank")
        .select(*first, pl.col("period_start").cast(out_schema["period_start"]), "theme",
                "posts", "interactions")
    )
