"""The ``groepsinzicht`` command: reports, digests, graphs, exports, "Seen by" templates.

Only composes the library: every command is a few calls to the public API. Option
values are checked while parsing, before any work: a bad value is a usage error (exit
2, one line). An error in the data is one located line (exit 1); ``--debug`` shows the
traceback instead.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from groepsinzicht._util import DEFAULT_TZ, check_tz
from groepsinzicht._version import __version__
from groepsinzicht.errors import DataQualityWarning, GroepsinzichtError

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    import polars as pl

    from groepsinzicht._util import Lang
    from groepsinzicht.dataset import Dataset

__all__ = ["main"]

#: Readers' format names (see ``groepsinzicht.io.FORMATS``), and "auto".
READ_FORMATS = ("auto", "canonical", "graph_api", "facebook_scraper", "dyi", "crowdtangle",
                "insights", "business_suite", "content_library")
#: What ``sample`` can write.
SAMPLE_FORMATS = ("canonical", "graph_api", "facebook_scraper", "dyi", "crowdtangle",
                  "insights", "business_suite", "content_library")


# --------------------------------------------------------------------------- option types
def _tz(text: str) -> str:
    try:
        return check_tz(text)
    except GroepsinzichtError:
        msg = f"expected an IANA time zone such as {DEFAULT_TZ}, got {text!r}"
        raise argparse.ArgumentTypeError(msg) from None


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        msg = f"expected a date like 2024-06-01, got {text!r}"
        raise argparse.ArgumentTypeError(msg) from None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        msg = f"expected a whole number of 1 or more, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return value


def _existing(text: str) -> Path:
    path = Path(text)
    if not path.exists():
        msg = f"no such file or folder: {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return path


def _graph_file(text: str) -> Path:
    path = Path(text)
    if path.suffix.lower() not in (".gexf", ".graphml"):
        msg = f"expected a file name ending in .gexf or .graphml, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return path


# --------------------------------------------------------------------------- loading
def _add_load_args(p: argparse.ArgumentParser, *, sample_default: bool = False) -> None:
    where = ("export files, folders or zips (none: the bundled sample)" if sample_default
             else "export files, folders or zips")
    p.add_argument("paths", nargs="*", type=_existing, help=where)
    p.add_argument("--sample", action="store_true", help="use the bundled sample")
    p.add_argument("--format", default="auto", choices=READ_FORMATS,
                   help="export format (default: detect)")
    p.add_argument("--tz", default=None, type=_tz,
                   help=f"time zone of local times (default {DEFAULT_TZ})")
    p.add_argument("--collect", action="store_true",
                   help="keep going past bad records and list them as rejected")
    p.add_argument("--org-id", action="append", default=[], dest="org_ids",
                   help="an id of the organisation's own account (repeatable)")
    p.add_argument("--org-name", action="append", default=[], dest="org_names",
                   help="the name of the organisation's own account, as in the export "
                        "(repeatable)")
    p.add_argument("--no-progress", action="store_true", help="no progress bars")
    p.set_defaults(sample_default=sample_default)


def _check_org_names(ds: Dataset, names: list[str]) -> Dataset:
    import polars as pl

    if names and not ds.members.filter(pl.col("name").is_in(names)).height:
        # A name that matches no account is a typo far more often than a plan.
        shown = ", ".join(repr(n) for n in names)
        msg = f"--org-name: no account named {shown} in the data (names match exactly)"
        raise GroepsinzichtError(msg)
    return ds


def _load(args: argparse.Namespace) -> Dataset:
    import groepsinzicht as gi

    if args.sample or (not args.paths and args.sample_default):
        ds = gi.load_sample()
    elif not args.paths:
        msg = "give one or more export paths, or --sample"
        raise GroepsinzichtError(msg)
    else:
        with warnings.catch_warnings():
            # The summary and the report list rejected rows themselves.
            warnings.simplefilter("ignore", DataQualityWarning)
            ds = gi.load(
                args.paths,
                format=args.format,
                tz=args.tz,
                on_error="collect" if args.collect else "raise",
                org_ids=args.org_ids or None,
                org_names=args.org_names or None,
                progress=False if args.no_progress else None,
            )
    if (args.org_ids or args.org_names) and (args.sample or not args.paths):
        ds = ds.with_organization(args.org_ids, names=args.org_names)
    return _check_org_names(ds, args.org_names)


# --------------------------------------------------------------------------- commands
def _cmd_summary(args: argparse.Namespace) -> int:
    ds = _load(args)
    print(repr(ds))
    print(ds.summary().to_text())
    return 0


def _cmd_detect(args: argparse.Namespace) -> int:
    import groepsinzicht as gi

    for p in args.paths:
        print(f"{p}\t{gi.detect_format(p)}")
    return 0


def _key(path: Path | None) -> bytes | None:
    if path is None:
        return None
    try:
        return path.read_bytes().strip()
    except OSError as exc:
        msg = f"{path}: cannot read the key file ({exc.strerror})"
        raise GroepsinzichtError(msg) from None


def _cmd_convert(args: argparse.Namespace) -> int:
    import groepsinzicht as gi

    ds = _load(args)
    key = _key(args.key_file)
    if key is not None:
        ds = gi.pseudonymize(ds, key)
    out = ds.write(args.output)
    print(f"{ds!r}\nwritten to {out}")
    return 0


def _utc(day: date | None) -> datetime | None:
    return None if day is None else datetime.combine(day, datetime.min.time(), UTC)


def _cmd_report(args: argparse.Namespace) -> int:
    import groepsinzicht as gi

    ds = _load(args)
    page = None
    if args.page:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DataQualityWarning)
            page = gi.load(args.page, tz=args.tz,
                           progress=False if args.no_progress else None)
    extra = {}
    if getattr(args, "seen_by", None) is not None:
        extra["seen_by"] = args.seen_by
    rep = gi.report(ds, page=page, path=args.output, lang=args.lang, every=args.every,
                    since=_utc(args.since), until=_utc(args.until), last_days=args.last_days,
                    tz=args.tz or DEFAULT_TZ, show_names=args.show_names, **extra)
    print(f"{rep!r}")
    return 0


def _cmd_digest(args: argparse.Namespace) -> int:
    import groepsinzicht as gi

    ds = _load(args)
    print(gi.digest(ds, day=args.day, every=args.every, tz=args.tz or DEFAULT_TZ,
                    lang=args.lang, top=args.top, show_names=args.show_names), end="")
    return 0


def _cmd_graph(args: argparse.Namespace) -> int:
    import groepsinzicht as gi

    ds = _load(args)
    key = _key(args.key_file)
    if key is not None:
        ds = gi.pseudonymize(ds, key)
    g = gi.interaction_graph(ds)
    out = gi.write_graph(g, args.output)
    print(f"{g.number_of_nodes()} members, {g.number_of_edges()} links written to {out}")
    return 0


def _cmd_sample(args: argparse.Namespace) -> int:
    import polars as pl

    import groepsinzicht as gi
    from groepsinzicht import synth

    ds = gi.load_sample()
    out: Path = args.output
    out.mkdir(parents=True, exist_ok=True)
    fmt = args.format
    writers: dict[str, Callable[[], object]] = {
        "canonical": lambda: ds.write(out / "canonical"),
        "graph_api": lambda: synth.write_graph_api(ds, out),
        "facebook_scraper": lambda: synth.write_facebook_scraper(ds, out),
        "crowdtangle": lambda: synth.write_crowdtangle(ds, out),
        "insights": lambda: synth.write_insights(ds, out),
        "business_suite": lambda: synth.write_business_suite(ds, out),
        "content_library": lambda: synth.write_content_library(ds, out),
    }
    if fmt == "dyi":
        # A personal archive: the most active resident's own posts, comments and groups.
        authors = (ds.posts.join(ds.members.filter(~pl.col("is_organization"))
                                 .select(pl.col("member_id").alias("author_id")).unique(),
                                 on="author_id", how="semi")
                   .group_by("author_id").len().sort("len", "author_id",
                                                     descending=[True, False]))
        owner = str(authors.item(0, "author_id"))
        synth.write_dyi(ds, out, owner_id=owner)
    else:
        writers[fmt]()
    files = sorted(p for p in out.rglob("*") if p.is_file())
    noun = "file" if len(files) == 1 else "files"
    print(f"{len(files)} {noun} of the bundled sample ({fmt}) written to {out}")
    return 0


def _cmd_seen_by_template(args: argparse.Namespace) -> int:
    from groepsinzicht.reach._calibrate import seen_by_template

    ds = _load(args)
    template = seen_by_template(ds, last_days=args.last_days)
    out = write_seen_by_template(template, args.output, lang=args.lang,
                                 tz=args.tz or DEFAULT_TZ)
    print(f"{template.height} group posts written to {out}")
    return 0


def write_seen_by_template(
    template: pl.DataFrame, path: Path, *, lang: Lang = "nl", tz: str = DEFAULT_TZ
) -> Path:
    """Write the "Seen by" template as Excel opens it in the language's locale.

    Dutch: ``;``-separated, times as ``d-m-jjjj uu:mm``; English: ``,`` and ISO times.
    Both UTF-8 with a byte-order mark and a ``#`` line on how to fill it in;
    :func:`groepsinzicht.io.read_seen_by` reads the filled file back.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import groepsinzicht as gi
    >>> from groepsinzicht.reach._calibrate import seen_by_template
    >>> out = write_seen_by_template(seen_by_template(gi.load_sample()),
    ...     pathlib.Path(tempfile.mkdtemp()) / "gezien.csv")
    >>> out.read_text(encoding="utf-8-sig").splitlines()[1]
    'container_id;post_id;permalink;created_at;seen_by;recorded_at'
    """
    import polars as pl

    from groepsinzicht._util import label

    sep, fmt = (";", "%-d-%-m-%Y %H:%M") if lang == "nl" else (",", "%Y-%m-%d %H:%M")
    body = template.select(
        "container_id", "post_id", "permalink",
        pl.col("created_at").dt.convert_time_zone(tz).dt.strftime(fmt),
        pl.col("seen_by").cast(pl.String), pl.col("recorded_at").cast(pl.String),
    ).write_csv(separator=sep, line_terminator="\r\n")
    comment = "# " + label("cal_template", lang) + "\r\n"
    path = Path(path)
    path.write_text(comment + body, encoding="utf-8-sig", newline="")
    return path


# --------------------------------------------------------------------------- parser
class _Parser(argparse.ArgumentParser):
    """argparse with one-line usage errors (exit 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _add_debug(p: argparse.ArgumentParser, *, default: object = False) -> None:
    p.add_argument("--debug", action="store_true", default=default,
                   help="show the full traceback of an error")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="groepsinzicht",
        description="Facebook group and page exports turned into answers.",
    )
    parser.add_argument("--version", action="version", version=f"groepsinzicht {__version__}")
    _add_debug(parser)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("report", help="write the HTML report for the newsroom")
    _add_load_args(p, sample_default=True)
    p.add_argument("-o", "--output", type=Path, default=Path("report.html"),
                   help="HTML file to write (default report.html)")
    p.add_argument("--page", type=_existing, nargs="*", default=None,
                   help="exports of the corporate page, for the group-versus-page comparison")
    p.add_argument("--lang", choices=["nl", "en"], default="nl")
    p.add_argument("--every", choices=["1d", "1w", "1mo"], default="1w",
                   help="period of the timeline (default 1w)")
    p.add_argument("--since", type=_day, default=None, help="first day (YYYY-MM-DD, UTC)")
    p.add_argument("--until", type=_day, default=None,
                   help="day after the last (YYYY-MM-DD, UTC)")
    p.add_argument("--last-days", type=_positive, default=None, dest="last_days",
                   help="only the last N days up to the latest post (a daily or weekly report)")
    p.add_argument("--show-names", action="store_true", dest="show_names",
                   help="show members' names and open questions' texts (internal use only)")
    p.set_defaults(func=_cmd_report)

    p = sub.add_parser("digest", help="print a Markdown digest of a day or a week")
    _add_load_args(p, sample_default=True)
    p.add_argument("--day", type=_day, default=None,
                   help="a day in the period (YYYY-MM-DD; default: the last day with posts)")
    p.add_argument("--every", choices=["1d", "1w"], default="1d",
                   help="1d: that day; 1w: its week, Monday to Sunday (default 1d)")
    p.add_argument("--lang", choices=["nl", "en"], default="nl")
    p.add_argument("--top", type=_positive, default=5, help="posts to list (default 5)")
    p.add_argument("--show-names", action="store_true", dest="show_names",
                   help="list open questions with names and texts (internal use only)")
    p.set_defaults(func=_cmd_digest)

    p = sub.add_parser("graph", help="write who-talks-with-whom as a GEXF or GraphML file")
    _add_load_args(p)
    p.add_argument("-o", "--output", type=_graph_file, required=True,
                   help="graph.gexf (Gephi) or graph.graphml")
    p.add_argument("--pseudonymize-key-file", type=_existing, dest="key_file", default=None,
                   help="pseudonymise member identities with the key in this file")
    p.set_defaults(func=_cmd_graph)

    p = sub.add_parser("sample", help="write the bundled sample as export files")
    p.add_argument("-o", "--output", type=Path, required=True, help="folder to write")
    p.add_argument("--format", choices=SAMPLE_FORMATS, default="graph_api",
                   help="export format to write (default graph_api)")
    p.set_defaults(func=_cmd_sample)

    p = sub.add_parser("summary", help="load exports and print what they hold")
    _add_load_args(p)
    p.set_defaults(func=_cmd_summary)

    p = sub.add_parser("seen-by-template",
                       help="write the group posts as a CSV to fill in with 'Seen by' counts")
    _add_load_args(p)
    p.add_argument("-o", "--output", type=Path, default=Path("gezien.csv"),
                   help="CSV file to write (default gezien.csv)")
    p.add_argument("--last-days", type=_positive, default=None, dest="last_days",
                   help="only the posts of the last N days up to the latest post")
    p.add_argument("--lang", choices=["nl", "en"], default="nl",
                   help="language of the instructions and the date format (default nl)")
    p.set_defaults(func=_cmd_seen_by_template)

    p = sub.add_parser("detect", help="name the format of each path")
    p.add_argument("paths", nargs="+", type=_existing)
    p.set_defaults(func=_cmd_detect)

    p = sub.add_parser("convert", help="load exports and write the canonical Parquet folder")
    _add_load_args(p)
    p.add_argument("-o", "--output", type=Path, required=True, help="folder to write")
    p.add_argument("--pseudonymize-key-file", type=_existing, dest="key_file", default=None,
                   help="pseudonymise member identities with the key in this file")
    p.set_defaults(func=_cmd_convert)
    for command in sub.choices.values():
        _add_debug(command, default=argparse.SUPPRESS)
    return parser


def _show_warnings(caught: list[warnings.WarningMessage]) -> None:
    """Data-quality warnings as one line each; other warnings as Python shows them."""
    for w in caught:
        if issubclass(w.category, DataQualityWarning):
            text = " ".join(str(w.message).split())
            print(f"groepsinzicht: warning: {text} (command line: --org-id or --org-name)"
                  if "organisation" in text else f"groepsinzicht: warning: {text}",
                  file=sys.stderr)
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Parameters
    ----------
    argv
        Arguments (without the program name); ``sys.argv[1:]`` when None.

    Returns
    -------
    int
        0 on success, 1 when an input could not be read (one line naming the file and
        the place), 2 on a usage error (a bad option or value, one line).

    Examples
    --------
    >>> main(["summary", "--sample"])  # doctest: +ELLIPSIS
    <Dataset: ...
    0
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help, --version (0) or a usage error (2)
        return exc.code if isinstance(exc.code, int) else 2
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", DataQualityWarning)
            code: int = args.func(args)
        _show_warnings(caught)
    except (GroepsinzichtError, OSError) as exc:
        if args.debug:
            raise
        text = str(exc)
        if isinstance(exc, OSError) and not isinstance(exc, GroepsinzichtError):
            text = f"{exc.filename}: {exc.strerror}" if exc.filename else str(exc)
        print(f"groepsinzicht: {' '.join(text.split())}", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":  # pragma: no cover - exercised through the console script
    raise SystemExit(main())
