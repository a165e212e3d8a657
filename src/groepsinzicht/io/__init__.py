"""Readers: one private module per export format, and the public entry points.

``load`` detects the format of every file and merges the results; each format also has
a public ``read_<format>`` function here. :func:`read_seen_by` reads the "Seen by"
counts an admin noted by hand (not an export) for :func:`groepsinzicht.calibrate`.

The organisation
----------------
Every reader marks what the export states about the municipality's own accounts
(``members.is_organization``, role ``organization``):

- in every format that carries pages (Graph API page feeds, CrowdTangle, Page Insights,
  Business Suite, Content Library), a page's own account is the organisation of its own
  page;
- an owner's own page export (Business Suite, Page Insights: only a page's admins can make
  one) also puts the page on the Dataset's **organisation list** (``Dataset.org_ids``),
  so the page is the organisation in every container loaded with it (the municipality's
  page posting in its project group), also after ``Dataset.merge``;
- a researcher's list of pages (CrowdTangle, Content Library) puts nobody on the list;
- ``load(org_ids=[...])`` and ``load(org_names=[...])`` (for sources that carry names
  only, matched exactly after mojibake repair) add accounts, as does
  ``Dataset.with_organization``.

Where a group's organisation stays unknown (nothing on the list), the measures that
depend on it are null and the analyses warn. See :class:`groepsinzicht.Dataset`.

Members and group size
----------------------
Every reader says where its ``members`` rows come from: ``listed`` (the source lists the
person as a member: a DYI export's own memberships) or inferred from activity (authors,
commenters, reactors of every other format). No export format holds a group's complete
member list, so ``containers.member_list`` is false for what a reader produces, and a
group's size comes from its ``audience`` series (CrowdTangle's and the Content Library's
member counts), else it is unknown: a personal DYI export gives no group size. A caller's
``Dataset.from_frames(members=...)`` is a complete member list unless it says otherwise
(``member_list=``), and its join dates then give the size.
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
