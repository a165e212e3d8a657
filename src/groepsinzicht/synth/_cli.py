"""The command line of ``python -m groepsinzicht.synth``: write a canonical folder.

``python -m groepsinzicht.synth --out src/groepsinzicht/data/sample`` regenerates the
bundled sample (the default config); ``--seed`` and ``--scale`` make other datasets.
"""

from __future__ import annotations

import argparse
import sys

from groepsinzicht.synth._generate import generate

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, generate, and write the canonical folder.

    Parameters
    ----------
    argv
        Command-line arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        The exit code (0).

    Examples
    --------
    >>> import tempfile, groepsinzicht as gi
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     code = main(["--out", tmp, "--scale", "0.05", "--quiet"])
    ...     n = gi.load(tmp).posts.height
    >>> code, n > 0
    (0, True)
    """
    parser = argparse.ArgumentParser(
        prog="python -m groepsinzicht.synth",
        description="Generate the synthetic municipality of Voorbeeldstad as a canonical "
        "folder (the defaults make the bundled sample).",
    )
    parser.add_argument("--out", required=True, help="folder to write (created if missing)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default 0)")
    parser.add_argument("--scale", type=float, default=None,
                        help="multiplies members, followers and posts (default 1)")
    parser.add_argument("--months", type=int, default=None, help="length of the period")
    parser.add_argument("--quiet", action="store_true", help="print nothing")
    args = parser.parse_args(argv)
    overrides = {k: v for k, v in
                 {"seed": args.seed, "scale": args.scale, "months": args.months}.items()
                 if v is not None}
    ds = generate(**overrides)
    out = ds.write(args.out)
    if not args.quiet:
        sys.stdout.write(f"{ds!r}\nwritten to {out}\n")
    return 0
