r"""Undo the mojibake of Facebook's "Download Your Information" JSON.

Facebook writes UTF-8 text, then escapes every byte of 0x80 or above as its own
``\u00XX`` escape, so after JSON decoding ``é`` reads ``Ã©`` and an emoji four
Latin-1 characters (FORMATS.md §3.4). The repair is the inverse, applied once per
string after decoding:

- a string is repaired only when ``s.encode("latin-1")`` succeeds (every character is at
  most U+00FF) **and** those bytes decode as UTF-8; otherwise it is left as it is;
- pure ASCII strings are left alone (encoding and decoding would change nothing);
- dictionary keys are repaired too (group names are keys in ``group_badges_v2``);
- :func:`repair` walks a decoded document once, so no string is repaired twice:
  repairing text that is already correct would corrupt it or fail.

A correct string that happens to be the Latin-1 reading of valid UTF-8 (say a literal
``Ã©``) cannot be told apart from mojibake and is repaired: DYI exports write every
non-ASCII character escaped, so such text does not occur in them. Files re-typed with
raw UTF-8 (the avastar fixture) hold characters that fail one of the two tests and are
kept as they are.
"""

from __future__ import annotations

from typing import Any

__all__ = ["repair", "repair_text"]


def repair_text(text: str) -> str:
    r"""Repair one string's mojibake, or return it unchanged when it is not mojibake.

    Parameters
    ----------
    text
        A string decoded from a DYI JSON file.

    Returns
    -------
    str

    Examples
    --------
    >>> repair_text("caf\u00c3\u00a9")
    'café'
    >>> repair_text("café")  # correct text (é is not valid UTF-8 on its own) is kept
    'café'
    >>> repair_text("\u0152uvre")  # characters above U+00FF: not mojibake
    'Œuvre'
    """
    if text.isascii():
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def repair(value: Any) -> Any:
    r"""Repair every string of a decoded JSON document, dictionary keys included.

    Each string is repaired exactly once; the input is not modified.

    Parameters
    ----------
    value
        A document decoded by ``orjson`` / ``json`` (dicts, lists, strings, numbers).

    Returns
    -------
    Any
        The same structure with repaired strings.

    Examples
    --------
    >>> repair({"group_badges_v2": {"Caf\u00c3\u00a9": ["Admin"]}})
    {'group_badges_v2': {'Café': ['Admin']}}
    """
    if isinstance(value, str):
        return repair_text(value)
    if isinstance(value, dict):
        return {repair_text(k): repair(v) for k, v in value.items()}
    if isinstance(value, list):
        return [repair(v) for v in value]
    return value
