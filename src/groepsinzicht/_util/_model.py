"""The base of every configuration object a user builds: pydantic errors become ConfigError.

A user who passes a bad field to :class:`~groepsinzicht.NotificationModel`,
:class:`~groepsinzicht.themes.ThemeRules` or :class:`~groepsinzicht.synth.SynthConfig`
gets a :class:`~groepsinzicht.errors.ConfigError` (a ``ParameterError``, so also a
``ValueError``) whose message is pydantic's own, field by field; the original
``pydantic.ValidationError`` is its ``__cause__``. Construction, ``model_validate``,
``model_validate_json``, ``model_validate_strings`` and assignment (to a frozen model)
all go through it.
"""

from __future__ import annotations

from typing import Any, Self

from pydantic import BaseModel, ValidationError

from groepsinzicht.errors import ConfigError

__all__ = ["ConfigModel"]


class ConfigModel(BaseModel):
    """A pydantic model whose validation errors are :class:`ConfigError`.

    Examples
    --------
    >>> from groepsinzicht.errors import ConfigError
    >>> class Limits(ConfigModel):
    ...     top: int
    >>> try:
    ...     Limits(top="many")
    ... except ConfigError as exc:
    ...     print(str(exc).splitlines()[0])
    Limits: 1 validation error for Limits
    """

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise ConfigError.from_validation(exc, type(self).__name__) from exc

    # Tell pydantic this __init__ only validates (as BaseModel's own and RootModel's do):
    # model_validate and the validation of nested models then skip it, so a nested error
    # is reported once, by the outer model, not wrapped twice.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    def __setattr__(self, name: str, value: Any) -> None:
        # Assigning to a frozen model, or an invalid value under validate_assignment.
        try:
            super().__setattr__(name, value)
        except ValidationError as exc:
            raise ConfigError.from_validation(exc, type(self).__name__) from exc

    @classmethod
    def model_validate(cls, *args: Any, **kwargs: Any) -> Self:
        """Validate an object into this model (pydantic's, raising :class:`ConfigError`)."""
        try:
            return super().model_validate(*args, **kwargs)
        except ValidationError as exc:
            raise ConfigError.from_validation(exc, cls.__name__) from exc

    @classmethod
    def model_validate_json(cls, *args: Any, **kwargs: Any) -> Self:
        """Validate JSON into this model (pydantic's, raising :class:`ConfigError`)."""
        try:
            return super().model_validate_json(*args, **kwargs)
        except ValidationError as exc:
            raise ConfigError.from_validation(exc, cls.__name__) from exc

    @classmethod
    def model_validate_strings(cls, *args: Any, **kwargs: Any) -> Self:
        """Validate string data into this model (pydantic's, raising :class:`ConfigError`)."""
        try:
            return super().model_validate_strings(*args, **kwargs)
        except ValidationError as exc:
            raise ConfigError.from_validation(exc, cls.__name__) from exc
