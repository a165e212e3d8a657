from __future__ import annotations

import ipaddress
import os
import socket
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


class NetworkRefusedError(RuntimeError):
    """A test tried to reach the network."""


def _is_loopback(address: object) -> bool:
    if isinstance(address, str | bytes):
        return True  # a Unix socket path: local by definition
    if not (isinstance(address, tuple) and address):
        return False
    host = address[0]
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%", 1)[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True, scope="session")
def no_network():
    """Refuse every socket connection to a non-loopback address, for the whole suite.

    Tests never need the network; a local browser driver may still talk to localhost.
    """
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def guard(sock: socket.socket, address: object) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
            msg = f"tests must not use the network (connect to {address!r})"
            raise NetworkRefusedError(msg)

    def connect(sock: socket.socket, address: object) -> None:
        guard(sock, address)
        real_connect(sock, address)  # type: ignore[arg-type]

    def connect_ex(sock: socket.socket, address: object) -> int:
        guard(sock, address)
        return real_connect_ex(sock, address)  # type: ignore[arg-type]

    mp = pytest.MonkeyPatch()
    mp.setattr(socket.socket, "connect", connect)
    mp.setattr(socket.socket, "connect_ex", connect_ex)
    yield
    mp.undo()


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
