"""MkDocs hook: the parts of the site that are generated from the code at build time.

- one API reference page per public module (every importable ``groepsinzicht.*`` module
  whose dotted name has no component starting with ``_``), rendered by mkdocstrings from
  the module's ``__all__``; a hand-written page at ``reference/<module>.md`` wins;
- the table of ``groepsinzicht.__all__`` on the reference overview, each name linked to
  the page of the public module that exports it (names no public module exports are
  rendered on the overview itself);
- the exception tree of ``groepsinzicht.errors``, drawn as a nested list;
- one page per command of the ``groepsinzicht`` command line, from its ``--help``.

New modules, names, errors and commands appear without editing the docs. The functions
here are also used by ``tests/test_docs.py``.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import pkgutil
import re
from pathlib import Path
from typing import Any

PACKAGE = "groepsinzicht"
REFERENCE_DIR = "reference"
CLI_DIR = "cli"
REF_NAV_KEY = "API reference"
CLI_NAV_KEY = "Commands"
API_TABLE_MARKER = "<!-- gi:api-table -->"
ERROR_TREE_MARKER = "<!-- gi:error-tree -->"
COMMAND_LIST_MARKER = "<!-- gi:command-list -->"


# --------------------------------------------------------------------- discovery


def public_modules() -> list[str]:
    """Dotted names of the public modules, the package first, then sorted."""
    pkg = importlib.import_module(PACKAGE)
    names = [PACKAGE]
    for info in pkgutil.walk_packages(pkg.__path__, prefix=PACKAGE + ".",
                                      onerror=lambda _name: None):
        parts = info.name.split(".")[1:]
        if any(p.startswith("_") for p in parts):
            continue
        names.append(info.name)
    return [PACKAGE, *sorted(n for n in names if n != PACKAGE)]


def module_exports(module: str) -> list[str]:
    """The names a module exports: its ``__all__`` (empty without one)."""
    mod = importlib.import_module(module)
    return list(getattr(mod, "__all__", []))


def top_level_homes() -> dict[str, str | None]:
    """For each name of ``groepsinzicht.__all__``: the public module that documents it.

    That is the module defining the object when it is public, else the first public
    submodule whose ``__all__`` holds the very same object; None when no public module
    exports it (it is then documented on the overview page).
    """
    pkg = importlib.import_module(PACKAGE)
    modules = [m for m in public_modules() if m != PACKAGE]
    homes: dict[str, str | None] = {}
    for name in pkg.__all__:
        obj = getattr(pkg, name)
        if isinstance(obj, type(pkg)):  # a submodule such as gi.errors
            homes[name] = obj.__name__ if obj.__name__ in modules else None
            continue
        home = None
        defined_in = getattr(obj, "__module__", None)
        candidates = ([defined_in] if defined_in in modules else []) + modules
        for mod_name in candidates:
            mod = importlib.import_module(mod_name)
            if name in getattr(mod, "__all__", ()) and getattr(mod, name, None) is obj:
                home = mod_name
                break
        homes[name] = home
    return homes


def summary_line(obj: object) -> str:
    """The first line of an object's docstring, as Markdown (empty when it has none)."""
    import inspect

    doc = inspect.getdoc(obj) or ""
    plain = not (inspect.isclass(obj) or inspect.isroutine(obj) or inspect.ismodule(obj))
    if plain and getattr(obj, "__doc__", None) is getattr(type(obj), "__doc__", None):
        # A constant carries the docstring of its type: name the type instead.
        return f"a `{type(obj).__name__}` value"
    line = doc.strip().splitlines()[0] if doc.strip() else ""
    line = re.sub(r":\w+:`~?([^`]+)`", r"`\1`", line)  # Sphinx roles -> code
    line = line.replace("``", "`")
    return line.replace("|", "\\|")


def reference_page(module: str) -> str:
    """The docs path of the reference page of a module."""
    short = "index" if module == PACKAGE else module.removeprefix(PACKAGE + ".")
    return f"{REFERENCE_DIR}/{short}.md"


def generated_module_page(module: str) -> str:
    """Markdown of a generated module reference page.

    The module's own heading is the page title (and its entry in the objects
    inventory); the errors page opens with the exception tree.
    """
    options = ["show_root_heading: true", "heading_level: 1"]
    head = ""
    if module == f"{PACKAGE}.errors":
        head = f"# Errors\n\n## The exception tree\n\n{error_tree_markdown()}\n\n"
        options = ["show_root_heading: true", "heading_level: 2"]
    exports = module_exports(module)
    if exports:  # exactly the module's __all__, in its order
        options.append("members:")
        options += [f"  - {name}" for name in exports]
        options.append("members_order: source")
    body = "\n".join(f"      {o}" for o in options)
    return f"{head}::: {module}\n    options:\n{body}\n"


def api_table_markdown() -> str:
    """The table of every name in ``groepsinzicht.__all__``, linked to its entry."""
    pkg = importlib.import_module(PACKAGE)
    rows = ["| name | what it is |", "|---|---|"]
    local: list[str] = []
    for name, home in sorted(top_level_homes().items(), key=lambda kv: kv[0].lower()):
        obj = getattr(pkg, name)
        if name.startswith("__"):  # __version__: a plain string
            rows.append(f"| `gi.{name}` | `{obj!r}`, the installed version |")
            continue
        if isinstance(obj, type(pkg)):
            target = obj.__name__
            if home is None:
                local.append(name)
        elif home is None:
            target = f"{PACKAGE}.{name}"
            local.append(name)
        else:
            target = f"{home}.{name}"
        rows.append(f"| [`gi.{name}`][{target}] | {summary_line(obj)} |")
    text = "\n".join(rows)
    if local:
        text += "\n\n## Defined here\n\n" + "\n\n".join(
            f"::: {PACKAGE}.{n}\n    options:\n      show_root_heading: true\n"
            f"      show_root_full_path: false\n      heading_level: 3" for n in local)
    return text


def error_tree_markdown() -> str:
    """The exceptions and warnings of ``groepsinzicht.errors`` as a nested list."""
    errors = importlib.import_module(f"{PACKAGE}.errors")
    classes = [getattr(errors, n) for n in errors.__all__]
    classes = [c for c in classes if isinstance(c, type) and issubclass(c, BaseException)]
    ours = set(classes)

    def parent(cls: type) -> type | None:
        for base in cls.__mro__[1:]:
            if base in ours:
                return base
        return None

    def line(cls: type, depth: int) -> str:
        outside = [b.__name__ for b in cls.__bases__
                   if b not in ours and b not in (object, Exception)]
        also = f" (also a subclass of `{'`, `'.join(outside)}`)" if outside else ""
        summary = summary_line(cls)
        return (f"{'    ' * depth}- [`{cls.__name__}`][{PACKAGE}.errors.{cls.__name__}]"
                f"{also}{': ' + summary if summary else ''}")

    out: list[str] = []

    def walk(cls: type | None, depth: int) -> None:
        children = sorted((c for c in classes if parent(c) is cls), key=lambda c: c.__name__)
        for child in children:
            out.append(line(child, depth))
            walk(child, depth + 1)

    walk(None, 0)
    return "\n".join(out)


# --------------------------------------------------------------------- command line


def _run_cli(argv: list[str]) -> str:
    """The output of ``groepsinzicht <argv>`` (``--help``), at a fixed width."""
    cli = importlib.import_module(f"{PACKAGE}.cli")
    buf = io.StringIO()
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "88"
    try:
        with contextlib.redirect_stdout(buf), contextlib.suppress(SystemExit):
            cli.main(argv)
    finally:
        if old is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = old
    return buf.getvalue()


def cli_commands() -> dict[str, str]:
    """The subcommands of ``groepsinzicht`` with their one-line help, in help order."""
    text = _run_cli(["--help"])
    match = re.search(r"\{([\w,-]+)\}", text)
    if match is None:
        return {}
    names = match.group(1).split(",")
    lines = text.splitlines()
    helps: dict[str, str] = {}
    for name in names:
        words: list[str] = []
        for i, line in enumerate(lines):
            if re.match(rf"^ {{4}}{re.escape(name)}(\s|$)", line):
                words = line.split()[1:]
                for more in lines[i + 1:]:  # wrapped help: lines indented deeper
                    if len(more) - len(more.lstrip()) <= 4 or not more.strip():
                        break
                    words += more.split()
                break
        helps[name] = " ".join(words)
    return helps


def cli_page(command: str | None) -> str:
    """Markdown of the page of one command (None: the program itself)."""
    argv = ["--help"] if command is None else [command, "--help"]
    title = "groepsinzicht" if command is None else f"groepsinzicht {command}"
    return (f"# `{title}`\n\n"
            "This page is generated from the command's `--help` when the site is built.\n\n"
            f"```text\n{_run_cli(argv).rstrip()}\n```\n")


def command_list_markdown() -> str:
    """A list of the commands, each linked to its page."""
    return "\n".join(f"- [`groepsinzicht {name}`](cli/{name}.md): {help_}"
                     for name, help_ in cli_commands().items())


# --------------------------------------------------------------------- hook events


def _nav_replace(nav: list[Any], key: str, section: list[Any]) -> bool:
    for i, item in enumerate(nav):
        if isinstance(item, dict):
            ((k, v),) = item.items()
            if k == key:
                nav[i] = {k: section}
                return True
            if isinstance(v, list) and _nav_replace(v, key, section):
                return True
    return False


def on_config(config: Any) -> Any:
    """Fill the reference and command sections of the navigation."""
    ref = [{"Overview": reference_page(PACKAGE)}]
    ref += [{m: reference_page(m)} for m in public_modules() if m != PACKAGE]
    cli = [{"groepsinzicht": f"{CLI_DIR}/index.md"}]
    cli += [{f"groepsinzicht {c}": f"{CLI_DIR}/{c}.md"} for c in cli_commands()]
    if config.nav is not None:
        _nav_replace(config.nav, REF_NAV_KEY, ref)
        _nav_replace(config.nav, CLI_NAV_KEY, cli)
    return config


def on_files(files: Any, config: Any) -> Any:
    """Add the generated reference and command pages."""
    from mkdocs.structure.files import File

    def add(path: str, content: str) -> None:
        if files.get_file_from_path(path) is None:
            files.append(File.generated(config, path, content=content))

    for module in public_modules():
        if module != PACKAGE:
            add(reference_page(module), generated_module_page(module))
    add(f"{CLI_DIR}/index.md", cli_page(None) + "\n## Commands\n\n"
        + command_list_markdown().replace("](cli/", "](") + "\n")
    for command in cli_commands():
        add(f"{CLI_DIR}/{command}.md", cli_page(command))
    return files


def on_page_markdown(markdown: str, *, page: Any, **_: Any) -> str:
    """Fill the markers of hand-written pages."""
    if API_TABLE_MARKER in markdown:
        markdown = markdown.replace(API_TABLE_MARKER, api_table_markdown())
    if ERROR_TREE_MARKER in markdown:
        markdown = markdown.replace(ERROR_TREE_MARKER, error_tree_markdown())
    if COMMAND_LIST_MARKER in markdown:
        prefix = "../" * page.file.src_uri.count("/")
        markdown = markdown.replace(
            COMMAND_LIST_MARKER,
            command_list_markdown().replace("](cli/", f"]({prefix}cli/"))
    return markdown


def docs_dir() -> Path:
    """The docs folder (the parent of this hook's folder)."""
    return Path(__file__).resolve().parent.parent


_SPHINX_ROLE = re.compile(
    r":(?:py:)?(?:func|class|mod|meth|data|attr|exc|obj|const):<code>(~?)([^<]+)</code>")


def _role_to_code(match: re.Match[str]) -> str:
    name = match.group(2).split(".")[-1] if match.group(1) else match.group(2)
    return f"<code>{name}</code>"


def on_page_content(html: str, **_: Any) -> str:
    """Render the Sphinx roles of the docstrings (``:func:`load```) as plain code."""
    return _SPHINX_ROLE.sub(_role_to_code, html)


_MERMAID_LOADER = re.compile(
    r'<script type="module">(?:(?!</script>).)*?cdnjs\.cloudflare\.com/ajax/libs/mermaid'
    r".*?</script>", flags=re.DOTALL)


_NOTEBOOK_MD_LINK = re.compile(r'href="((?:\.\./)+[^":#]+)\.md(#[^"]*)?"')


def on_post_page(output: str, *, page: Any, config: Any, **_: Any) -> str:
    """Fix what the notebook pages need (tutorials are jupytext ``.py`` files).

    - Links in a notebook's text to guides (``../guides/reach.md``) are right next to the
      ``.py`` file in the repository, but mkdocs-jupyter leaves them as they are: point
      them to the built page (one folder deeper, no ``.md``).
    - nbconvert's template loads mermaid from a CDN when a notebook holds a diagram (ours
      hold none) and writes an empty MathJax ``<script src="">``: drop both, so the site
      needs no network.
    """
    if page.file.src_uri.endswith((".py", ".ipynb")):
        dirs = config.use_directory_urls

        def fix(match: re.Match[str]) -> str:
            target = f"../{match.group(1)}/" if dirs else f"{match.group(1)}.html"
            return f'href="{target}{match.group(2) or ""}"'

        output = _NOTEBOOK_MD_LINK.sub(fix, output)
    output = _MERMAID_LOADER.sub("", output)
    return output.replace('<script src=""> </script>', "")
