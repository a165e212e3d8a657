"""The assumptions of the notification-reach model: the bottom of the reach package."""

from __future__ import annotations

from typing import Annotated, Any, Final, Literal

from pydantic import BeforeValidator, ConfigDict, Field, model_validator

from groepsinzicht._util._model import ConfigModel
from groepsinzicht.errors import ParameterError


def _no_bool(value: Any) -> Any:
    """Refuse True/False where a number is meant (pydantic would read True as 1)."""
    if isinstance(value, bool):
        msg = f"expected a number, got the boolean {value}"
        raise ParameterError(msg)
    return value


Rate = Annotated[float, BeforeValidator(_no_bool), Field(ge=0.0, le=1.0, allow_inf_nan=False)]
#: A whole number: 250 and 250.0 read as 250; 2.5, "veel" and True are refused.
WholeNumber = Annotated[int, BeforeValidator(_no_bool)]


#: Where each default comes from: none of them is a published figure.
_SOURCES: dict[str, str] = {
    "threshold": "practitioners' descriptions (2018), not confirmed by current Facebook "
                 "documentation",
    "opt_out_rate": "assumption, no published figure",
    "highlight_rate": "assumption, no published figure (Facebook picks highlights per "
                      "person by predicted interest)",
    "highlight_policy": "assumption",
    "size_basis": "assumption",
}


#: Average organic reach of a Facebook page post as a share of its followers, used where a
#: page export states no reach (Hootsuite, 2020). The one place this benchmark is written.
PAGE_ORGANIC_REACH_RATE: Final = 0.052


class NotificationModel(ConfigModel):
    """The assumptions of the notification-reach model.

    No export holds notification data and no published figure backs these defaults:
    the threshold comes from practitioners' descriptions (2018) that could not be checked
    against current Facebook documentation, and the opt-out share and highlight rate are
    assumptions. The intervals, driven by the ranges, matter more than the point values.

    Parameters
    ----------
    threshold
        From this group size on, members are on "highlights" (default 250).
    opt_out_rate
        Share of members who switched notifications off (``q``, default 0.10).
    highlight_rate
        Probability that a member on "highlights" is notified of a given post (``h``,
        default 0.15).
    highlight_policy
        ``"constant"``: every post has probability ``h``. ``"engagement"``: a post's
        probability is proportional to its interactions relative to its group's mean,
        capped at 1 and rescaled so the mean over the group's posts is ``h`` where the
        cap allows; constant when the group's mean is 0.
    size_basis
        ``"at_post"``: every member has the regime of the group's size at the post.
        ``"at_join"``: a member keeps the regime of the size when they joined (needs
        join dates; falls back to ``"at_post"`` with a warning without them).
    opt_out_range, highlight_range
        Ranges of ``q`` and ``h`` behind the intervals (defaults (0.05, 0.30) and
        (0.05, 0.35)). A point value outside its range widens the range to include it.

    Raises
    ------
    groepsinzicht.errors.ConfigError
        (a ``ValueError`` with pydantic's message) On unknown keys, rates outside
        [0, 1], a range whose low end exceeds its high end, a threshold below 1 or not
        a whole number, or a boolean where a number is meant.

    Examples
    --------
    >>> import groepsinzicht as gi
    >>> model = gi.NotificationModel(opt_out_rate=0.4)
    >>> model.opt_out_range
    (0.05, 0.4)
    >>> model  # doctest: +ELLIPSIS
    NotificationModel(threshold=250 [default: practitioners' descriptions (2018), ...],
    opt_out_rate=0.4 in [0.05, 0.4] [set by caller], ...)
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    threshold: WholeNumber = Field(default=250, ge=1, description=_SOURCES["threshold"])
    opt_out_rate: Rate = Field(default=0.10, description=_SOURCES["opt_out_rate"])
    highlight_rate: Rate = Field(default=0.15, description=_SOURCES["highlight_rate"])
    highlight_policy: Literal["constant", "engagement"] = "constant"
    size_basis: Literal["at_post", "at_join"] = "at_post"
    opt_out_range: tuple[Rate, Rate] = (0.05, 0.30)
    highlight_range: tuple[Rate, Rate] = (0.05, 0.35)

    @model_validator(mode="after")
    def _widen_ranges(self) -> NotificationModel:
        for point, rng in (("opt_out_rate", "opt_out_range"),
                           ("highlight_rate", "highlight_range")):
            lo, hi = getattr(self, rng)
            if lo > hi:
                msg = f"{rng}: expected low <= high, got ({lo}, {hi})"
                raise ParameterError(msg)
            value = getattr(self, point)
            if not lo <= value <= hi:
                # Frozen model: set once, during validation, before anyone sees it.
                object.__setattr__(self, rng, (min(lo, value), max(hi, value)))
        return self

    def _source(self, name: str) -> str:
        return "set by caller" if name in self.model_fields_set else (
            f"default: {_SOURCES[name]}")

    def __repr__(self) -> str:
        parts = [
            f"threshold={self.threshold} [{self._source('threshold')}]",
            f"opt_out_rate={self.opt_out_rate:g} in [{self.opt_out_range[0]:g}, "
            f"{self.opt_out_range[1]:g}] [{self._source('opt_out_rate')}]",
            f"highlight_rate={self.highlight_rate:g} in [{self.highlight_range[0]:g}, "
            f"{self.highlight_range[1]:g}] [{self._source('highlight_rate')}]",
            f"highlight_policy={self.highlight_policy!r} [{self._source('highlight_policy')}]",
            f"size_basis={self.size_basis!r} [{self._source('size_basis')}]",
        ]
        return f"NotificationModel({', '.join(parts)})"

    def __str__(self) -> str:
        return repr(self)

    def _short(self) -> str:
        """One line of the assumptions, for result reprs."""
        return (
            f"T={self.threshold}, q={self.opt_out_rate:.2f} "
            f"[{self.opt_out_range[0]:.2f}–{self.opt_out_range[1]:.2f}], "
            f"h={self.highlight_rate:.2f} "
            f"[{self.highlight_range[0]:.2f}–{self.highlight_range[1]:.2f}], "
            f"{self.highlight_policy}, {self.size_basis}"
        )

