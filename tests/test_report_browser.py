"""The report in a real browser: it fits a phone (390 px) and a laptop (1,280 px).

Headless Chromium loads the page (see ``tests/_browser.py``); the page may not scroll
sideways, and no table, figure or image may be wider than its box (a scroll bar inside
a wrapper does not count as fitting). Screenshots are kept in the test's temporary
folder, or in ``$GROEPSINZICHT_SCREENSHOTS`` when set. Outside CI these tests skip
without Chromium; in CI (``CI`` set) a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import warnings
from pathlib import Path

import pytest

import groepsinzicht as gi
from tests._browser import chromium, measure, screenshot

WIDTHS = (1280, 390)
REAL = ("crowdtangle_csv", "meta_business_suite_csv_nl", "dyi_json_2021_flat_anonymized")


@pytest.fixture(scope="module")
def browser() -> str:
    exe = chromium()
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("CI: Chromium is not installed (.ci/run installs Debian's chromium)")
        pytest.skip("no Chromium installed")
    return exe


def _check(page: Path, name: str, browser: str, shots: Path) -> None:
    for width in WIDTHS:
        result = measure(page, width, exe=browser)
        assert result["width"] == width
        assert result["scrollWidth"] <= width, f"{name} at {width}px: the page scrolls sideways"
        assert result["boxes"], "no tables or figures measured"
        assert result["wide"] == [], f"{name} at {width}px: {result['wide']}"
        shot = screenshot(page, width, shots / f"{name}-{width}.png", exe=browser)
        assert shot.stat().st_size > 5_000


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    keep = os.environ.get("GROEPSINZICHT_SCREENSHOTS")
    folder = Path(keep) if keep else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_sample_report_fits(browser, shots, tmp_path, lang, sample_report_nl, sample_report_en):
    rep = sample_report_nl if lang == "nl" else sample_report_en
    page = rep.save(tmp_path / f"sample-{lang}.html")
    _check(page, f"sample-{lang}", browser, shots)


@pytest.mark.parametrize("folder", REAL)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_real_export_reports_fit(browser, shots, fixtures_dir, tmp_path, folder, lang):
    with warnings.catch_warnings():
        # The personal export names no organisation: tested in test_report.py.
        warnings.simplefilter("ignore", gi.errors.DataQualityWarning)
        rep = gi.report(gi.load(fixtures_dir / folder), lang=lang)
    page = rep.save(tmp_path / f"{folder}-{lang}.html")
    _check(page, f"{folder}-{lang}", browser, shots)


def test_the_layout_check_can_fail(browser, tmp_path):
    # A table wider than a phone: the check must see it.
    cells = "".join(f"<td>kolom{i}kolom{i}</td>" for i in range(20))
    page = tmp_path / "wide.html"
    page.write_text(f"<!DOCTYPE html><html><body><div class='table-wrap' "
                    f"style='overflow-x:auto'><table><tr>{cells}</tr></table></div>"
                    f"</body></html>", encoding="utf-8")
    result = measure(page, 390, exe=browser)
    assert result["wide"], result


def test_chromium_is_found_when_installed():
    assert (chromium() is None) == all(shutil.which(n) is None for n in (
        "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"))
