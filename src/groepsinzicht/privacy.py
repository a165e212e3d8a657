"""Privacy: pseudonymise member identities, mask people in free text, suppress small cells.

Member identities are personal data of residents. :func:`pseudonymize` replaces every
member id (authors, commenters, reactors, mentions, members) by a keyed hash, removes
names, and masks in every message ``@Name`` mentions, the full names of the Dataset's
residents, e-mail addresses, Dutch phone numbers, IBANs and BSN-like numbers, so a
dataset can be shared with a researcher or kept beyond its purpose without the
identities. The same key gives the same pseudonyms (datasets pseudonymised separately
can still be merged); without the key the mapping cannot be recomputed.

Keep the key apart from the data: make one with :func:`new_key`, store it in a password
manager or a file outside the shared folder (never beside the Parquet files, in the same
zip, or in version control), and give it only to whoever must link new exports to the
same pseudonyms. Whoever has the key and an export can undo the pseudonyms.

What the text masking cannot find: people who are not in the Dataset (a neighbour named
in a comment but never active in the group), first names or nicknames written alone
("Anouk zei..."), misspelled names, addresses written out, photos, and identifying
details told in words ("de bakker op de hoek"). Read a sample of the masked messages
before sharing them, or share without messages (``messages="drop"``).

:func:`suppress_small_cells` blanks counts below a threshold in a published table.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import replace
from typing import TYPE_CHECKING, Final, Literal

import polars as pl

from groepsinzicht.errors import GroepsinzichtError, ParameterError, ParameterTypeError

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from groepsinzicht.dataset import Dataset

__all__ = ["PSEUDONYM_PREFIX", "mask_text", "new_key", "pseudonymize",
           "suppress_small_cells"]

#: Pseudonyms start with this, so they are recognisable and cannot collide with
#: Facebook's numeric ids.
PSEUDONYM_PREFIX = "ps:"
_MIN_KEY_BYTES = 16

#: Tokens that replace what free-text masking finds.
NAME_TOKEN: Final = "[naam]"
EMAIL_TOKEN: Final = "[e-mail]"
PHONE_TOKEN: Final = "[telefoon]"
IBAN_TOKEN: Final = "[iban]"
NUMBER_TOKEN: Final = "[nummer]"

# Order matters: e-mail before anything with digits, IBAN before phone and BSN numbers.
_TEXT_PATTERNS: Final = (
    (r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}", EMAIL_TOKEN),
    # NL91 ABNA 0417 1643 00, NL91ABNA0417164300 and other countries' IBANs.
    (r"\b[A-Z]{2}[0-9]{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b", IBAN_TOKEN),
    # +31 6 12345678, 0031 20 1234567, +31 (0)6-12345678
    (r"(?:\+|\b00)31[ \-]?(?:\(0\)[ \-]?)?[1-9](?:[ \-]?[0-9]){8}\b", PHONE_TOKEN),
    # 06-12345678, 010-1234567, 020 123 4567, 0612345678, (010) 1234567
    (r"\(0[1-9][0-9]{1,2}\)[ \-]?[0-9](?:[ \-]?[0-9]){5,7}\b", PHONE_TOKEN),
    (r"\b0[1-9](?:[ \-]?[0-9]){8}\b", PHONE_TOKEN),
    # BSN-like: nine digits, also written 1234.56.789
    (r"\b[0-9]{9}\b|\b[0-9]{4}\.[0-9]{2}\.[0-9]{3}\b", NUMBER_TOKEN),
)
#: Names per regular expression (a very long alternation is slow to compile).
_NAMES_PER_PATTERN: Final = 300


def new_key() -> bytes:
    """A new secret key for :func:`pseudonymize`: 32 random bytes.

    Store it apart from the data (see the module docstring): whoever holds the key and
    an export can link pseudonyms back to people.

    Returns
    -------
    bytes

    Examples
    --------
    >>> import groepsinzicht as gi
    >>> key = gi.privacy.new_key()
    >>> len(key), key == gi.privacy.new_key()
    (32, False)
    """
    return secrets.token_bytes(32)


def _name_patterns(names: Sequence[str]) -> list[str]:
    """Case-insensitive whole-word patterns of full names, longest first."""
    full = sorted({n.strip() for n in names if len(n.split()) >= 2},
                  key=lambda n: (-len(n), n))
    out = []
    for i in range(0, len(full), _NAMES_PER_PATTERN):
        alts = "|".join(r"\s+".join(re.escape(w) for w in n.split())
                        for n in full[i:i + _NAMES_PER_PATTERN])
        out.append(rf"(?i)(?:^|\b)(?:{alts})(?:\b|$)")
    return out


def mask_text(text: pl.Expr, names: Sequence[str] = ()) -> pl.Expr:
    """Mask people in free text: full names, e-mail, phone numbers, IBANs, BSN-like numbers.

    Each find becomes a bracketed token of its kind: ``[naam]``, ``[e-mail]``,
    ``[telefoon]``, ``[iban]``, ``[nummer]``. Names are matched as whole words,
    case-insensitive, longest first; a single word (a first name alone) is never
    masked. Dates, times, postcodes, house numbers and amounts stay.

    Parameters
    ----------
    text
        A string expression.
    names
        Full names to mask (the residents of a Dataset).

    Returns
    -------
    polars.Expr

    Examples
    --------
    >>> import polars as pl
    >>> msgs = pl.DataFrame({"m": ["Hoi anouk jansen, mail a.b@x.nl of bel 06-12345678 "
    ...                            "voor 1 mei 2024 (1234 AB, nr 12, € 5,50)"]})
    >>> msgs.select(mask_text(pl.col("m"), ["Anouk Jansen", "Anouk"])).item()
    'Hoi [naam], mail [e-mail] of bel [telefoon] voor 1 mei 2024 (1234 AB, nr 12, € 5,50)'
    """
    out = text
    for pattern in _name_patterns(names):
        out = out.str.replace_all(pattern, NAME_TOKEN)
    for pattern, token in _TEXT_PATTERNS:
        out = out.str.replace_all(pattern, token)
    return out


def _pseudonyms(ids: pl.Series, key: bytes) -> pl.Series:
    """HMAC-SHA256 of each distinct id, first 20 hex digits (80 bits)."""
    # One HMAC per *distinct* id, not per row: polars has no keyed cryptographic hash,
    # and its own hash is neither keyed nor stable across versions.
    distinct = ids.drop_nulls().unique().sort()
    values = [
        PSEUDONYM_PREFIX + hmac.new(key, v.encode("utf-8"), hashlib.sha256).hexdigest()[:20]
        for v in distinct.to_list()
    ]
    mapped = pl.Series("pseudonym", values, dtype=pl.String)
    if mapped.n_unique() != mapped.len():
        # 80 bits make this astronomically unlikely; refuse rather than merge two people.
        raise GroepsinzichtError("pseudonymize: two ids share a pseudonym; use another key")
    return pl.DataFrame({"id": distinct, "pseudonym": mapped}).to_struct("pair")


def pseudonymize(
    ds: Dataset,
    key: bytes,
    *,
    keep: Iterable[str] = (),
    keep_organization: bool = True,
    messages: Literal["mask_mentions", "drop", "keep"] = "mask_mentions",
    content_ids: bool = False,
) -> Dataset:
    """Replace member identities by keyed pseudonyms.

    Every ``member_id``, ``author_id``, ``actor_id`` and ``mentions`` entry becomes
    ``ps:`` + the first 20 hex digits of HMAC-SHA256(key, id); names become null. The
    organisation list (``org_ids``) follows its ids; ``org_names`` is emptied (the
    accounts it matched stay marked ``is_organization``).
    Deterministic per key and injective (a collision raises). ``is_organization`` and
    roles are kept, so every analysis runs unchanged on the result.

    Parameters
    ----------
    ds
        The dataset.
    key
        A secret of at least 16 bytes: :func:`new_key` makes one. Keep it apart from
        the data (not in the shared folder, zip or repository).
    keep
        Ids left as they are (e.g. the municipality's page id).
    keep_organization
        Leave ids marked ``is_organization`` as they are (the municipality's own
        accounts are not residents). Set False to pseudonymise staff accounts too.
    messages
        ``"mask_mentions"`` (default): ``@Full Name`` of a known member becomes
        ``@`` + pseudonym, and in every message the full names of the Dataset's
        residents (whole words, case-insensitive; not first names alone; organisation
        names stay) become ``[naam]``, e-mail addresses ``[e-mail]``, Dutch phone
        numbers ``[telefoon]``, IBANs ``[iban]`` and BSN-like nine-digit numbers
        ``[nummer]``; dates, times, postcodes, house numbers and amounts stay.
        ``rejected.reason`` is scrubbed the same way. People the Dataset does not know
        (never active in it), first names alone and misspellings are not found.
        ``"drop"``: texts become null; ``"keep"``: unchanged.
    content_ids
        Also pseudonymise post and comment ids (and ``permalink`` becomes null), which
        otherwise lead back to the post on Facebook.

    Returns
    -------
    Dataset
        Same tables and row counts, identities replaced.

    Raises
    ------
    ParameterTypeError
        The key is not bytes (a ``str`` key is refused: use :func:`new_key`).
    ParameterError
        The key is shorter than 16 bytes.

    Examples
    --------
    >>> import groepsinzicht as gi
    >>> ds = gi.load_sample()
    >>> anon = gi.pseudonymize(ds, key=b"0123456789abcdef-secret")
    >>> anon.members.get_column("name").null_count() == anon.members.height
    True
    >>> anon.posts.height == ds.posts.height
    True
    """
    if not isinstance(key, bytes | bytearray | memoryview):
        raise ParameterTypeError(
            f"pseudonymize: key: expected bytes (make one with gi.privacy.new_key() and "
            f"keep it apart from the data), got {type(key).__name__}")
    if len(key) < _MIN_KEY_BYTES:
        raise ParameterError(
            f"pseudonymize: key: expected at least {_MIN_KEY_BYTES} bytes, got {len(key)}"
        )
    key = bytes(key)
    kept = {str(k) for k in keep}
    if keep_organization:
        kept |= set(ds.members.filter(pl.col("is_organization")).get_column("member_id"))
    all_ids = pl.concat([
        ds.members.get_column("member_id"),
        ds.posts.get_column("author_id"),
        ds.comments.get_column("author_id"),
        ds.reactions.get_column("actor_id"),
        ds.posts.get_column("mentions").explode(),
        ds.comments.get_column("mentions").explode(),
        pl.Series("org_ids", list(ds.org_ids), dtype=pl.String),
    ]).drop_nulls().unique()
    pairs = _pseudonyms(all_ids.filter(~all_ids.is_in(list(kept))), key).struct.unnest()
    old = pairs.get_column("id").to_list()
    new = pairs.get_column("pseudonym").to_list()

    def swap(col: str) -> pl.Expr:
        return pl.col(col).replace_strict(old, new, default=pl.col(col),
                                          return_dtype=pl.String)

    def swap_list(col: str) -> pl.Expr:
        return pl.col(col).list.eval(
            pl.element().replace_strict(old, new, default=pl.element(),
                                        return_dtype=pl.String))

    text_expr = _message_expr(ds, old, new, messages, kept)
    posts = ds.posts.with_columns(swap("author_id"), swap_list("mentions"),
                                  text_expr.alias("message"))
    comments = ds.comments.with_columns(swap("author_id"), swap_list("mentions"),
                                        text_expr.alias("message"))
    reactions = ds.reactions.with_columns(swap("actor_id"))
    members = ds.members.with_columns(swap("member_id"),
                                      pl.lit(None, dtype=pl.String).alias("name"))
    reason = pl.col("reason") if messages == "keep" else _scrub_expr(ds, kept, "reason")
    mapping = dict(zip(old, new, strict=True))
    out = replace(ds, posts=posts, comments=comments, reactions=reactions, members=members,
                  rejected=ds.rejected.with_columns(
                      reason.alias("reason"),
                      pl.lit(None, dtype=pl.String).alias("excerpt")),
                  # The organisation list follows its ids; names are gone with the
                  # names (the accounts they matched stay marked).
                  org_ids=tuple(mapping.get(i, i) for i in ds.org_ids), org_names=())
    if content_ids:
        out = _pseudonymize_content(out, key)
    return out


def _resident_names(ds: Dataset, kept: set[str]) -> list[str]:
    """Names of the residents: members that are not the organisation nor kept as is."""
    return (
        ds.members.filter(~pl.col("is_organization") & ~pl.col("member_id").is_in(list(kept)))
        .get_column("name").drop_nulls().unique().sort().to_list()
    )


def _scrub_expr(ds: Dataset, kept: set[str], col: str) -> pl.Expr:
    return mask_text(pl.col(col), _resident_names(ds, kept))


def _message_expr(
    ds: Dataset, old: Sequence[str], new: Sequence[str], messages: str, kept: set[str]
) -> pl.Expr:
    if messages == "keep":
        return pl.col("message")
    if messages == "drop":
        return pl.lit(None, dtype=pl.String)
    if messages != "mask_mentions":
        raise ParameterError(
            f"pseudonymize: messages: expected 'mask_mentions', 'drop' or 'keep', "
            f"got {messages!r}")
    names = (
        ds.members.select("member_id", "name")
        .drop_nulls()
        .filter(pl.col("name").str.len_chars() > 0)
        .join(pl.DataFrame({"member_id": list(old), "pseudonym": list(new)},
                           schema={"member_id": pl.String, "pseudonym": pl.String}),
              on="member_id", how="inner")
        .unique("name", keep="first")
        # Longest names first, so "@Jan Jansen" is masked before "@Jan".
        .sort(pl.col("name").str.len_chars(), descending=True)
    )
    scrub = _scrub_expr(ds, kept, "message")
    if names.height == 0:
        return scrub
    patterns = ("@" + names.get_column("name")).to_list()
    repl = ("@" + names.get_column("pseudonym")).to_list()
    mentions = pl.col("message").str.replace_many(patterns, repl, leftmost=True)
    return mask_text(mentions, _resident_names(ds, kept))


def _pseudonymize_content(ds: Dataset, key: bytes) -> Dataset:
    ids = pl.concat([
        ds.posts.get_column("post_id"), ds.comments.get_column("comment_id"),
        ds.comments.get_column("post_id"),
    ]).unique()
    pairs = _pseudonyms(ids, key).struct.unnest()
    old, new = pairs.get_column("id").to_list(), pairs.get_column("pseudonym").to_list()

    def swap(col: str) -> pl.Expr:
        return pl.col(col).replace_strict(old, new, default=pl.col(col),
                                          return_dtype=pl.String)

    return replace(
        ds,
        posts=ds.posts.with_columns(swap("post_id"),
                                    pl.lit(None, dtype=pl.String).alias("permalink")),
        comments=ds.comments.with_columns(swap("comment_id"), swap("post_id"),
                                          swap("parent_id")),
        reactions=ds.reactions.with_columns(swap("target_id")),
        reaction_counts=ds.reaction_counts.with_columns(swap("target_id")),
    )


def suppress_small_cells(
    df: pl.DataFrame, columns: Sequence[str], *, k: int = 5
) -> pl.DataFrame:
    """Blank (null) counts between 1 and ``k - 1`` before a table is published.

    Small counts in a cross-table can single out a resident ("2 people from street X
    complained"). Zero stays zero: it reveals nobody.

    Parameters
    ----------
    df
        The table to publish.
    columns
        Count columns to check.
    k
        The smallest count shown.

    Returns
    -------
    polars.DataFrame
        A copy with small counts set to null.

    Examples
    --------
    >>> import polars as pl
    >>> suppress_small_cells(pl.DataFrame({"n": [0, 2, 7]}), ["n"]).get_column("n").to_list()
    [0, None, 7]
    """
    return df.with_columns(
        pl.when(pl.col(c).is_between(1, k - 1)).then(None).otherwise(pl.col(c)).alias(c)
        for c in columns
    )
