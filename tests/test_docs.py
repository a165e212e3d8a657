"""The documentation site: every public name has an entry, the tutorials run.

The reference test builds the site with ``mkdocs build --strict`` (tutorials not
executed; they have their own test below) and reads the objects inventory it writes, so a
public module or name without an entry, a docstring griffe cannot read, a broken link or a
cross-reference to a name that does not exist fails here. ``GI_DOCS_SITE`` names an
already built site (``.ci/run`` builds the full site once and passes it on). Without the
``docs`` extra these tests skip, unless ``CI`` is set.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
import subprocess
import sys
import types
import zlib
from pathlib import Path

import pytest

import groepsinzicht as gi

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
TUTORIALS = sorted((DOCS / "tutorials").glob("*.py"))

# The public modules the structure keeps importable (the reference must hold each one;
# the site also documents any other public module it finds).
PUBLIC_MODULES = [
    "groepsinzicht.reach", "groepsinzicht.graph", "groepsinzicht.engagement",
    "groepsinzicht.dialogue", "groepsinzicht.themes", "groepsinzicht.privacy",
    "groepsinzicht.dataset", "groepsinzicht.schema", "groepsinzicht.io",
    "groepsinzicht.plot", "groepsinzicht.synth", "groepsinzicht.errors",
    "groepsinzicht.reporting", "groepsinzicht.cli",
]


def _found(module: str) -> bool:
    # find_spec of a dotted name imports its parent, which raises when the parent
    # package (e.g. mkdocstrings_handlers) is not installed at all.
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def _need(*modules: str) -> None:
    missing = [m for m in modules if not _found(m)]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"the docs extra is not installed: {missing}")
        pytest.skip(f"the docs extra is not installed: {missing}")


def _hooks() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("gi_docs", DOCS / "_hooks" / "gi_docs.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "src"), *filter(None, [env.get("PYTHONPATH")])])
    env["NO_MKDOCS_2_WARNING"] = "1"
    return env


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("GI_DOCS_SITE")
    if given:
        return Path(given)
    _need("mkdocs", "mkdocstrings_handlers.python", "mkdocs_jupyter", "material")
    out = tmp_path_factory.mktemp("site")
    env = _env() | {"GI_DOCS_EXECUTE": "false"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


def _inventory(site: Path) -> dict[str, str]:
    """Name -> role of every entry in the site's objects.inv."""
    raw = (site / "objects.inv").read_bytes()
    header_end = 0
    for _ in range(4):
        header_end = raw.index(b"\n", header_end) + 1
    entries: dict[str, str] = {}
    for line in zlib.decompress(raw[header_end:]).decode().splitlines():
        name, role, *_ = line.split(" ")
        entries[name] = role
    return entries


def test_public_modules_are_discovered():
    _need("mkdocs")
    found = _hooks().public_modules()
    assert set(PUBLIC_MODULES) <= set(found)
    assert all(not part.startswith("_") for m in found for part in m.split("."))


def test_every_public_name_has_a_reference_entry(site: Path):
    inventory = _inventory(site)
    modules = _hooks().public_modules()
    for module in [*PUBLIC_MODULES, *modules]:
        if module == "groepsinzicht":
            continue
        assert inventory.get(module) == "py:module", f"no reference page for {module}"
        exported = getattr(importlib.import_module(module), "__all__", [])
        missing = [n for n in exported if f"{module}.{n}" not in inventory]
        assert not missing, f"{module}: no reference entry for {missing}"
    for name in gi.__all__:
        if name == "__version__":
            continue
        obj = getattr(gi, name)
        key = obj.__name__ if isinstance(obj, types.ModuleType) else f"groepsinzicht.{name}"
        assert key in inventory, f"gi.{name} has no reference entry"


def test_overview_links_every_top_level_name(site: Path):
    html = (site / "reference" / "index.html").read_text(encoding="utf-8")
    for name in gi.__all__:
        assert f"gi.{name}</code>" in html, name


def test_error_tree_lists_every_error(site: Path):
    html = (site / "reference" / "errors" / "index.html").read_text(encoding="utf-8")
    tree = html.split("exception-tree", 1)[1].split("</ul>\n<h2", 1)[0]
    from groepsinzicht import errors

    for name in errors.__all__:
        obj = getattr(errors, name)
        if isinstance(obj, type) and issubclass(obj, BaseException):
            assert f"<code>{name}</code>" in tree, name


def test_every_command_has_a_page(site: Path):
    _need("mkdocs")
    commands = _hooks().cli_commands()
    assert {"summary", "report", "detect", "convert"} <= set(commands)
    for command in commands:
        html = (site / "cli" / command / "index.html").read_text(encoding="utf-8")
        assert f"usage: groepsinzicht {command}" in html


def test_site_needs_no_network(site: Path):
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in html, page
        assert not re.search(r"<script[^>]+src=\"(https?:)?//", html), page
        assert not re.search(r"<link[^>]+href=\"(https?:)?//[^\"]+\.css", html), page
        assert "cdnjs.cloudflare.com" not in html, page


def test_tutorial_links_point_to_pages(site: Path):
    for page in (site / "tutorials").rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'href="[^"]+\.md[#"]', html), page
        assert 'href="../../guides/' in html, page


def test_changelog_is_included(site: Path):
    html = (site / "changelog" / "index.html").read_text(encoding="utf-8")
    assert "Unreleased" in html


@pytest.mark.parametrize(
    "page",
    ["index.md", "guides/export.md", "guides/tables.md", "guides/reach.md",
     "guides/conversation.md", "guides/graphs.md", "guides/privacy.md",
     "guides/performance.md", "guides/cli.md", "nl/index.md", "nl/export.md",
     "nl/bereik.md", "nl/gesprek.md", "nl/privacy.md", "nl/opdrachtregel.md"])
def test_guides_exist_and_have_content(page: str):
    text = (DOCS / page).read_text(encoding="utf-8")
    assert text.startswith("# ")
    assert len(text.split()) > 150, f"{page} is a stub"


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("path", TUTORIALS, ids=[p.stem for p in TUTORIALS])
def test_tutorial_executes(path: Path, monkeypatch: pytest.MonkeyPatch):
    _need("jupytext", "nbclient", "ipykernel")
    import jupytext
    import nbclient

    for key, value in _env().items():
        monkeypatch.setenv(key, value)
    notebook = jupytext.read(path)
    nbclient.NotebookClient(notebook, kernel_name="python3", timeout=300,
                            resources={"metadata": {"path": str(path.parent)}}).execute()
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs), "no figure"


def test_tutorials_are_there():
    assert {p.stem for p in TUTORIALS} >= {"first_report", "group_vs_page"}
