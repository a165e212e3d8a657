from __future__ import annotations

import pytest

import groepsinzicht as gi
from groepsinzicht.cli import main


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


def test_usage_error_exit_2():
    with pytest.raises(SystemExit) as exc:
        main(["nonsense"])
    assert exc.value.code == 2


def test_report_sample(tmp_path, capsys):
    out = tmp_path / "r.html"
    assert main(["report", "--sample", "-o", str(out), "--lang", "en", "--every", "1mo"]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert "Reach: group versus page" in text
    assert capsys.readouterr().out.startswith("<Report: ")


def test_report_last_days_and_bad_date(tmp_path, capsys):
    out = tmp_path / "week.html"
    assert main(["report", "--sample", "-o", str(out), "--last-days", "7", "--every", "1d"]) == 0
    assert "Activiteit door de tijd" in out.read_text(encoding="utf-8")
    assert main(["report", "--sample", "-o", str(out), "--since", "juni"]) == 1
    assert "expected a date like 2024-06-01, got 'juni'" in capsys.readouterr().err


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
    assert main(["seen-by-template", "--sample", "-o", str(out), "--last-days", "0"]) == 1
