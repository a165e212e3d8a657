"""Readers: one private module per export format, and the public entry points.

``load`` detects the format of every file and merges the results; each format also has
a public ``read_<format>`` function here. :func:`read_seen_by` reads the "Seen by"
counts an admin noted by hand (not an export) for :func:`groepsinzicht.calibrate`.
"""

from __future__ import annotations

from groepsinzicht.io._business_suite import read_business_suite, read_business_suite_daily
from groepsinzicht.io._canonical import read_canonical
from groepsinzicht.io._common import ReadOptions
from groepsinzicht.io._content_library import read_content_library
from groepsinzicht.io._crowdtangle import read_crowdtangle, read_crowdtangle_history
from groepsinzicht.io._dyi import read_dyi
from groepsinzicht.io._facebook_scraper import read_facebook_scraper
from groepsinzicht.io._graph_api import read_graph_api
from groepsinzicht.io._insights import read_insights
from groepsinzicht.io._load import FORMATS, detect_format, load
from groepsinzicht.io._seen_by import read_seen_by
from groepsinzicht.io._source import ZIP_LIMITS, ZipLimits

__all__ = [
    "FORMATS",
    "ZIP_LIMITS",
    "ReadOptions",
    "ZipLimits",
    "detect_format",
    "load",
    "read_business_suite",
    "read_business_suite_daily",
    "read_canonical",
    "read_content_library",
    "read_crowdtangle",
    "read_crowdtangle_history",
    "read_dyi",
    "read_facebook_scraper",
    "read_graph_api",
    "read_insights",
    "read_seen_by",
]
