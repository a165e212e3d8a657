from __future__ import annotations

import re
from datetime import UTC, datetime
from importlib import resources

import polars as pl
import pytest

import groepsinzicht as gi
from groepsinzicht.reporting import SECTIONS
from groepsinzicht.reporting._format import fmt_date, fmt_minutes, fmt_num, fmt_pct
from tests._visible import snake_case_words, visible_text

EN_SECTIONS = (
    "Key findings", "What the data hold", "Activity over time", "Best performing posts",
    "When to post", "Which formats work", "Conversation or broadcast?",
    "Residents' questions", "Topics (content pillars)", "Reach: group versus page",
    "Who talks with whom", "Data quality", "Assumptions", "Methods")


def _findings(page: str) -> list[str]:
    block = re.search(r'<ul class="findings">(.*?)</ul>', page, re.S)
    assert block, "no key findings list"
    return [visible_text(li) for li in re.findall(r"<li>(.*?)</li>", block.group(1), re.S)]


def test_sections_in_order(sample_report_en):
    assert sample_report_en.sections == EN_SECTIONS
    assert sample_report_en.html.count("<h2>") == len(EN_SECTIONS)
    assert sample_report_en.html.count("data:image/svg+xml;base64,") >= 2 * 8


def test_key_findings_first_with_numbers(sample_report_nl, sample_report_en):
    for rep, word in ((sample_report_nl, "Kernpunten"), (sample_report_en, "Key findings")):
        assert rep.sections[0] == word
        first_section = rep.html.index("<section")
        assert rep.html.index(f"<h2>{word}</h2>") > first_section
        sentences = _findings(rep.html)
        assert 3 <= len(sentences) <= 6
        assert all(re.search(r"\d", s) for s in sentences)
    nl = " ".join(_findings(sample_report_nl.html))
    # A modelled number carries its 90% interval; the page's reach is measured here.
    assert re.search(r"\(90%: \d+–\d+\)", nl)
    assert "(gemeten)" in nl
    assert "binnen 24 uur antwoord van de gemeente" in nl
    assert "250 leden of meer" in nl
    en = " ".join(_findings(sample_report_en.html))
    assert "reaches an estimated" in en and "within 24 hours" in en


def test_questions_unknown_without_organisation():
    # The synthetic data with nobody marked as the organisation: open questions read
    # "onbekend", never 0.
    ds = gi.load_sample().filter(since=datetime(2024, 6, 1, tzinfo=UTC))
    groups = ds.containers.filter(pl.col("kind") == "group").get_column("container_id")
    ds = ds.filter(containers=groups)
    ds = gi.Dataset.from_frames(
        posts=ds.posts, comments=ds.comments,
        members=ds.members.with_columns(pl.lit(False).alias("is_organization")),
        containers=ds.containers)
    with pytest.warns(gi.errors.DataQualityWarning, match="report: the organisation of 3") as rec:
        rep = gi.report(ds)
    assert len(rec) == 1  # one warning for the whole report
    findings = " ".join(_findings(rep.html))
    assert "Of vragen van inwoners beantwoord zijn is onbekend" in findings
    assert "--org-id" in findings
    questions = rep.html[rep.html.index('id="questions"'):rep.html.index('id="themes"')]
    assert "onbekend" in visible_text(questions)
    quality = visible_text(rep.html[rep.html.index('id="quality"'):])
    assert "Account van de gemeente onbekend in: " in quality


def test_no_resident_names_or_texts(sample_ds, sample_report_en, sample_report_nl):
    residents = sample_ds.members.filter(~pl.col("is_organization"))
    names = residents.get_column("name").drop_nulls().unique().to_list()
    assert names, "the sample should have named residents to check against"
    org = sample_ds.members.filter(pl.col("is_organization")).get_column("member_id")
    texts = (sample_ds.comments.filter(~pl.col("author_id").is_in(org.to_list()))
             .get_column("message").drop_nulls().unique().to_list())
    for page in (sample_report_en.html, sample_report_nl.html):
        assert not [n for n in names if n in page]
        assert not [t for t in texts if len(t) > 25 and t in page]


def test_show_names_lists_open_questions_and_connectors(sample_ds):
    rep = gi.report(sample_ds.filter(since=datetime(2024, 6, 1, tzinfo=UTC)),
                    show_names=True)
    assert "Open vragen (intern)" in rep.html
    assert "Let op: dit rapport toont namen" in rep.html
    residents = sample_ds.members.filter(~pl.col("is_organization")).get_column("name")
    assert [n for n in residents.drop_nulls().unique().to_list() if n in rep.html]


def test_no_snake_case_in_visible_text(sample_report_nl, sample_report_en):
    assert snake_case_words(sample_report_nl.html) == []
    assert snake_case_words(sample_report_en.html) == []


def test_dutch_numbers_dates_and_words(sample_report_nl):
    text = visible_text(sample_report_nl.html)
    assert "1.051" in text  # the page's comments
    assert "1,051" not in text
    assert re.search(r"\b\d{1,3}%", text)
    assert not re.search(r"\b0\.\d\d\b", text)  # no shares written as 0.94
    assert re.search(r"\b\d{1,2} (jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec)\.? 2024",
                     text)
    assert not re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d", text)  # no raw timestamps
    for english in ("Key findings", "members", "unknown", "Assumptions"):
        assert english not in text


def test_english_is_wholly_english(sample_report_en):
    text = visible_text(sample_report_en.html)
    assert "1,051" in text
    for dutch in ("Kernpunten", "leden", "onbekend", "berichten", "gemeente praat",
                  "Aannames", "reacties"):
        assert dutch not in text, dutch
    assert '<html lang="en">' in sample_report_en.html


def test_figures_have_alt_text_and_page_is_self_contained(sample_report_nl):
    page = sample_report_nl.html
    alts = re.findall(r'<img alt="([^"]*)"', page)
    assert len(alts) >= 7
    assert all(len(a) > 30 for a in alts)
    assert page.count("<style>") == 1
    assert "<link" not in page and 'src="http' not in page and "<script" not in page
    assert 'scope="col"' in page and 'role="table"' in page


def test_assumptions_are_a_list_in_words(sample_report_nl, sample_report_en):
    nl = sample_report_nl.html
    block = nl[nl.index('id="assumptions"'):nl.index('id="methods"')]
    assert "NotificationModel" not in nl
    assert block.count("<li>") >= 5
    assert "Grens voor uitgelichte berichten: 250 leden" in block
    assert "10% (bandbreedte 5%–30%)" in block
    en = sample_report_en.html
    assert "Share of members with notifications off: 10% (range 5%–30%)" in en


def test_latest_period_one_row_per_container(sample_report_nl, sample_ds):
    page = sample_report_nl.html
    block = page[page.index('id="t-latest"'):]
    block = block[:block.index("</table>")]
    assert block.count('<tr role="row">') == sample_ds.containers.height
    assert "De laatste week tegenover de week ervoor" in page
    assert "berichten ervoor" in visible_text(block)


def test_page_only_reach_finding(fixtures_dir):
    rep = gi.report(gi.load(fixtures_dir / "meta_business_suite_csv_nl"))
    findings = " ".join(_findings(rep.html))
    assert re.search(r"Een bericht op de pagina .+ bereikte doorgaans \(mediaan\) "
                     r"[\d.]+ mensen \(gemeten\)", findings)


def test_data_quality_and_methods(sample_report_en):
    page = sample_report_en.html
    quality = visible_text(page[page.index('id="quality"'):page.index('id="assumptions"')])
    assert "Rejected records (unreadable): 0" in quality
    assert "Municipality's account known: yes" in quality
    methods = visible_text(page[page.index('id="methods"'):])
    assert "sample data of the fictional municipality of Voorbeeldstad" in methods
    assert "Period: 1 Jan 2024 to 30 Jun 2024" in methods


def test_template_and_stylesheet_are_package_data():
    folder = resources.files("groepsinzicht.reporting") / "templates"
    assert (folder / "report.html.j2").is_file()
    assert (folder / "report.css").is_file()


def test_calibration_slot():
    names = [f.__name__ for f in SECTIONS]
    assert names[0] == "key_findings"
    assert "calibration" in names
    assert names[-3:] == ["data_quality", "assumptions", "methods"]


def test_dutch_and_saved(sample_ds, tmp_path):
    rep = gi.report(sample_ds, path=tmp_path / "r.html", last_days=14, every="1d")
    assert rep.path == tmp_path / "r.html"
    assert rep.path.read_text(encoding="utf-8") == rep.html
    assert rep.sections[:2] == ("Kernpunten", "Wat de gegevens bevatten")
    assert '<html lang="nl">' in rep.html
    assert repr(rep).startswith(f"<Report: {len(rep.sections)} sections")


def test_separate_page_dataset(sample_ds):
    groups = sample_ds.filter(containers=sample_ds.containers.filter(
        pl.col("kind") == "group").get_column("container_id"))
    page = sample_ds.filter(containers=sample_ds.containers.filter(
        pl.col("kind") == "page").get_column("container_id"))
    rep = gi.report(groups.filter(since=datetime(2024, 6, 1, tzinfo=UTC)), page=page,
                    lang="en", every="1mo")
    assert "Reach: group versus page" in rep.sections
    assert "Gemeente Voorbeeldstad" in rep.html  # the page's row in the comparison


def test_empty_dataset_report():
    rep = gi.report(gi.Dataset.from_frames(), lang="en")
    assert rep.sections == ("Key findings", "What the data hold", "Activity over time",
                            "Data quality", "Assumptions", "Methods")
    assert "No data for this section." in rep.html
    assert "Too few data for key findings." in rep.html


def test_window_outside_data(sample_ds):
    rep = gi.report(sample_ds, lang="en", since=datetime(2030, 1, 1, tzinfo=UTC))
    assert "No data for this section." in rep.html


@pytest.mark.parametrize(("kwargs", "error"), [
    ({"lang": "de"}, gi.errors.ParameterError),
    ({"tz": "Mars/Base"}, gi.errors.ParameterError),
    ({"top": 0}, gi.errors.ParameterError),
    ({"last_days": -1}, gi.errors.ParameterError),
    ({"show_names": "yes"}, gi.errors.ParameterTypeError),
    ({"model": {"threshold": 100}}, gi.errors.ParameterTypeError),
])
def test_bad_arguments(kwargs, error):
    with pytest.raises(error):
        gi.report(gi.Dataset.from_frames(), **kwargs)


@pytest.mark.parametrize("folder", ["crowdtangle_csv", "meta_business_suite_csv_nl",
                                    "dyi_json_2021_flat_anonymized"])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_report_on_real_exports(fixtures_dir, folder, lang):
    # Real exports lack whole tables (no comments, no reactions, no join dates): the
    # report still renders, leaving out what has nothing behind it.
    ds = gi.load(fixtures_dir / folder)
    if folder.startswith("dyi"):
        # A personal export names no organisation: one warning for the whole report.
        with pytest.warns(gi.errors.DataQualityWarning, match="report: the organisation of 3") as rec:
            rep = gi.report(ds, lang=lang)
        assert len([w for w in rec if "organisation" in str(w.message)]) == 1
        assert "onbekend" in rep.html or "unknown" in rep.html
    else:
        rep = gi.report(ds, lang=lang)
    assert rep.sections[0] == ("Kernpunten" if lang == "nl" else "Key findings")
    assert rep.sections[-1] == ("Verantwoording" if lang == "nl" else "Methods")
    reach = "Bereik: groep tegenover pagina" if lang == "nl" else "Reach: group versus page"
    assert (reach in rep.sections) == (
        ds.containers.filter(pl.col("kind") == "group").height > 0)
    assert snake_case_words(rep.html) == []


# ----------------------------------------------------------------------- formats
def test_locale_formats():
    assert fmt_num(1234.5, "nl", 1) == "1.234,5"
    assert fmt_num(1234.5, "en", 1) == "1,234.5"
    assert fmt_num(-0.2, "nl") == "0"
    assert fmt_pct(0.94, "nl") == "94%"
    assert fmt_pct(0.004, "nl") == "0,4%"
    assert fmt_pct(None, "en") == "unknown"
    assert fmt_date(datetime(2024, 3, 5, 23, 30, tzinfo=UTC), "nl", "Europe/Amsterdam") == (
        "6 mrt. 2024")
    assert fmt_date(datetime(2024, 5, 1, tzinfo=UTC), "en") == "1 May 2024"
    assert fmt_minutes(45, "en") == "45 min"
    assert fmt_minutes(90, "nl") == "1 uur 30 min"
    assert fmt_minutes(3 * 1440, "nl") == "3,0 dagen"


# ----------------------------------------------------------------------- digest
def test_digest_day_in_both_languages(sample_ds):
    nl = gi.digest(sample_ds, day="2024-06-17")
    assert nl.startswith("# Dagoverzicht 17 jun. 2024\n")
    assert "## Wat er gebeurde" in nl and "| berichten |" in nl
    assert "## Best presterende berichten" in nl
    assert "## Open vragen van inwoners" in nl
    en = gi.digest(sample_ds, day=datetime(2024, 6, 17, 12, tzinfo=UTC), lang="en", top=2)
    assert en.startswith("# Daily digest 17 Jun 2024\n")
    assert len(re.findall(r"^\d\. ", en, re.M)) <= 2


def test_digest_week_is_monday_to_sunday(sample_ds):
    text = gi.digest(sample_ds, day="2024-06-19", every="1w", lang="en")
    assert text.startswith("# Weekly digest 17 Jun 2024 – 23 Jun 2024\n")
    assert "| posts | 10 | 25 |" in text


def test_digest_default_day_is_the_last_with_posts(sample_ds):
    last = sample_ds.posts.get_column("created_at").max()
    local = last.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Amsterdam"))
    assert gi.digest(sample_ds).startswith(f"# Dagoverzicht {fmt_date(local, 'nl')}\n")


def test_digest_is_private_unless_asked(sample_ds):
    residents = sample_ds.members.filter(~pl.col("is_organization")).get_column("name")
    names = residents.drop_nulls().unique().to_list()
    week = gi.digest(sample_ds, day="2024-06-19", every="1w")
    assert not [n for n in names if n in week]
    shown = gi.digest(sample_ds, day="2024-06-19", every="1w", show_names=True)
    assert [n for n in names if n in shown]


@pytest.mark.parametrize(("kwargs", "error"), [
    ({"every": "1mo"}, gi.errors.ParameterError),
    ({"day": "juni"}, gi.errors.ParameterError),
    ({"day": 17}, gi.errors.ParameterTypeError),
    ({"top": 0}, gi.errors.ParameterError),
    ({"lang": "fr"}, gi.errors.ParameterError),
])
def test_digest_bad_arguments(sample_ds, kwargs, error):
    with pytest.raises(error):
        gi.digest(sample_ds, **kwargs)


def test_digest_of_empty_dataset():
    assert gi.digest(gi.Dataset.from_frames(), lang="en") == "# No data.\n"
