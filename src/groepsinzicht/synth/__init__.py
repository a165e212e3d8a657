"""Synthetic municipal Facebook data: a seeded generator, and the bundled sample.

:func:`generate` makes the municipality of Voorbeeldstad: its page and its groups,
with members who join over time, threads, reactions, questions and answers, every
table filled. It is the embedded sample (``python -m groepsinzicht.synth --out
src/groepsinzicht/data/sample`` writes it), the test bed and the benchmark data:
``scale`` takes it from a tiny test set to millions of rows, and the same config
always gives the same Dataset.

Examples
--------
>>> from groepsinzicht.synth import ORG_ID, generate
>>> ds = generate(scale=0.1)
>>> ds.posts.filter(ds.posts["container_id"] == ORG_ID).height > 0
True
"""

from __future__ import annotations

from groepsinzicht.synth._config import DEFAULT_GROUPS, ORG_ID, GroupSpec, SynthConfig
from groepsinzicht.synth._generate import generate
from groepsinzicht.synth._partitioned import write_partitioned
from groepsinzicht.synth._text import THEMES
from groepsinzicht.synth._write_business_suite import (
    project_business_suite,
    write_business_suite,
)
from groepsinzicht.synth._write_content_library import (
    project_content_library,
    write_content_library,
)
from groepsinzicht.synth._write_crowdtangle import project_crowdtangle, write_crowdtangle
from groepsinzicht.synth._write_dyi import project_dyi, write_dyi
from groepsinzicht.synth._write_facebook_scraper import (
    project_facebook_scraper,
    write_facebook_scraper,
)
from groepsinzicht.synth._write_graph_api import project_graph_api, write_graph_api
from groepsinzicht.synth._write_insights import project_insights, write_insights
from groepsinzicht.synth._write_seen_by import project_seen_by, write_seen_by

__all__ = ["DEFAULT_GROUPS", "ORG_ID", "THEMES", "GroupSpec", "SynthConfig", "generate"]
__all__ += [
    "project_business_suite",
    "project_content_library",
    "project_crowdtangle",
    "project_dyi",
    "project_facebook_scraper",
    "project_graph_api",
    "project_insights",
    "project_seen_by",
    "write_business_suite",
    "write_content_library",
    "write_crowdtangle",
    "write_dyi",
    "write_facebook_scraper",
    "write_graph_api",
    "write_insights",
    "write_partitioned",
    "write_seen_by",
]
