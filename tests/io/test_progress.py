"""progress=None: bars only where a person watches (a terminal or a notebook), never in logs."""

from __future__ import annotations

import io
import sys
import types

import pytest

from groepsinzicht.io import _common
from groepsinzicht.io._common import PROGRESS_THRESHOLD, ReadOptions

BIG = PROGRESS_THRESHOLD + 1


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_none_is_off_when_stderr_is_redirected(monkeypatch):
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    monkeypatch.delitem(sys.modules, "IPython", raising=False)
    assert not ReadOptions(progress=None).show_progress(BIG)


def test_none_is_on_for_a_terminal_and_a_large_input(monkeypatch):
    monkeypatch.setattr(sys, "stderr", _Tty())
    assert ReadOptions(progress=None).show_progress(BIG)
    assert not ReadOptions(progress=None).show_progress(10)


def test_none_is_on_in_a_notebook(monkeypatch):
    class ZMQInteractiveShell:
        pass

    class TerminalInteractiveShell:
        pass

    monkeypatch.setattr(sys, "stderr", io.StringIO())
    fake = types.ModuleType("IPython")
    fake.get_ipython = ZMQInteractiveShell  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "IPython", fake)
    assert _common.watched()
    fake.get_ipython = TerminalInteractiveShell  # type: ignore[attr-defined]
    assert not _common.watched()
    fake.get_ipython = lambda: None  # type: ignore[attr-defined]
    assert not _common.watched()


@pytest.mark.parametrize("progress", [True, False])
def test_explicit_choice_wins(monkeypatch, progress):
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert ReadOptions(progress=progress).show_progress(10) is progress


def test_load_writes_no_bar_to_a_redirected_stderr(monkeypatch, tmp_path, capsys):
    import groepsinzicht as gi

    monkeypatch.setattr(_common, "PROGRESS_THRESHOLD", 0)
    folder = gi.load_sample().write(tmp_path / "ds")
    gi.load(folder)
    assert "it/s" not in capsys.readouterr().err


def test_ndjson_stream_shows_its_bytes_when_asked(tmp_path, capsys, monkeypatch):
    """A large NDJSON feed is read in blocks; its bar counts bytes (B/s), named by file."""
    from groepsinzicht.io import _graph_api
    from groepsinzicht.synth import generate
    from groepsinzicht.synth._write_graph_api import write_graph_api

    f = write_graph_api(generate(seed=1, scale=0.05), tmp_path, layout="ndjson")[0]
    monkeypatch.setattr(_graph_api, "_BLOCK", max(f.stat().st_size // 3, 1))
    _graph_api.read_graph_api(f, progress=True)
    err = capsys.readouterr().err
    assert f.name in err
    assert "B/s" in err
    _graph_api.read_graph_api(f, progress=False)
    assert capsys.readouterr().err == ""
