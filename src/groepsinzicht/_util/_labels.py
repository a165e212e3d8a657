"""Labels in Dutch or English: the one table that plots and the report share."""

from __future__ import annotations

from typing import Final, Literal, get_args

from groepsinzicht.errors import ParameterError, shorten

__all__ = ["LABELS", "LANGS", "Lang", "check_lang", "label", "theme_label"]

#: The languages of every label, plot and report.
Lang = Literal["nl", "en"]
LANGS: Final[tuple[str, ...]] = get_args(Lang)

#: ``{key: {"nl": ..., "en": ...}}``; keys are unique across plots and the report.
LABELS: Final[dict[str, dict[str, str]]] = {
    # shared by several plots and the report
    "posts": {"nl": "berichten", "en": "posts"},
    "post": {"nl": "bericht", "en": "post"},
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
    "rt_x": {"nl": "tijd tot het eerste antwoord (logaritmische schaal)",
             "en": "time to the first answer (log scale)"},
    "rt_tick_1": {"nl": "1 min", "en": "1 min"},
    "rt_tick_10": {"nl": "10 min", "en": "10 min"},
    "rt_tick_60": {"nl": "1 uur", "en": "1 hour"},
    "rt_tick_240": {"nl": "4 uur", "en": "4 hours"},
    "rt_tick_1440": {"nl": "1 dag", "en": "1 day"},
    "rt_tick_10080": {"nl": "1 week", "en": "1 week"},
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
    "members_line": {"nl": "leden", "en": "members"},
    "reach_points": {"nl": "melding gekregen per bericht (geschat)",
                     "en": "notified per post (estimated)"},
    "heatmap_masked": {"nl": "leeg: minder dan {n} berichten in dat uur",
                       "en": "blank: fewer than {n} posts in that hour"},
    # formats of content_performance, weekdays (1 = Monday)
    "format_status": {"nl": "tekst", "en": "text"},
    "format_photo": {"nl": "foto", "en": "photo"},
    "format_video": {"nl": "eigen video", "en": "native video"},
    "format_live": {"nl": "live video", "en": "live video"},
    "format_external_video": {"nl": "YouTube/Vimeo-link", "en": "YouTube/Vimeo link"},
    "format_link": {"nl": "link", "en": "link"},
    "format_event": {"nl": "evenement", "en": "event"},
    "format_poll": {"nl": "peiling", "en": "poll"},
    "format_share": {"nl": "gedeeld bericht", "en": "shared post"},
    "format_other": {"nl": "overig", "en": "other"},
    **{f"weekday_short_{i + 1}": {"nl": nl, "en": en} for i, (nl, en) in enumerate(zip(
        ["ma", "di", "wo", "do", "vr", "za", "zo"],
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], strict=True))},
    **{f"weekday_{i + 1}": {"nl": nl, "en": en} for i, (nl, en) in enumerate(zip(
        ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"],
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
        strict=True))},
    **{f"month_{i + 1}": {"nl": nl, "en": en} for i, (nl, en) in enumerate(zip(
        ["jan.", "feb.", "mrt.", "apr.", "mei", "jun.", "jul.", "aug.", "sep.", "okt.",
         "nov.", "dec."],
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
        strict=True))},
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
    # the default themes (groepsinzicht.themes.DEFAULT_THEMES), by their Dutch names
    **{f"theme_name_{nl}": {"nl": nl, "en": en} for nl, en in (
        ("afval", "waste"), ("verkeer en parkeren", "traffic and parking"),
        ("groen en spelen", "parks and play"), ("evenementen", "events"),
        ("veiligheid", "safety"), ("wonen en bouwen", "housing and building"),
        ("zorg en welzijn", "care and welfare"), ("dienstverlening", "public services"))},
    # the digest (Markdown)
    "report_d_title_1d": {"nl": "Dagoverzicht {when}", "en": "Daily digest {when}"},
    "report_d_title_1w": {"nl": "Weekoverzicht {when}", "en": "Weekly digest {when}"},
    "report_d_happened": {"nl": "Wat er gebeurde", "en": "What happened"},
    "report_d_this_1d": {"nl": "deze dag", "en": "this day"},
    "report_d_prev_1d": {"nl": "dag ervoor", "en": "day before"},
    "report_d_this_1w": {"nl": "deze week", "en": "this week"},
    "report_d_prev_1w": {"nl": "week ervoor", "en": "week before"},
    "report_d_top": {"nl": "Best presterende berichten", "en": "Best performing posts"},
    "report_d_no_posts": {"nl": "Geen berichten in deze periode.",
                          "en": "No posts in this period."},
    "report_d_resident_post": {"nl": "bericht van een inwoner", "en": "a resident's post"},
    "report_d_hidden_post": {"nl": "bericht van een onbekende afzender",
                             "en": "a post by an unknown author"},
    "report_d_interactions": {"nl": "{n} interacties", "en": "{n} interactions"},
    "report_d_open": {"nl": "Open vragen van inwoners", "en": "Residents' open questions"},
    "report_d_open_line": {"nl": "{name}: {n} van de {q} vragen uit deze periode staan open",
                           "en": "{name}: {n} of {q} questions from this period are open"},
    "report_d_open_none": {"nl": "Geen vragen van inwoners in deze periode.",
                           "en": "No residents' questions in this period."},
    "report_d_open_line_unknown": {
        "nl": "{name}: {q} vragen uit deze periode; of ze beantwoord zijn is onbekend "
              "(geef het account van de gemeente op met --org-id)",
        "en": "{name}: {q} questions from this period; whether they were answered is "
              "unknown (name the municipality's account with --org-id)",
    },
    "report_d_no_data": {"nl": "Geen gegevens.", "en": "No data."},
    # export formats by reader name, for people
    **{f"format_name_{key}": {"nl": nl, "en": en} for key, nl, en in (
        ("canonical", "groepsinzicht-map (Parquet)", "groepsinzicht folder (Parquet)"),
        ("graph_api", "Graph API", "Graph API"),
        ("facebook_scraper", "facebook-scraper", "facebook-scraper"),
        ("dyi", "Facebook \"Download je informatie\"", "Facebook \"Download your information\""),
        ("crowdtangle", "CrowdTangle", "CrowdTangle"),
        ("insights", "Page Insights", "Page Insights"),
        ("business_suite", "Meta Business Suite", "Meta Business Suite"),
        ("content_library", "Meta Content Library", "Meta Content Library"))},
    "report_m_files": {"nl": "{fmt}: {n} bestanden", "en": "{fmt}: {n} files"},
    "report_m_file": {"nl": "{fmt}: 1 bestand", "en": "{fmt}: 1 file"},
    # the report: page
    "report_title": {"nl": "Groepsinzicht: rapportage", "en": "Group insight: report"},
    "report_period": {"nl": "Periode", "en": "Period"},
    "report_made": {"nl": "Gemaakt op", "en": "Made on"},
    "report_contents": {"nl": "Inhoud", "en": "Contents"},
    "report_none": {"nl": "Geen gegevens voor dit onderdeel.", "en": "No data for this section."},
    "report_unknown": {"nl": "onbekend", "en": "unknown"},
    "report_yes": {"nl": "ja", "en": "yes"},
    "report_no": {"nl": "nee", "en": "no"},
    "report_privacy": {
        "nl": "Inwoners staan in dit rapport alleen als aantallen en anonieme nummers; "
              "namen en teksten van inwoners worden niet getoond.",
        "en": "Residents appear in this report only as counts and anonymous numbers; "
              "their names and texts are not shown.",
    },
    "report_privacy_names": {
        "nl": "Let op: dit rapport toont namen en vragen van inwoners (voor intern gebruik "
              "door webcare). Deel het niet verder.",
        "en": "Note: this report shows residents' names and questions (for internal use "
              "by webcare). Do not pass it on.",
    },
    "report_figure": {"nl": "Figuur", "en": "Figure"},
    # section titles
    "report_findings": {"nl": "Kernpunten", "en": "Key findings"},
    "report_overview": {"nl": "Wat de gegevens bevatten", "en": "What the data hold"},
    "report_activity": {"nl": "Activiteit door de tijd", "en": "Activity over time"},
    "report_best": {"nl": "Best presterende berichten", "en": "Best performing posts"},
    "report_timing": {"nl": "Wanneer posten", "en": "When to post"},
    "report_formats": {"nl": "Welke vormen werken", "en": "Which formats work"},
    "report_conversation": {"nl": "Gesprek of zenden?", "en": "Conversation or broadcast?"},
    "report_questions": {"nl": "Vragen van inwoners", "en": "Residents' questions"},
    "report_themes": {"nl": "Onderwerpen (contentpijlers)", "en": "Topics (content pillars)"},
    "report_reach": {"nl": "Bereik: groep tegenover pagina", "en": "Reach: group versus page"},
    "report_people": {"nl": "Wie praat met wie", "en": "Who talks with whom"},
    "report_quality": {"nl": "Kwaliteit van de gegevens", "en": "Data quality"},
    "report_assumptions": {"nl": "Aannames", "en": "Assumptions"},
    "report_calibration": {"nl": "Toets van het bereiksmodel", "en": "Check of the reach model"},
    "report_methods": {"nl": "Verantwoording", "en": "Methods"},
    # common column labels
    "report_col_name": {"nl": "groep of pagina", "en": "group or page"},
    "report_col_kind": {"nl": "soort", "en": "type"},
    "report_kind_group": {"nl": "groep", "en": "group"},
    "report_kind_page": {"nl": "pagina", "en": "page"},
    "report_col_posts": {"nl": "berichten", "en": "posts"},
    "report_col_comments": {"nl": "reacties", "en": "comments"},
    "report_col_reactions": {"nl": "likes en emoji's", "en": "reactions"},
    "report_col_shares": {"nl": "keer gedeeld", "en": "shares"},
    "report_col_members": {"nl": "leden", "en": "members"},
    "report_col_interactions": {"nl": "interacties", "en": "interactions"},
    "report_col_active": {"nl": "actieve leden", "en": "active members"},
    "report_col_period": {"nl": "vanaf", "en": "from"},
    "report_col_post": {"nl": "bericht", "en": "post"},
    # overview
    "report_overview_note": {
        "nl": "Reacties zijn reacties op berichten, antwoorden op reacties meegeteld. "
              "Leden: bij een groep de leden in de export, bij een pagina de mensen die in "
              "de export voorkomen.",
        "en": "Comments include replies. Members: for a group, the members in the export; "
              "for a page, the people who appear in the export.",
    },
    # activity
    "report_latest_1d": {"nl": "De laatste dag tegenover de dag ervoor",
                         "en": "The latest day against the day before"},
    "report_latest_1w": {"nl": "De laatste week tegenover de week ervoor",
                         "en": "The latest week against the week before"},
    "report_latest_1mo": {"nl": "De laatste maand tegenover de maand ervoor",
                          "en": "The latest month against the month before"},
    "report_latest_other": {"nl": "De laatste periode tegenover de periode ervoor",
                            "en": "The latest period against the one before"},
    "report_col_before": {"nl": "{m} ervoor", "en": "{m} before"},
    "report_activity_note": {
        "nl": "Interacties: likes en emoji's, reacties en keer gedeeld samen. Actieve "
              "leden: mensen die in de periode iets plaatsten, reageerden of een emoji gaven.",
        "en": "Interactions: reactions, comments and shares together. Active members: "
              "people who posted, commented or reacted in the period.",
    },
    "report_alt_timeline": {
        "nl": "Lijngrafiek van het aantal interacties per {every}, één lijn per groep of "
              "pagina: {names}.",
        "en": "Line chart of interactions per {every}, one line per group or page: {names}.",
    },
    "report_every_1d": {"nl": "dag", "en": "day"},
    "report_every_1w": {"nl": "week", "en": "week"},
    "report_every_1mo": {"nl": "maand", "en": "month"},
    "report_every_other": {"nl": "periode", "en": "period"},
    # best posts
    "report_by_org": {"nl": "gemeente", "en": "municipality"},
    "report_by_resident": {"nl": "inwoner", "en": "resident"},
    "report_by_hidden": {"nl": "onbekende afzender", "en": "unknown author"},
    "report_best_note": {
        "nl": "De {n} berichten met de meeste interacties. Van berichten van inwoners "
              "staat alleen de vorm, niet de tekst.",
        "en": "The {n} posts with the most interactions. For residents' posts only the "
              "format is shown, not the text.",
    },
    # timing
    "report_alt_heatmap": {
        "nl": "Raster van weekdagen (rijen) en uren (kolommen); de kleur is het mediane "
              "aantal interacties per bericht. Vakjes met minder dan {n} berichten zijn leeg.",
        "en": "Grid of weekdays (rows) and hours (columns); the colour is the median "
              "interactions per post. Cells with fewer than {n} posts are blank.",
    },
    "report_timing_note": {
        "nl": "Mediaan: het middelste bericht; één uitschieter telt niet zwaar. Tijden "
              "in lokale tijd. Alleen uren met minstens {n} berichten tellen mee.",
        "en": "Median: the middle post, so one outlier does not weigh much. Local time. "
              "Only hours with at least {n} posts count.",
    },
    "report_col_best_time": {"nl": "beste tijdstip", "en": "best time"},
    "report_col_median_interactions": {"nl": "interacties (mediaan)",
                                       "en": "interactions (median)"},
    "report_hour_range": {"nl": "{d} {a}–{b} uur", "en": "{d} {a}:00–{b}:00"},
    # formats
    "report_col_format": {"nl": "vorm", "en": "format"},
    "report_col_mean_interactions": {"nl": "interacties (gemiddeld)",
                                     "en": "interactions (mean)"},
    "report_col_rate": {"nl": "betrokkenheid", "en": "engagement rate"},
    "report_col_best_format": {"nl": "beste vorm", "en": "best format"},
    "report_formats_note": {
        "nl": "Betrokkenheid: interacties gedeeld door het bereik (pagina) of het aantal "
              "leden (groep). Een mediaan over weinig berichten zegt weinig: let op het "
              "aantal berichten.",
        "en": "Engagement rate: interactions divided by the reach (page) or the number of "
              "members (group). A median over few posts says little: mind the number of "
              "posts.",
    },
    "report_alt_formats": {
        "nl": "Staafdiagram van de mediane interacties per bericht per vorm; het best: "
              "{best}.",
        "en": "Bar chart of the median interactions per post for each format; best: {best}.",
    },
    # conversation
    "report_col_commented": {"nl": "met reactie", "en": "with a comment"},
    "report_col_exchange": {"nl": "inwoners praten met elkaar",
                            "en": "residents talk to each other"},
    "report_col_dialogue": {"nl": "gemeente praat mee", "en": "municipality joins in"},
    "report_conversation_note": {
        "nl": "Met reactie: deel van de berichten met minstens één reactie. Inwoners praten "
              "met elkaar: deel van de berichten waaronder een inwoner antwoordt op een "
              "andere inwoner. Gemeente praat mee: van de berichten van de gemeente waarop "
              "anderen reageerden, het deel waarin de gemeente zelf ook reageerde.",
        "en": "With a comment: share of posts with at least one comment. Residents talk to "
              "each other: share of posts where a resident replies to another resident. "
              "Municipality joins in: of the municipality's posts that others commented "
              "on, the share where the municipality commented too.",
    },
    # questions
    "report_col_questions": {"nl": "vragen", "en": "questions"},
    "report_col_24h": {"nl": "antwoord binnen 24 uur", "en": "answered within 24 hours"},
    "report_col_24h_office": {"nl": "binnen 24 kantooruren",
                              "en": "within 24 office hours"},
    "report_col_response": {"nl": "reactietijd (mediaan)", "en": "response time (median)"},
    "report_col_open": {"nl": "open vragen", "en": "open questions"},
    "report_questions_note": {
        "nl": "Een vraag: een bericht of reactie van een inwoner met een vraagteken of een "
              "vraagwoord aan het begin. Beantwoord: de gemeente reageerde daarna in "
              "dezelfde draad. Kantooruren: maandag tot en met vrijdag, 9 tot 17 uur; tijd "
              "daarbuiten telt niet mee. Open: nog geen antwoord van de gemeente.",
        "en": "A question: a resident's post or comment with a question mark or opening "
              "with a question word. Answered: the municipality commented after it in the "
              "same thread. Office hours: Monday to Friday, 9 to 17; time outside them does "
              "not count. Open: no answer from the municipality yet.",
    },
    "report_questions_unknown": {
        "nl": "Welke reacties van de gemeente zijn, is onbekend: geef het account van de "
              "gemeente op (met --org-id op de opdrachtregel). Tot dan staan antwoorden en "
              "open vragen als onbekend.",
        "en": "Which comments are the municipality's is unknown: name its account (with "
              "--org-id on the command line). Until then answers and open questions read "
              "unknown.",
    },
    "report_alt_response": {
        "nl": "Histogram van de tijd tot het eerste antwoord van de gemeente, in minuten op "
              "een logaritmische schaal, met lijnen bij 1 uur en 24 uur.",
        "en": "Histogram of the time to the municipality's first answer, in minutes on a "
              "log scale, with lines at 1 hour and 24 hours.",
    },
    "report_open_list": {"nl": "Open vragen (intern)", "en": "Open questions (internal)"},
    "report_col_date": {"nl": "datum", "en": "date"},
    "report_col_who": {"nl": "wie", "en": "who"},
    "report_col_question": {"nl": "vraag", "en": "question"},
    "report_minutes": {"nl": "{m} min", "en": "{m} min"},
    "report_hours": {"nl": "{h} uur {m} min", "en": "{h} h {m} min"},
    "report_days": {"nl": "{d} dagen", "en": "{d} days"},
    # themes
    "report_col_top_theme": {"nl": "meeste berichten over", "en": "most posts about"},
    "report_col_quiet_themes": {"nl": "geen berichten over", "en": "no posts about"},
    "report_themes_note": {
        "nl": "Onderwerpen worden herkend aan trefwoorden in de tekst; een bericht kan over "
              "meer onderwerpen gaan.",
        "en": "Topics are recognised by keywords in the text; a post can be about several.",
    },
    "report_alt_themes": {
        "nl": "Gestapeld staafdiagram van het aantal berichten per onderwerp per maand.",
        "en": "Stacked bar chart of posts per topic per month.",
    },
    # reach
    "report_reach_note": {
        "nl": "Hoeveel leden een groepsbericht ziet, staat in geen enkele export. Het is "
              "geschat met een model van meldingen: tot {t} leden krijgt ieder lid een "
              "melding (behalve wie meldingen uit heeft), daarboven alleen bij "
              "uitgelichte berichten. Zie Aannames. Het bereik van paginaberichten is "
              "gemeten (uit de export) of, waar dat ontbreekt, geschat.",
        "en": "No export says how many members see a group post. It is estimated with a "
              "model of notifications: up to {t} members every member is notified (except "
              "those who switched notifications off), above that only for highlights. See "
              "Assumptions. Page reach is measured (from the export) or, where missing, "
              "estimated.",
    },
    "report_col_reach_median": {"nl": "bereik per bericht (mediaan)",
                                "en": "reach per post (median)"},
    "report_col_source": {"nl": "bron", "en": "source"},
    "report_col_per100": {"nl": "interacties per 100 bereikt",
                          "en": "interactions per 100 reached"},
    "report_source_modelled": {"nl": "geschat (meldingen)", "en": "estimated (notifications)"},
    "report_source_observed": {"nl": "gemeten", "en": "measured"},
    "report_source_estimated": {"nl": "geschat (volgers)", "en": "estimated (followers)"},
    "report_source_mixed": {"nl": "deels gemeten", "en": "partly measured"},
    "report_alt_growth": {
        "nl": "Per groep een paneel: het aantal leden door de tijd, de grens van {t} leden "
              "als stippellijn, en per bericht het geschatte aantal leden met een melding "
              "met een band voor de onzekerheid. Groepen: {names}.",
        "en": "One panel per group: members over time, the {t}-member mark as a dashed "
              "line, and per post the estimated members notified with a band for the "
              "uncertainty. Groups: {names}.",
    },
    "report_alt_compare": {
        "nl": "Per groep en pagina een rij stippen: het bereik van elk bericht, met een "
              "streep bij de mediaan.",
        "en": "One row of dots per group and page: each post's reach, with a bar at the "
              "median.",
    },
    # people
    "report_col_gini": {"nl": "ongelijkheid (Gini)", "en": "inequality (Gini)"},
    "report_col_top10": {"nl": "deel van de actiefste 10%", "en": "share of the top 10%"},
    "report_col_lurkers": {"nl": "alleen meelezers", "en": "lurkers"},
    "report_people_note": {
        "nl": "Ongelijkheid (Gini): 0 als iedereen even actief is, 1 als één persoon alles "
              "doet. Deel van de actiefste 10%: welk deel van alle berichten, reacties en "
              "emoji's van de actiefste tiende komt. Alleen meelezers: leden die niets "
              "plaatsten of reageerden.",
        "en": "Inequality (Gini): 0 when everyone is equally active, 1 when one person does "
              "everything. Share of the top 10%: the share of all posts, comments and "
              "reactions made by the most active tenth. Lurkers: members who never posted "
              "or reacted.",
    },
    "report_alt_lorenz": {
        "nl": "Lorenz-curve per groep of pagina: hoe verder onder de diagonaal, hoe meer een "
              "kleine kern het gesprek voert. {names}.",
        "en": "Lorenz curve per group or page: the further below the diagonal, the more a "
              "small core does the talking. {names}.",
    },
    "report_connectors": {"nl": "Verbinders", "en": "Connectors"},
    "report_connectors_note": {
        "nl": "Mensen die veel gesprekken verbinden (op volgorde van invloed in het netwerk). "
              "Brugfunctie: zonder deze persoon valt het netwerk uiteen.",
        "en": "People who connect many conversations (ordered by influence in the network). "
              "Bridge: without this person the network falls apart.",
    },
    "report_network": {
        "nl": "{nodes} mensen zijn met elkaar in gesprek via {edges} verbindingen (wie "
              "reageert op wie).",
        "en": "{nodes} people are in conversation through {edges} links (who responds to "
              "whom).",
    },
    "report_member": {"nl": "lid {n}", "en": "member {n}"},
    "report_col_responds": {"nl": "reageert op", "en": "responds to"},
    "report_col_gets": {"nl": "krijgt reactie van", "en": "responses from"},
    "report_col_bridge": {"nl": "brugfunctie", "en": "bridge"},
    # data quality
    "report_col_comments_complete": {"nl": "reacties in de export",
                                     "en": "comments in the export"},
    "report_col_reactions_complete": {"nl": "likes en emoji's in de export",
                                      "en": "reactions in the export"},
    "report_quality_note": {
        "nl": "Volledigheid van de export: het deel van de gemelde reacties en emoji's dat "
              "ook los in de export staat. Onder 100% ontbreken er (verwijderd, privé of "
              "niet geëxporteerd); tellingen gebruiken de gemelde totalen.",
        "en": "Completeness of the export: the share of the reported comments and "
              "reactions that the export holds one by one. Below 100% some are missing "
              "(deleted, private or not exported); counts use the reported totals.",
    },
    "report_q_rejected": {"nl": "Afgekeurde regels (niet te lezen): {n}",
                          "en": "Rejected records (unreadable): {n}"},
    "report_q_duplicates": {"nl": "Dubbele regels (één keer geteld): {n}",
                            "en": "Duplicate records (counted once): {n}"},
    "report_q_nulled": {"nl": "Onmogelijke waarden leeggemaakt: {n}",
                        "en": "Implausible values emptied: {n}"},
    "report_q_broken": {"nl": "Antwoorden waarvan de reactie ontbreekt: {n}",
                        "en": "Replies whose parent comment is missing: {n}"},
    "report_q_orphans": {"nl": "Reacties op berichten die niet in de export staan: {n}",
                         "en": "Comments on posts not in the export: {n}"},
    "report_q_org": {"nl": "Account van de gemeente bekend: {v}",
                     "en": "Municipality's account known: {v}"},
    "report_q_org_unknown": {
        "nl": "Account van de gemeente onbekend in: {names} (geef het op met --org-id)",
        "en": "Municipality's account unknown in: {names} (name it with --org-id)",
    },
    # assumptions
    "report_assumptions_intro": {
        "nl": "Het bereik van groepsberichten is geschat. Dit zijn de aannames; de "
              "bandbreedtes bepalen de intervallen, en tellen meer dan de puntwaarden.",
        "en": "The reach of group posts is estimated. These are the assumptions; the "
              "ranges drive the intervals and matter more than the point values.",
    },
    "report_a_threshold": {
        "nl": "Grens voor uitgelichte berichten: {v} leden. Bron: beschrijvingen van "
              "praktijkmensen (2018), niet bevestigd in de huidige documentatie van "
              "Facebook.",
        "en": "Highlights threshold: {v} members. Source: practitioners' descriptions "
              "(2018), not confirmed by current Facebook documentation.",
    },
    "report_a_opt_out": {
        "nl": "Deel van de leden met meldingen uit: {v} (bandbreedte {lo}–{hi}). Bron: "
              "aanname, er is geen gepubliceerd cijfer.",
        "en": "Share of members with notifications off: {v} (range {lo}–{hi}). Source: "
              "assumption, no published figure.",
    },
    "report_a_highlight": {
        "nl": "Kans dat een lid boven de grens een melding krijgt van een bericht: {v} "
              "(bandbreedte {lo}–{hi}). Bron: aanname, er is geen gepubliceerd cijfer "
              "(Facebook kiest uitgelichte berichten per persoon).",
        "en": "Chance that a member above the threshold is notified of a post: {v} (range "
              "{lo}–{hi}). Source: assumption, no published figure (Facebook picks "
              "highlights per person).",
    },
    "report_a_policy_constant": {
        "nl": "Elk bericht heeft dezelfde kans om uitgelicht te worden (aanname).",
        "en": "Every post has the same chance of being a highlight (assumption).",
    },
    "report_a_policy_engagement": {
        "nl": "Berichten met meer interacties worden vaker uitgelicht (aanname).",
        "en": "Posts with more interactions are more often highlights (assumption).",
    },
    "report_a_basis_at_post": {
        "nl": "Telt de groepsgrootte op het moment van het bericht (aanname).",
        "en": "The group's size at the time of the post counts (assumption).",
    },
    "report_a_basis_at_join": {
        "nl": "Een lid houdt de meldingen die golden toen het lid werd (aanname).",
        "en": "A member keeps the notifications that applied when they joined (assumption).",
    },
    "report_a_page": {
        "nl": "Pagina zonder gemeten bereik: {v} van de volgers. Bron: Hootsuite (2020), "
              "gemiddeld organisch bereik van een paginabericht.",
        "en": "Page without measured reach: {v} of the followers. Source: Hootsuite (2020), "
              "average organic reach of a page post.",
    },
    "report_a_set": {"nl": " (zelf ingesteld)", "en": " (set by the caller)"},
    # methods
    "report_m_exports": {"nl": "Exports", "en": "Exports"},
    "report_m_period": {"nl": "Periode: {a} tot en met {b} (lokale tijd, {tz}).",
                        "en": "Period: {a} to {b} (local time, {tz})."},
    "report_m_sample": {"nl": "voorbeeldgegevens van de fictieve gemeente Voorbeeldstad",
                        "en": "sample data of the fictional municipality of Voorbeeldstad"},
    "report_m_definitions": {"nl": "Zo is gemeten", "en": "How it is measured"},
    "report_m_interactions": {
        "nl": "Interacties: likes en emoji's, reacties en keer gedeeld samen; per bericht "
              "het hoogste van het gemelde en het getelde aantal.",
        "en": "Interactions: reactions, comments and shares together; per post the higher "
              "of the reported and the counted number.",
    },
    "report_m_questions": {
        "nl": "Vragen en antwoorden: zie de toelichting bij Vragen van inwoners. Kantooruren: "
              "maandag tot en met vrijdag, 9 tot 17 uur, lokale tijd.",
        "en": "Questions and answers: see the note under Residents' questions. Office "
              "hours: Monday to Friday, 9 to 17, local time.",
    },
    "report_m_reach": {
        "nl": "Bereik van groepsberichten: het verwachte aantal leden met een melding, met "
              "een interval van 5% tot 95% over de bandbreedtes van de aannames.",
        "en": "Reach of group posts: the expected number of members notified, with a 5% to "
              "95% interval over the ranges of the assumptions.",
    },
    "report_m_gini": {
        "nl": "Ongelijkheid: de Gini-coëfficiënt over berichten, reacties en emoji's per lid.",
        "en": "Inequality: the Gini coefficient of posts, comments and reactions per member.",
    },
    "report_m_network": {
        "nl": "Netwerk: wie reageert op wie (reacties, antwoorden, emoji's); invloed is de "
              "PageRank in dat netwerk.",
        "en": "Network: who responds to whom (comments, replies, reactions); influence is "
              "the PageRank in that network.",
    },
    "report_m_made": {"nl": "Gemaakt met groepsinzicht {v}.", "en": "Made with groepsinzicht {v}."},
    # key findings
    "report_f_reach": {
        "nl": "Een bericht in **{group}** bereikt naar schatting **{n} leden** (90%: "
              "{lo}–{hi}) via meldingen; een bericht op de pagina **{page}** bereikte "
              "doorgaans (mediaan) **{m} mensen** ({source}).",
        "en": "A post in **{group}** reaches an estimated **{n} members** (90%: {lo}–{hi}) "
              "through notifications; a post on the page **{page}** typically (median) "
              "reached **{m} people** ({source}).",
    },
    "report_f_reach_group": {
        "nl": "Een bericht in **{group}** bereikt naar schatting **{n} leden** (90%: "
              "{lo}–{hi}) via meldingen.",
        "en": "A post in **{group}** reaches an estimated **{n} members** (90%: {lo}–{hi}) "
              "through notifications.",
    },
    "report_f_reach_page": {
        "nl": "Een bericht op de pagina **{page}** bereikte doorgaans (mediaan) **{m} "
              "mensen** ({source}).",
        "en": "A post on the page **{page}** typically (median) reached **{m} people** "
              "({source}).",
    },
    "report_f_growth": {
        "nl": "Sinds **{date}** heeft {group} {t} leden of meer. Daarna krijgt naar "
              "schatting nog **{after}** van de leden een melding van een nieuw bericht, "
              "tegen **{before}** daarvoor.",
        "en": "Since **{date}** {group} has {t} members or more. Since then an estimated "
              "**{after}** of the members are notified of a new post, against **{before}** "
              "before.",
    },
    "report_f_above": {
        "nl": "{group} heeft {t} leden of meer: naar schatting krijgt maar **{after}** van "
              "de leden een melding van een nieuw bericht.",
        "en": "{group} has {t} members or more: an estimated **{after}** of the members "
              "are notified of a new post.",
    },
    "report_f_questions": {
        "nl": "**{share}** van de vragen van inwoners kreeg binnen 24 uur antwoord van de "
              "gemeente ({office} binnen 24 kantooruren); **{open}** staan nog open.",
        "en": "**{share}** of residents' questions were answered by the municipality within "
              "24 hours ({office} within 24 office hours); **{open}** are still open.",
    },
    "report_f_questions_unknown": {
        "nl": "Of vragen van inwoners beantwoord zijn is **onbekend**: geef het account van "
              "de gemeente op (--org-id).",
        "en": "Whether residents' questions were answered is **unknown**: name the "
              "municipality's account (--org-id).",
    },
    "report_f_no_questions": {
        "nl": "Er staan geen vragen van inwoners in de gegevens.",
        "en": "The data hold no questions from residents.",
    },
    "report_n_questions": {"nl": "{n} vragen", "en": "{n} questions"},
    "report_n_question": {"nl": "1 vraag", "en": "1 question"},
    "report_of": {"nl": "{a} van de {b}", "en": "{a} of {b}"},
    "report_f_time": {
        "nl": "Berichten op **{when}** krijgen de meeste interacties (mediaan {m}, "
              "{n} berichten).",
        "en": "Posts on **{when}** get the most interactions (median {m}, {n} posts).",
    },
    "report_f_format": {
        "nl": "**{best}** werkt het best (mediaan {a} interacties per bericht, {na} "
              "berichten); **{worst}** het minst (mediaan {b}, {nb} berichten).",
        "en": "**{best}** works best (median {a} interactions per post, {na} posts); "
              "**{worst}** least (median {b}, {nb} posts).",
    },
    "report_f_none": {
        "nl": "Te weinig gegevens voor kernpunten.",
        "en": "Too few data for key findings.",
    },
    "report_daypart_0": {"nl": "nacht", "en": "night"},
    "report_daypart_1": {"nl": "ochtend", "en": "morning"},
    "report_daypart_2": {"nl": "middag", "en": "afternoon"},
    "report_daypart_3": {"nl": "avond", "en": "evening"},
    "report_daypart_when": {"nl": "{day}{part} ({a}–{b} uur)",
                            "en": "{day} {part} ({a}:00–{b}:00)"},
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


def theme_label(theme: str, lang: Lang) -> str:
    """A theme's name in ``lang`` where it is one of the default themes, else as given.

    Examples
    --------
    >>> theme_label("afval", "en"), theme_label("kermis", "en")
    ('waste', 'kermis')
    """
    entry = LABELS.get(f"theme_name_{theme}")
    return theme if entry is None else entry[check_lang(lang)]


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
