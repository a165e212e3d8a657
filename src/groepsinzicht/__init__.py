"""groepsinzicht: Facebook group and page exports turned into answers.

For the communication teams of Dutch municipalities and the researchers who study them:
engagement and conversation, notification reach (the 250-member rule), interaction
graphs, content pillars. Start with :func:`load` or :func:`load_sample`.

Examples
--------
>>> import groepsinzicht as gi
>>> ds = gi.load_sample()
>>> ds.posts.height > 0
True
"""

from __future__ import annotations

from groepsinzicht import errors
from groepsinzicht._version import __version__
from groepsinzicht.dataset import Dataset, Summary
from groepsinzicht.io import detect_format, load
from groepsinzicht.privacy import pseudonymize, suppress_small_cells
from groepsinzicht.sample import load_sample

__all__ = [
    "Dataset",
    "Summary",
    "__version__",
    "detect_format",
    "errors",
    "load",
    "load_sample",
    "pseudonymize",
    "suppress_small_cells",
]
