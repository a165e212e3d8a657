"""One error tree: every error the library raises is a GroepsinzichtError.

Each case below was a bare ``raise ValueError/TypeError/KeyError/ModuleNotFoundError`` or
an ``assert`` before issue 9. It is now a tree error and still the built-in it was, so
``except ValueError`` in users' code keeps working.
"""

from __future__ import annotations

import builtins
import re
import subprocess
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import networkx as nx
import polars as pl
import pytest

import groepsinzicht as gi
import groepsinzicht.plot as gplot
import groepsinzicht.synth
import groepsinzicht.themes
from groepsinzicht import errors
from groepsinzicht.errors import (
    ConfigError,
    GroepsinzichtError,
    InternalError,
    MissingDependencyError,
    ParameterError,
    ParameterTypeError,
    UnknownNameError,
    UnknownTableError,
)

if TYPE_CHECKING:
    from collections.abc import Callable

T = datetime(2024, 5, 1, 12, tzinfo=UTC)


def _tiny() -> gi.Dataset:
    return gi.Dataset.from_frames(kind="group", posts=pl.DataFrame({
        "container_id": ["g"], "post_id": ["g_1"], "author_id": ["m1"], "created_at": [T]}))


def _graph_ds() -> gi.Dataset:
    return gi.Dataset.from_frames(
        kind="group",
        posts=pl.DataFrame({"container_id": ["g"], "post_id": ["g_1"], "author_id": ["m1"],
                            "created_at": [T]}),
        comments=pl.DataFrame({"container_id": ["g"], "comment_id": ["c1"], "post_id": ["g_1"],
                               "author_id": ["m2"], "created_at": [T]}))


def _bad_dyi_groups() -> None:
    from groepsinzicht.synth._write_dyi import project_dyi

    ds = gi.Dataset.from_frames(
        containers=pl.DataFrame({"container_id": ["a", "b"], "kind": ["group", "group"],
                                 "name": ["Oost", "Oost"]}),
        posts=pl.DataFrame({"container_id": ["a", "b"], "post_id": ["1", "2"],
                            "author_id": ["m1", "m1"], "created_at": [T, T]}))
    project_dyi(ds, owner_id="m1")


def _write_dyi(**kw: Any) -> Callable[[Any], object]:
    from groepsinzicht.synth._write_dyi import write_dyi

    return lambda tmp: write_dyi(_tiny(), tmp, owner_id="m1", **kw)


def _write_business_suite(tmp: Any) -> object:
    from groepsinzicht.synth._write_business_suite import write_business_suite

    return write_business_suite(_tiny(), tmp, lang="de")


def _literal(tmp: Any) -> object:
    from groepsinzicht.io._facebook_scraper import _literal

    return _literal("open('/etc/passwd')")


def _history_on_error(tmp: Any) -> object:
    return gi.io.read_crowdtangle_history(tmp, on_error="ignore")  # type: ignore[arg-type]


def _multigraph(tmp: Any) -> object:
    return gi.graph_metrics(nx.MultiDiGraph())


# (id, call, the tree class, the built-in it must still be, a piece of the message)
CASES: list[tuple[str, Callable[[Any], object], type[Exception], type[Exception], str]] = [
    # analyses
    ("timeline-every", lambda t: gi.timeline(_tiny(), every="soon"), ParameterError,
     ValueError, "every: expected a polars duration"),
    ("timeline-every-negative", lambda t: gi.timeline(_tiny(), every="-1w"), ParameterError,
     ValueError, "every: expected a positive duration"),
    ("heatmap-metric", lambda t: gi.posting_heatmap(_tiny(), metric="x"),  # type: ignore[arg-type]
     ParameterError, ValueError, "metric: expected one of"),
    ("content-performance-by", lambda t: gi.content_performance(_tiny(), by="x"),  # type: ignore[arg-type]
     ParameterError, ValueError, "by: expected one of"),
    ("graph-relations", lambda t: gi.interaction_graph(_tiny(), relations=["likes"]),
     ParameterError, ValueError, "relations: expected some of"),
    ("graph-min-weight", lambda t: gi.interaction_graph(_tiny(), min_weight=0),
     ParameterError, ValueError, "min_weight: expected a whole number"),
    ("graph-backend", lambda t: gi.graph_metrics(nx.DiGraph(), backend="fast"),  # type: ignore[arg-type]
     ParameterError, ValueError, "backend: expected"),
    ("graph-multigraph", _multigraph, ParameterTypeError, TypeError, "got a multigraph"),
    ("graph-over-time-every", lambda t: gi.graph_over_time(_graph_ds(), every="soon"),
     ParameterError, ValueError, "every: expected a polars duration"),
    ("write-graph-suffix", lambda t: gi.write_graph(nx.DiGraph(), t / "g.csv"),
     ParameterError, ValueError, "suffix: expected '.gexf' or '.graphml'"),
    ("plan-groups-members", lambda t: gi.plan_groups(-1, gi.NotificationModel()),
     ParameterError, ValueError, "total_members: expected"),
    ("plan-groups-max", lambda t: gi.plan_groups(10, gi.NotificationModel(), max_groups=0),
     ParameterError, ValueError, "max_groups: expected"),
    ("reach-curve-sizes", lambda t: gi.reach_curve(gi.NotificationModel(), sizes=[0]),
     ParameterError, ValueError, "sizes: expected group sizes"),
    ("break-even-nan", lambda t: gi.break_even_members(float("nan"), gi.NotificationModel()),
     ParameterError, ValueError, "reach: expected a positive finite number"),
    ("simulate-runs", lambda t: gi.simulate_notifications(_tiny(), gi.NotificationModel(),
                                                          runs=0),
     ParameterError, ValueError, "runs: expected"),
    ("page-reach-rate", lambda t: gi.page_reach(_tiny(), organic_reach_rate=2.0),
     ParameterError, ValueError, "organic_reach_rate: expected"),
    ("theme-unknown", lambda t: gi.themes.ThemeRules(keywords={"a": ("afval",)}).regex("b"),
     UnknownNameError, KeyError, "theme: expected one of ['a']"),
    ("pseudonymize-key", lambda t: gi.pseudonymize(_tiny(), b"short"), ParameterError,
     ValueError, "key: expected at least"),
    ("pseudonymize-messages", lambda t: gi.pseudonymize(_tiny(), b"k" * 32,
                                                        messages="hide"),  # type: ignore[arg-type]
     ParameterError, ValueError, "messages: expected"),
    # core
    ("dataset-table", lambda t: _tiny().table("threads"), UnknownTableError, KeyError,
     "table: expected one of"),
    # config objects
    ("notification-model-range", lambda t: gi.NotificationModel(opt_out_range=(0.5, 0.1)),
     ConfigError, ValueError, "opt_out_range: expected low <= high"),
    ("notification-model-field", lambda t: gi.NotificationModel(threshold=0), ConfigError,
     ValueError, "greater than or equal to 1"),
    ("notification-model-validate", lambda t: gi.NotificationModel.model_validate(
        {"opt_out_rate": 2}), ConfigError, ValueError, "less than or equal to 1"),
    ("notification-model-json", lambda t: gi.NotificationModel.model_validate_json(
        '{"colour": 1}'), ConfigError, ValueError, "Extra inputs are not permitted"),
    ("notification-model-frozen", lambda t: setattr(gi.NotificationModel(), "threshold", 3),
     ConfigError, ValueError, "Instance is frozen"),
    ("theme-rules-keyword", lambda t: gi.themes.ThemeRules(keywords={"a": ("*a*b",)}),
     ConfigError, ValueError, "expected a word with '*' only at its start or end"),
    ("theme-rules-short", lambda t: gi.themes.ThemeRules(keywords={"a": ("ab*",)}),
     ConfigError, ValueError, "expected at least 3 characters"),
    ("theme-rules-pattern", lambda t: gi.themes.ThemeRules(keywords={},
                                                          patterns={"a": ("(x",)}),
     ConfigError, ValueError, "expected a valid regular expression"),
    ("theme-rules-name", lambda t: gi.themes.ThemeRules(keywords={" ": ("afval",)}),
     ConfigError, ValueError, "expected a non-empty name"),
    ("theme-rules-empty", lambda t: gi.themes.ThemeRules(keywords={"a": ()}),
     ConfigError, ValueError, "expected at least one keyword or pattern"),
    ("synth-config-share", lambda t: gi.synth.SynthConfig(answer_within_hour=0.8,
                                                          answer_within_day=0.8),
     ConfigError, ValueError, "answer_within_hour + answer_within_day"),
    ("synth-config-reported", lambda t: gi.synth.SynthConfig(reported_missing_share=0.8,
                                                             reported_above_share=0.8),
     ConfigError, ValueError, "reported_missing_share + reported_above_share"),
    ("synth-config-ids", lambda t: gi.synth.SynthConfig.model_validate(
        {"groups": [gi.synth.DEFAULT_GROUPS[0], gi.synth.DEFAULT_GROUPS[0]]}),
     ConfigError, ValueError, "group ids must be distinct"),
    ("synth-generate-override", lambda t: gi.synth.generate(scale=-1), ConfigError,
     ValueError, "greater than 0"),
    ("group-spec-sizes", lambda t: gi.synth.GroupSpec.model_validate(
        {**gi.synth.DEFAULT_GROUPS[0].model_dump(), "members_start": 900}), ConfigError,
     ValueError, "members_end must be at least members_start"),
    ("group-spec-founders", lambda t: gi.synth.GroupSpec.model_validate(
        {**gi.synth.DEFAULT_GROUPS[0].model_dump(), "admins": 10**6}), ConfigError,
     ValueError, "admins and moderators are founders"),
    ("group-spec-themes", lambda t: gi.synth.GroupSpec.model_validate(
        {**gi.synth.DEFAULT_GROUPS[0].model_dump(), "themes": {"sport": 1.0}}), ConfigError,
     ValueError, "unknown themes ['sport']"),
    # plots
    ("plot-timeline-column", lambda t: gplot.plot_timeline(pl.DataFrame(), column="x"),
     ParameterError, ValueError, "column: expected one of"),
    ("plot-theme-coverage-metric", lambda t: gplot.plot_theme_coverage(
        pl.DataFrame(), metric="x"),  # type: ignore[arg-type]
     ParameterError, ValueError, "metric: expected 'posts' or 'interactions'"),
    # readers
    ("load-on-error", lambda t: gi.load(t, on_error="ignore"),  # type: ignore[arg-type]
     ParameterError, ValueError, "on_error"),
    ("read-graph-api-kind", lambda t: gi.io.read_graph_api(t, kind="club"),  # type: ignore[arg-type]
     ParameterError, ValueError, "kind"),
    ("read-history-on-error", _history_on_error, ParameterError, ValueError, "on_error"),
    ("facebook-scraper-literal", _literal, ParameterError, ValueError, "not a literal"),
    # synthetic writers
    ("write-business-suite-lang", _write_business_suite, ParameterError, ValueError,
     "lang: expected one of"),
    ("project-dyi-groups", lambda t: _bad_dyi_groups(), ParameterError, ValueError,
     "groups sharing a name"),
    ("write-dyi-layout", lambda t: _write_dyi(layout="1999")(t), ParameterError, ValueError,
     "layout must be one of"),
    ("write-dyi-lang", lambda t: _write_dyi(lang="de")(t), ParameterError, ValueError,
     "lang must be one of"),
    ("write-dyi-parts", lambda t: _write_dyi(parts=2)(t), ParameterError, ValueError,
     "parts must be 1"),
]


@pytest.mark.parametrize(("call", "tree", "builtin", "message"),
                         [pytest.param(*c[1:], id=c[0]) for c in CASES])
def test_former_bare_raises_are_tree_errors(tmp_path, call, tree, builtin, message):
    with pytest.raises(tree, match=re.escape(message)) as info:
        call(tmp_path)
    assert isinstance(info.value, GroepsinzichtError)
    assert isinstance(info.value, builtin)


def test_config_error_keeps_pydantic_message_and_cause():
    with pytest.raises(ConfigError) as info:
        gi.NotificationModel(opt_out_rate=1.5, colour="red")  # type: ignore[call-arg]
    text = str(info.value)
    assert text.startswith("NotificationModel: 2 validation errors for NotificationModel")
    assert "opt_out_rate" in text
    assert "colour" in text
    from pydantic import ValidationError

    assert isinstance(info.value.__cause__, ValidationError)
    assert isinstance(info.value, ParameterError)


def test_missing_igraph_is_a_missing_dependency(monkeypatch):
    from groepsinzicht.graph import _backends

    monkeypatch.setattr(_backends, "igraph_available", lambda: False)
    with pytest.raises(MissingDependencyError, match=re.escape("groepsinzicht[fast]")) as info:
        gi.graph_metrics(nx.DiGraph(), backend="igraph")
    assert isinstance(info.value, ModuleNotFoundError)
    assert info.value.name == "igraph"


def test_missing_fastexcel_is_a_missing_dependency(monkeypatch):
    from groepsinzicht.io import _insights

    real_import = builtins.__import__

    def no_fastexcel(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "fastexcel":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_fastexcel)
    with pytest.raises(MissingDependencyError, match=re.escape("groepsinzicht[excel]")) as info:
        _insights._sheet_names(b"PK")
    assert isinstance(info.value, ModuleNotFoundError)


def test_a_reader_that_loses_count_is_an_internal_error():
    from groepsinzicht.io._common import ReadOptions, finish

    with pytest.raises(InternalError, match="counted 3 records seen but 2 kept") as info:
        finish(source="x.json", fmt="graph_api", options=ReadOptions(), rows_seen=3,
               rows_kept=2)
    assert isinstance(info.value, AssertionError)
    assert isinstance(info.value, GroepsinzichtError)


def test_every_error_class_is_in_the_tree():
    for name in errors.__all__:
        obj = getattr(errors, name)
        if isinstance(obj, type) and issubclass(obj, Exception) and not issubclass(
                obj, Warning):
            assert issubclass(obj, GroepsinzichtError), name


def test_every_exception_class_defined_in_src_is_in_the_tree():
    """Internal signals too (a reader's record error turned into a rejected row)."""
    import importlib
    import inspect
    import pkgutil

    found = []
    for info in pkgutil.walk_packages(gi.__path__, "groepsinzicht."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if (cls.__module__ == module.__name__ and issubclass(cls, BaseException)
                    and not issubclass(cls, Warning)):
                found.append(cls)
                assert issubclass(cls, GroepsinzichtError), cls
    assert len(found) >= 10


def test_no_bare_builtin_raise_or_assert_in_src():
    """The rule itself: no ``raise ValueError(...)`` & co. and no ``assert`` in ``src/``."""
    from pathlib import Path

    src = Path(gi.__file__).parent
    pattern = re.compile(
        r"raise (ValueError|TypeError|KeyError|RuntimeError|ModuleNotFoundError|"
        r"AssertionError|IndexError|LookupError|Exception)\b|^\s*assert ")
    hits = [f"{p.relative_to(src)}:{i}: {line.strip()}"
            for p in sorted(src.rglob("*.py"))
            for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if pattern.search(line) and ">>>" not in line]
    assert hits == []


def test_cli_imports_without_running():
    # The error tree is importable on its own (no heavy imports), as the CLI needs.
    code = "import groepsinzicht.errors as e; print(issubclass(e.ConfigError, ValueError))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "True"
