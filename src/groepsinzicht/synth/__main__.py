"""Write a synthetic municipality as a canonical folder.

``python -m groepsinzicht.synth --out src/groepsinzicht/data/sample`` regenerates the
bundled sample (the default config); ``--seed`` and ``--scale`` make other datasets.
"""

from __future__ import annotations

from groepsinzicht.synth._cli import main

if __name__ == "__main__":
    raise SystemExit(main())
