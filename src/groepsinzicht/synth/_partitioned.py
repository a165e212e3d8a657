"""A synthetic dataset larger than memory, written chunk by chunk to a partitioned folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from groepsinzicht.dataset import (
    PARTITION_KEY,
    TABLE_NAMES,
    _append_partitions,
    _empty_reconciliation,
    _write_meta,
)
from groepsinzicht.synth._config import SynthConfig
from groepsinzicht.synth._generate import generate

if TYPE_CHECKING:
    from collections.abc import Callable
    from os import PathLike

__all__ = ["write_partitioned"]


def write_partitioned(
    folder: str | PathLike[str],
    config: SynthConfig | None = None,
    *,
    chunks: int,
    on_chunk: Callable[[int, int], None] | None = None,
    **overrides: Any,
) -> Path:
    """Write ``chunks`` synthetic municipalities into one canonical folder, partitioned.

    Chunk ``i`` is :func:`generate` at ``seed + i``; its container ids get the suffix
    ``-c<i>``, so every chunk holds containers of its own and is written straight into
    their hive folders (``posts/container_id=<id>/chunk-<i>.parquet``) before the next
    one is made: only one chunk is ever in memory. The organisation list is the union of
    the chunks'. Read the result with :func:`groepsinzicht.scan` (or
    :func:`groepsinzicht.load`, if it fits in memory).

    Parameters
    ----------
    folder
        The canonical folder to write (created; its tables are replaced).
    config
        The parameters of each chunk; the defaults make the bundled sample's size.
    chunks
        Number of chunks (at least 1).
    on_chunk
        Called as ``on_chunk(i, chunks)`` after chunk ``i`` is written (for progress).
    **overrides
        Fields of :class:`SynthConfig` to change (e.g. ``scale=100``).

    Returns
    -------
    pathlib.Path
        The folder.

    Raises
    ------
    ParameterError
        ``chunks`` below 1.

    Examples
    --------
    >>> import groepsinzicht as gi, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     lazy = gi.scan(write_partitioned(tmp, chunks=2, scale=0.05))
    ...     n = len(lazy.container_ids())
    >>> n == 2 * generate(scale=0.05).containers.height
    True
    """
    import shutil

    from groepsinzicht.errors import ParameterError, shorten

    if type(chunks) is not int or chunks < 1:
        raise ParameterError(f"chunks: expected a whole number >= 1, got {shorten(chunks)}")
    base = (config or SynthConfig()).model_copy(update=overrides)
    SynthConfig.model_validate(base.model_dump())
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    for name in TABLE_NAMES:
        single, sub = out / f"{name}.parquet", out / name
        if single.exists():
            single.unlink()
        if sub.is_dir():
            shutil.rmtree(sub)
    counts = dict.fromkeys(TABLE_NAMES, 0)
    rejected: list[pl.DataFrame] = []
    org_ids: dict[str, None] = {}
    org_names: dict[str, None] = {}
    provenance: list[dict[str, Any]] = []
    for i in range(chunks):
        ds = generate(base.model_copy(update={"seed": base.seed + i}))
        suffix = pl.lit(f"-c{i}")
        for name in TABLE_NAMES:
            frame = ds.table(name)
            counts[name] += frame.height
            if name == "rejected":
                rejected.append(frame)
                continue
            frame = frame.with_columns(pl.col(PARTITION_KEY) + suffix)
            if frame.height:
                _append_partitions(frame, out / name, f"chunk-{i:05d}")
        org_ids.update(dict.fromkeys(ds.org_ids))
        org_names.update(dict.fromkeys(ds.org_names))
        provenance.extend({**p, "chunk": i} for p in ds.provenance)
        del ds
        if on_chunk is not None:
            on_chunk(i, chunks)
    empty = generate(base.model_copy(update={"scale": 0.01}))
    for name in TABLE_NAMES:  # tables no chunk filled stay one empty file
        if name != "rejected" and not (out / name).is_dir():
            empty.table(name).head(0).write_parquet(out / f"{name}.parquet")
    pl.concat(rejected).write_parquet(out / "rejected.parquet")
    _empty_reconciliation().write_parquet(out / "reconciliation.parquet")
    _write_meta(out, counts, provenance=provenance, org_ids=org_ids, org_names=org_names,
                partition_by="container")
    return out
