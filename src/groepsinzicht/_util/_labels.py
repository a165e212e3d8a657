"""Labels in Dutch or English: the one table that plots and the report share."""

from __future__ import annotations

from typing import Final, Literal, get_args

from groepsinzicht.errors import ParameterError, shorten

__all__ = ["LABELS", "LANGS", "Lang", "check_lang", "label"]

#: The languages of every label, plot and report.
Lang = Literal["nl", "en"]
LANGS: Final[tuple[str, ...]] = get_args(Lang)

#: ``{key: {"nl": ..., "en": ...}}``; keys are unique across plots and the report.
LABELS: Final[dict[str, dict[str, str]]] = {
    # shared by several plots and the report
    "posts": {"nl": "berichten", "en": "posts"},
    "interactions": {"nl": "interacties", "en": "interactions"},
    "members": {"nl": "leden", "en": "members"},
    "no_data": {"nl": "geen gegevens", "en": "no data"},
    # engagement plots
    "timeline_title": {"nl": "Activiteit per periode", "en": "Activity per period"},
    "period": {"nl": "periode (begin, lokale tijd)", "en": "period (start, local time)"},
    "comments": {"nl": "reacties", "en": "comments"},
    "reactions": {"nl": "likes en andere emoji-reacties", "en": "reactions"},
    "shares": {"nl": "keer gedeeld", "en": "shares"},
    "active_members": {"nl": "actieve leden", "en": "active members"},
    "new_members": {"nl": "nieuwe leden", "en": "new members"},
    "heatmap_title": {"nl": "Wanneer posten: betrokkenheid per weekdag en uur",
                      "en": "When to post: engagement by weekday and hour"},
    "heatmap_posts_title": {"nl": "Wanneer wordt er gepost: berichten per weekdag en uur",
                            "en": "When posts go out: posts by weekday and hour"},
    "hour": {"nl": "uur (lokale tijd)", "en": "hour (local time)"},
    "weekday": {"nl": "weekdag", "en": "weekday"},
    "median": {"nl": "mediaan per bericht", "en": "median per post"},
    "content_title": {"nl": "Welke vormen werken", "en": "Which formats work"},
    "interactions_median": {"nl": "mediaan interacties per bericht",
                            "en": "median interactions per post"},
    "interactions_mean": {"nl": "gemiddeld aantal interacties per bericht",
                          "en": "mean interactions per post"},
    "engagement_rate_median": {"nl": "mediaan betrokkenheid (interacties per bereik of "
                                     "per lid)",
                               "en": "median engagement rate (per reach or per member)"},
    "format": {"nl": "vorm", "en": "format"},
    "post_type": {"nl": "soort bericht", "en": "post type"},
    "lorenz_title": {"nl": "Wie draagt bij (Lorenz-curve)",
                     "en": "Who contributes (Lorenz curve)"},
    "lorenz_x": {"nl": "aandeel leden (minst actief eerst)",
                 "en": "share of members (least active first)"},
    "lorenz_y": {"nl": "aandeel van alle bijdragen", "en": "share of all contributions"},
    "equality": {"nl": "iedereen even actief", "en": "everyone equally active"},
    "empty": {"nl": "geen gegevens", "en": "no data"},
    # graph plots
    "graph_title": {"nl": "Wie reageert op wie", "en": "Who interacts with whom"},
    "shown": {"nl": "de {k} actiefste van {n} leden", "en": "the {k} most active of {n} members"},
    "organization": {"nl": "organisatie", "en": "organisation"},
    "graph_empty": {"nl": "geen interacties", "en": "no interactions"},
    "degree_title": {"nl": "Gradenverdeling", "en": "Degree distribution"},
    "degree": {"nl": "graad (aantal gesprekspartners)", "en": "degree (number of partners)"},
    "count": {"nl": "aantal leden", "en": "number of members"},
    "in": {"nl": "inkomend", "en": "incoming"},
    "out": {"nl": "uitgaand", "en": "outgoing"},
    # conversation plots
    "title_posts": {"nl": "Berichten per thema", "en": "Posts per theme"},
    "title_interactions": {"nl": "Interacties per thema", "en": "Interactions per theme"},
    "theme_period": {"nl": "periode", "en": "period"},
    "theme": {"nl": "thema", "en": "theme"},
    "rt_title": {"nl": "Reactietijd van de organisatie op vragen van inwoners",
                 "en": "Organisation response time to residents' questions"},
    "rt_x": {"nl": "minuten tot het eerste antwoord (log-schaal)",
             "en": "minutes to the first answer (log scale)"},
    "rt_y": {"nl": "vragen", "en": "questions"},
    "1h": {"nl": "1 uur", "en": "1 hour"},
    "24h": {"nl": "24 uur", "en": "24 hours"},
    "no_answers": {"nl": "geen beantwoorde vragen", "en": "no answered questions"},
    "rt_summary": {
        "nl": "{n} vragen: {a1} binnen 1 uur, {a24} binnen 24 uur, {u} onbeantwoord",
        "en": "{n} questions: {a1} within 1 hour, {a24} within 24 hours, {u} unanswered",
    },
    # reach plots
    "curve_title": {"nl": "Meldingsbereik per groepsgrootte",
                    "en": "Notification reach by group size"},
    "members_x": {"nl": "leden in de groep", "en": "members in the group"},
    "notified_y": {"nl": "verwacht aantal leden met een melding per bericht",
                   "en": "expected members notified per post"},
    "expected": {"nl": "verwacht", "en": "expected"},
    "interval": {"nl": "5–95%-interval (aannames)", "en": "5–95% interval (assumptions)"},
    "threshold": {"nl": "drempel: {n} leden", "en": "threshold: {n} members"},
    "page_median": {"nl": "mediaan bereik pagina ({v:.0f})",
                    "en": "page median reach ({v:.0f})"},
    "cmp_title": {"nl": "Groep versus pagina: bereik per bericht",
                  "en": "Group versus page: reach per post"},
    "reach_x": {"nl": "bereik per bericht", "en": "reach per post"},
    "group": {"nl": "groep (gemodelleerd)", "en": "group (modelled)"},
    "page": {"nl": "pagina (gemeten of geschat)", "en": "page (observed or estimated)"},
    "reach_median": {"nl": "mediaan", "en": "median"},
    "break_even": {"nl": "gelijk bij een groep van {n} leden",
                   "en": "break-even at a group of {n} members"},
    "no_break_even": {"nl": "geen groepsgrootte haalt het paginabereik",
                      "en": "no group size reaches the page's reach"},
    "growth_title": {"nl": "Groei van de groep en gemodelleerd bereik per bericht",
                     "en": "Group growth and modelled reach per post"},
    "date": {"nl": "datum", "en": "date"},
    "people_y": {"nl": "leden", "en": "members"},
    "members_line": {"nl": "{c}: leden", "en": "{c}: members"},
    "reach_points": {"nl": "{c}: verwacht bereik per bericht",
                     "en": "{c}: expected reach per post"},
    # calibration from "Seen by" counts (plot, report, template)
    "cal_title": {"nl": "Kalibratie: 'Gezien door' per groepsbericht",
                  "en": "Calibration: 'Seen by' per group post"},
    "cal_x": {"nl": "leden die een melding kunnen krijgen", "en": "eligible members"},
    "cal_y": {"nl": "gezien door", "en": "seen by"},
    "cal_all": {"nl": "onder de drempel (alle berichten)",
                "en": "below the threshold (all posts)"},
    "cal_highlights": {"nl": "vanaf de drempel (hoogtepunten)",
                       "en": "from the threshold (highlights)"},
    "cal_fit": {"nl": "gekalibreerd gemiddelde, 90%-interval",
                "en": "calibrated mean, 90% interval"},
    "cal_prior": {"nl": "niet gemeten: aanname (prior)", "en": "not measured: prior"},
    "cal_assumption": {
        "nl": "Aanname: 'gezien' is gelezen als 'melding gekregen'. Leden zien ook berichten "
              "zonder melding, en niet iedereen met een melding opent het bericht.",
        "en": "Assumption: 'seen' is read as 'notified'. Members also see posts without a "
              "notification, and not everyone notified opens the post.",
    },
    "cal_template": {
        "nl": "Gezien door: noteer per bericht het getal onder 'Gezien door' in de kolom "
              "seen_by, minstens 48 uur (liefst een week) na het bericht, en de datum en "
              "tijd van noteren in recorded_at (bijv. 8-5-2026 14:30). Laat een bericht "
              "leeg als u het niet telt. Regels met # worden overgeslagen.",
        "en": "Seen by: for each post, note the number under 'Seen by' in the column "
              "seen_by, at least 48 hours (preferably a week) after the post, and the date "
              "and time you noted it in recorded_at (e.g. 2026-05-08 14:30). Leave a post "
              "empty if you do not count it. Lines starting with # are skipped.",
    },
    # the report
    "report_title": {"nl": "Groepsinzicht: rapportage", "en": "Group insight: report"},
    "report_period": {"nl": "Periode", "en": "Period"},
    "report_made": {"nl": "Gemaakt", "en": "Made"},
    "report_data": {"nl": "Wat de gegevens bevatten", "en": "What the data hold"},
    "report_activity": {"nl": "Activiteit door de tijd", "en": "Activity over time"},
    "report_latest": {"nl": "Laatste periode tegenover de vorige",
               "en": "Latest period against the one before"},
    "report_best": {"nl": "Best presterende berichten", "en": "Best performing posts"},
    "report_when": {"nl": "Wanneer posten", "en": "When to post"},
    "report_formats": {"nl": "Welke vormen werken", "en": "Which formats work"},
    "report_conversation": {"nl": "Gesprek of zenden?", "en": "Conversation or broadcast?"},
    "report_questions": {"nl": "Vragen van inwoners", "en": "Residents' questions"},
    "report_themes": {"nl": "Contentpijlers (thema's)", "en": "Content pillars (themes)"},
    "report_reach": {"nl": "Bereik: groep tegenover pagina", "en": "Reach: group versus page"},
    "report_growth": {"nl": "Groei van de groepen en de 250-grens",
               "en": "Group growth and the 250 mark"},
    "report_people": {"nl": "Wie praat met wie", "en": "Who talks with whom"},
    "report_connectors": {"nl": "Verbinders (anoniem)", "en": "Connectors (anonymous)"},
    "report_assumptions": {"nl": "Aannames", "en": "Assumptions"},
    "report_none": {"nl": "Geen gegevens voor dit onderdeel.", "en": "No data for this section."},
    "report_member": {"nl": "lid", "en": "member"},
    "report_org": {"nl": "organisatie", "en": "organisation"},
    "report_resident": {"nl": "inwoner", "en": "resident"},
    "report_hidden": {"nl": "verborgen", "en": "hidden"},
    "report_open": {"nl": "open vragen (zonder antwoord van de organisatie)",
             "en": "open questions (no answer from the organisation)"},
    "report_privacy": {
        "nl": "Inwoners staan in dit rapport alleen als aantallen en anonieme nummers; "
              "namen en teksten van inwoners worden niet getoond.",
        "en": "Residents appear in this report only as counts and anonymous numbers; "
              "their names and texts are not shown.",
    },
    "report_reach_note": {
        "nl": "Het bereik van groepsberichten is een model (meldingen), met interval; "
              "het bereik van paginaberichten komt uit de export of is geschat.",
        "en": "The reach of group posts is a model (notifications), with an interval; "
              "page reach is taken from the export or estimated.",
    },
}


def check_lang(lang: object) -> Lang:
    """Return ``lang`` if it is a supported language, else raise :class:`ParameterError`.

    Examples
    --------
    >>> check_lang("en")
    'en'
    """
    if lang == "nl":
        return "nl"
    if lang == "en":
        return "en"
    raise ParameterError(f"lang: expected 'nl' or 'en', got {shorten(lang)}")


def label(key: str, lang: Lang) -> str:
    """Look up a label in Dutch or English.

    Parameters
    ----------
    key
        A key of :data:`LABELS`.
    lang
        ``"nl"`` or ``"en"``.

    Examples
    --------
    >>> label("posts", "nl")
    'berichten'
    >>> label("posts", "en")
    'posts'
    """
    return LABELS[key][check_lang(lang)]
