from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import groepsinzicht as gi
from groepsinzicht.cli import main


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    src = str(Path(gi.__file__).resolve().parents[1])
    env = dict(os.environ, PYTHONPATH=src + os.pathsep + os.environ.get("PYTHONPATH", ""),
               MPLBACKEND="Agg")
    return subprocess.run([sys.executable, "-m", "groepsinzicht", *args], capture_output=True,
                          text=True, env=env, timeout=600, check=False)


def test_summary_sample(capsys):
    assert main(["summary", "--sample"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("<Dataset: ")
    assert "Per container:" in out
    assert "Rejected rows: none" in out


def test_summary_needs_input(capsys):
    assert main(["summary"]) == 1
    assert "give one or more export paths, or --sample" in capsys.readouterr().err


def test_unreadable_file_exit_code_and_message(tmp_path, capsys):
    bad = tmp_path / "leeg.csv"
    bad.write_bytes(b"")
    assert main(["summary", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}: file: expected a known export format, got an empty file" in err
    assert len(err.strip().splitlines()) == 1


def test_debug_shows_the_traceback(tmp_path):
    bad = tmp_path / "leeg.csv"
    bad.write_bytes(b"")
    with pytest.raises(gi.errors.FormatError):
        main(["--debug", "summary", str(bad)])
    with pytest.raises(gi.errors.FormatError):
        main(["summary", str(bad), "--debug"])


def test_convert_and_detect(tmp_path, capsys):
    out = tmp_path / "canon"
    assert main(["convert", "--sample", "-o", str(out)]) == 0
    assert main(["detect", str(out)]) == 0
    assert capsys.readouterr().out.strip().endswith("canonical")
    assert gi.load(out) == gi.load_sample()


def test_convert_pseudonymized(tmp_path):
    key = tmp_path / "key"
    key.write_bytes(b"a-very-secret-key-of-32-bytes!!!")
    out = tmp_path / "anon"
    assert main(["convert", "--sample", "-o", str(out), "--pseudonymize-key-file", str(key)]) == 0
    ds = gi.load(out)
    assert ds.members.get_column("name").null_count() == ds.members.height


@pytest.mark.parametrize("argv", [
    ["nonsense"],
    [],
    ["report", "--every", "2w"],
    ["report", "--since", "juni"],
    ["report", "--tz", "Mars/Base"],
    ["report", "--last-days", "0"],
    ["report", "--lang", "de"],
    ["report", "--format", "excel"],
    ["report", "does-not-exist.csv"],
    ["digest", "--day", "17-06-2024"],
    ["digest", "--every", "1mo"],
    ["graph", "--sample", "-o", "graph.png"],
    ["sample", "-o", "out", "--format", "pdf"],
    ["sample"],
])
def test_usage_errors_exit_2_in_one_line(argv, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("groepsinzicht")
    assert not (tmp_path / "report.html").exists()  # nothing was done


def test_help_and_version_exit_0(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("groepsinzicht ")
    assert main(["report", "--help"]) == 0
    out = capsys.readouterr().out
    for option in ("--page", "--lang", "--every", "--since", "--until", "--last-days",
                   "--format", "--collect", "--org-id", "--org-name", "--no-progress",
                   "--sample", "--show-names", "--tz"):
        assert option in out


def test_report_without_path_is_the_sample(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["report", "--last-days", "7", "--every", "1d", "--lang", "en"]) == 0
    text = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert "Key findings" in text
    assert capsys.readouterr().out.startswith("<Report: ")


def test_report_org_name_and_unknown_name(tmp_path, capsys):
    out = tmp_path / "r.html"
    assert main(["report", "--sample", "-o", str(out), "--last-days", "3", "--every", "1d",
                 "--org-name", "Gemeente Voorbeeldstad"]) == 0
    assert main(["report", "--sample", "-o", str(out), "--org-name", "Nergensdorp"]) == 1
    assert "--org-name: no account named 'Nergensdorp' in the data" in capsys.readouterr().err


def test_org_id_makes_questions_known(tmp_path, fixtures_dir, capsys):
    # A personal export names no organisation: --org-id names it.
    out = tmp_path / "r.html"
    folder = str(fixtures_dir / "dyi_json_2021_flat_anonymized")
    assert main(["report", folder, "-o", str(out), "--no-progress"]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("groepsinzicht: warning: report: the organisation of 3")
    assert err[0].endswith("(command line: --org-id or --org-name)")
    assert "onbekend" in out.read_text(encoding="utf-8")


def test_digest_prints_markdown(capsys):
    assert main(["digest", "--day", "2024-06-19", "--every", "1w", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Weekly digest 17 Jun 2024 – 23 Jun 2024\n")


def test_graph_writes_gexf(tmp_path, capsys):
    out = tmp_path / "graph.gexf"
    assert main(["graph", "--sample", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert "links written to" in capsys.readouterr().out
    assert main(["graph", "-o", str(out)]) == 1  # graph needs exports (or --sample)


@pytest.mark.parametrize("fmt", ["graph_api", "crowdtangle", "business_suite", "dyi",
                                 "facebook_scraper", "insights", "content_library",
                                 "canonical"])
def test_sample_writes_readable_exports(tmp_path, fmt, capsys):
    out = tmp_path / fmt
    assert main(["sample", "-o", str(out), "--format", fmt]) == 0
    assert f"of the bundled sample ({fmt}) written to" in capsys.readouterr().out
    ds = gi.load(out, progress=False)
    assert ds.posts.height > 0


def test_as_a_subprocess(tmp_path):
    done = _run("sample", "-o", str(tmp_path / "ct"), "--format", "crowdtangle")
    assert done.returncode == 0, done.stderr
    done = _run("summary", str(tmp_path / "ct"), "--no-progress")
    assert done.returncode == 0 and done.stdout.startswith("<Dataset: ")
    done = _run("report", "--every", "3w")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "invalid choice: '3w'" in done.stderr
    bad = tmp_path / "leeg.csv"
    bad.write_bytes(b"")
    done = _run("summary", str(bad))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    done = _run("--debug", "summary", str(bad))
    assert done.returncode == 1 and "Traceback" in done.stderr
    done = _run("digest", "--day", "2024-06-17", "--lang", "en")
    assert done.returncode == 0 and done.stdout.startswith("# Daily digest 17 Jun 2024")


def test_seen_by_template_round_trip(tmp_path, capsys):
    import polars as pl

    out = tmp_path / "gezien.csv"
    assert main(["seen-by-template", "--sample", "-o", str(out), "--last-days", "28"]) == 0
    assert "group posts written to" in capsys.readouterr().out
    text = out.read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("# Gezien door:")
    assert lines[1] == "container_id;post_id;permalink;created_at;seen_by;recorded_at"
    # an empty template reads as no counts
    assert gi.io.read_seen_by(out).height == 0
    # the admin fills in the first three posts (Excel pads the comment line with ;)
    filled = [lines[0] + ";;;;;", lines[1]]
    for i, line in enumerate(lines[2:]):
        cells = line.split(";")
        if i < 3:
            cells[4], cells[5] = str(40 + i), "1-1-2025 10:00"
        filled.append(";".join(cells))
    out.write_text("\r\n".join(filled) + "\r\n", encoding="utf-8-sig")
    read = gi.io.read_seen_by(out)
    template_posts = [line.split(";")[1] for line in lines[2:5]]
    assert read["post_id"].to_list() == template_posts
    assert read["seen_by"].to_list() == [40, 41, 42]
    assert read["recorded_at"].dt.year().to_list() == [2025] * 3
    cal = gi.calibrate(gi.load_sample(), read)
    assert cal.posts.height == 3 and cal.excluded.height == 0
    # Excel turns a long numeric container id into a number: the post id still matches
    mangled = read.with_columns(pl.lit("3,91027E+14").alias("container_id"))
    assert gi.calibrate(gi.load_sample(), mangled).posts.height == 3


def test_seen_by_template_in_english(tmp_path):
    out = tmp_path / "seen.csv"
    assert main(["seen-by-template", "--sample", "-o", str(out), "--lang", "en"]) == 0
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("# Seen by:")
    assert lines[1] == "container_id,post_id,permalink,created_at,seen_by,recorded_at"
    assert len(lines) - 2 == gi.load_sample().posts.join(
        gi.load_sample().containers.filter(kind="group"), on="container_id").height
    assert main(["seen-by-template", "--sample", "-o", str(out), "--last-days", "0"]) == 2
