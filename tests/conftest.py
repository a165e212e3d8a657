from __future__ import annotations

import os
from pathlib import Path

import matplotlib
import pytest
from hypothesis import HealthCheck, settings

import groepsinzicht as gi

matplotlib.use("Agg")

# Bounded profiles: CI runs on 2 cores, so no deadline and few examples.
settings.register_profile(
    "ci", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=50, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

REAL_FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "real"


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """The real public sample exports beside the checkout (../shared/fixtures/real).

    Skipped in a user's clone where they are absent; in CI their absence is a failure.
    """
    if not REAL_FIXTURES.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"CI: the real fixtures are missing at {REAL_FIXTURES}")
        pytest.skip("real fixtures (../shared/fixtures/real) not present")
    return REAL_FIXTURES


@pytest.fixture(scope="session")
def sample_ds() -> gi.Dataset:
    return gi.load_sample()


@pytest.fixture(scope="session")
def sample_report_nl(sample_ds) -> gi.Report:
    """The sample report in Dutch (built once: the report draws a dozen figures)."""
    return gi.report(sample_ds)


@pytest.fixture(scope="session")
def sample_report_en(sample_ds) -> gi.Report:
    """The sample report in English."""
    return gi.report(sample_ds, lang="en", every="1mo")
