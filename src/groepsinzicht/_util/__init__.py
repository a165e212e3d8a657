"""Private core helpers: the default time zone, the gc pause, the nl/en label table."""

from __future__ import annotations

from groepsinzicht._util._checks import check_whole
from groepsinzicht._util._gc import gc_paused
from groepsinzicht._util._labels import LABELS, LANGS, Lang, check_lang, label, theme_label
from groepsinzicht._util._tz import DEFAULT_TZ, check_tz

__all__ = ["DEFAULT_TZ", "LABELS", "LANGS", "Lang", "check_lang", "check_tz", "check_whole",
           "gc_paused", "label", "theme_label"]
