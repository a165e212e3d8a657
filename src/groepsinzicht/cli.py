"""The ``groepsinzicht`` command: summarise, detect, convert, report, "Seen by" template.

Only composes the library: every command is a few calls to the public API.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from groepsinzicht._util import DEFAULT_TZ
from groepsinzicht._version import __version__
from groepsinzicht.errors import GroepsinzichtError

if TYPE_CHECKING:
    from collections.abc import Sequence

    import polars as pl

    from groepsinzicht._util import Lang
    from groepsinzicht.dataset import Dataset

__all__ = ["main"]


def _add_load_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", type=Path, help="export files, folders or zips")
    p.add_argument("--sample", action="store_true", help="use the bundled sample")
    p.add_argument("--format", default="auto", help="export format (default: detect)")
    p.add_argument("--tz", default=None, help="time zone of naive local times "
                   "(default Europe/Amsterdam)")
    p.add_argument("--collect", action="store_true",
                   help="keep going past bad records and list them as rejected")
    p.add_argument("--org-id", action="append", default=[], dest="org_ids",
                   help="an id of the organisation's own account (repeatable)")
    p.add_argument("--no-progress", action="store_true", help="no progress bars")


def _load(args: argparse.Namespace) -> Dataset:
    import warnings

    import groepsinzicht as gi
    from groepsinzicht.errors import DataQualityWarning

    if args.sample:
        ds = gi.load_sample()
        return ds.with_organization(args.org_ids) if args.org_ids else ds
    if not args.paths:
        raise GroepsinzichtError("give one or more export paths, or --sample")
    with warnings.catch_warnings():
        # The summary lists rejected rows itself.
        warnings.simplefilter("ignore", DataQualityWarning)
        return gi.load(
            args.paths,
            format=args.format,
            tz=args.tz,
            on_error="collect" if args.collect else "raise",
            org_ids=args.org_ids or None,
            progress=False if args.no_progress else None,
        )


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


def _cmd_convert(args: argparse.Namespace) -> int:
    import groepsinzicht as gi

    ds = _load(args)
    if args.key_file is not None:
        ds = gi.pseudonymize(ds, args.key_file.read_bytes().strip())
    out = ds.write(args.output)
    print(f"{ds!r}\nwritten to {out}")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    import groepsinzicht as gi

    def _day(text: str | None) -> datetime | None:
        if text is None:
            return None
        try:
            return datetime.fromisoformat(text).replace(tzinfo=UTC)
        except ValueError:
            raise GroepsinzichtError(
                f"--since/--until: expected a date like 2024-06-01, got {text!r}") from None

    ds = _load(args)
    page = None
    if args.page:
        page = gi.load(args.page, tz=args.tz, progress=False if args.no_progress else None)
    rep = gi.report(ds, page=page, path=args.output, lang=args.lang, every=args.every,
                    since=_day(args.since), until=_day(args.until), last_days=args.last_days,
                    tz=args.tz or DEFAULT_TZ)
    print(f"{rep!r}")
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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="groepsinzicht",
        description="Facebook group and page exports turned into answers.",
    )
    parser.add_argument("--version", action="version", version=f"groepsinzicht {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("summary", help="load exports and print what they hold")
    _add_load_args(p)
    p.set_defaults(func=_cmd_summary)

    p = sub.add_parser("report", help="write the HTML report for the newsroom")
    _add_load_args(p)
    p.add_argument("-o", "--output", type=Path, default=Path("report.html"),
                   help="HTML file to write (default report.html)")
    p.add_argument("--page", type=Path, nargs="*", default=None,
                   help="exports of the corporate page, for the group-versus-page comparison")
    p.add_argument("--lang", choices=["nl", "en"], default="nl")
    p.add_argument("--every", default="1w", help="period of the timeline: 1d, 1w, 1mo")
    p.add_argument("--since", default=None, help="first day (YYYY-MM-DD, UTC)")
    p.add_argument("--until", default=None, help="day after the last (YYYY-MM-DD, UTC)")
    p.add_argument("--last-days", type=int, default=None, dest="last_days",
                   help="only the last N days up to the latest post (a daily or weekly report)")
    p.set_defaults(func=_cmd_report)

    p = sub.add_parser("seen-by-template",
                       help="write the group posts as a CSV to fill in with 'Seen by' counts")
    _add_load_args(p)
    p.add_argument("-o", "--output", type=Path, default=Path("gezien.csv"),
                   help="CSV file to write (default gezien.csv)")
    p.add_argument("--last-days", type=int, default=None, dest="last_days",
                   help="only the posts of the last N days up to the latest post")
    p.add_argument("--lang", choices=["nl", "en"], default="nl",
                   help="language of the instructions and the date format (default nl)")
    p.set_defaults(func=_cmd_seen_by_template)

    p = sub.add_parser("detect", help="name the format of each path")
    p.add_argument("paths", nargs="+", type=Path)
    p.set_defaults(func=_cmd_detect)

    p = sub.add_parser("convert", help="load exports and write the canonical Parquet folder")
    _add_load_args(p)
    p.add_argument("-o", "--output", type=Path, required=True, help="folder to write")
    p.add_argument("--pseudonymize-key-file", type=Path, dest="key_file", default=None,
                   help="pseudonymise member identities with the key in this file")
    p.set_defaults(func=_cmd_convert)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Parameters
    ----------
    argv
        Arguments (without the program name); ``sys.argv[1:]`` when None.

    Returns
    -------
    int
        0 on success, 1 when an input could not be read (the message names the file
        and the place), 2 on a usage error.

    Examples
    --------
    >>> main(["summary", "--sample"])  # doctest: +ELLIPSIS
    <Dataset: ...
    0
    """
    args = _parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except GroepsinzichtError as exc:
        print(f"groepsinzicht: {exc}", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":  # pragma: no cover - exercised through the console script
    raise SystemExit(main())
