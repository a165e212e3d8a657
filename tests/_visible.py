"""The text a reader sees on a report page: element text and alt texts, no code.

``<code>`` holds the only literal names a page may show: the exporter's own file names.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

#: A code name: lower-case words joined by underscores (``orphan_comments``).
SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script", "code"):
            self._skip += 1
        for name, value in attrs:
            if name in ("alt", "title", "aria-label", "data-label") and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "code"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(page: str) -> str:
    """All text of ``page`` a reader can see or hear (alt texts included)."""
    parser = _Text()
    parser.feed(page)
    return " ".join(" ".join(parser.parts).split())


def snake_case_words(page: str) -> list[str]:
    """The code names in the visible text of ``page``."""
    return sorted(set(SNAKE.findall(visible_text(page))))
