"""Headless Chromium for the report's layout checks and screenshots (no selenium).

Headless Chromium will not make a window narrower than 500 px, so the page is loaded
into an ``<iframe srcdoc>`` exactly as wide as the screen to test (390 px is a phone):
the frame is the page's viewport. A script in the host page measures the layout once
the frame has loaded and writes the result as JSON into the DOM, which
``chromium --dump-dom`` prints; ``--screenshot`` takes the picture, cropped to the
frame's width.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

_MEASURE = """
<script>
document.getElementById("page").addEventListener("load", function () {
  var win = this.contentWindow, doc = win.document, root = doc.documentElement;
  var width = win.innerWidth;
  var out = {width: width, scrollWidth: root.scrollWidth, wide: [], boxes: 0};
  doc.querySelectorAll("table, figure, img, .table-wrap").forEach(function (el) {
    out.boxes += 1;
    var r = el.getBoundingClientRect();
    var name = el.tagName.toLowerCase() + " in #" + ((el.closest("[id]") || {}).id || "?");
    if (el.tagName !== "IMG" && el.scrollWidth > el.clientWidth) {
      out.wide.push(name + ": scrollWidth " + el.scrollWidth + " > " + el.clientWidth);
    }
    if (r.right > width + 0.5) {
      out.wide.push(name + ": right edge " + Math.round(r.right) + " > " + width);
    }
  });
  var pre = document.createElement("pre");
  pre.id = "layout-result";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>
"""


def chromium() -> str | None:
    """The path of a Chromium (or Chrome) executable, or None."""
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _host(page: Path, width: int, height: int, script: str) -> Path:
    host = page.with_name(f"{page.stem}.host{width}.html")
    frame = html.escape(page.read_text(encoding="utf-8"), quote=True)
    host.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><style>body{margin:0}'
        "iframe{border:0;display:block}</style></head><body>"
        f'<iframe id="page" width="{width}" height="{height}" srcdoc="{frame}"></iframe>'
        f"{script}</body></html>", encoding="utf-8")
    return host


def _run(exe: str, width: int, height: int, *extra: str) -> str:
    args = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--disable-dev-shm-usage", "--no-first-run", "--mute-audio",
            f"--window-size={max(width, 500)},{height}", "--virtual-time-budget=10000",
            *extra]
    env = dict(os.environ, HOME=os.environ.get("HOME") or "/tmp")
    done = subprocess.run(args, capture_output=True, text=True, timeout=240, check=True,
                          env=env)
    return done.stdout


def measure(page: Path, width: int, *, exe: str) -> dict[str, object]:
    """Load ``page`` in a viewport ``width`` px wide and return the layout measurements:
    ``width``, ``scrollWidth`` of the page, and ``wide``: every table, figure or image
    wider than its box or past the right edge."""
    host = _host(page, width, 900, _MEASURE)
    dom = _run(exe, width, 900, "--dump-dom", host.as_uri())
    found = re.search(r'<pre id="layout-result">(.*?)</pre>', dom, re.S)
    assert found, "the layout script did not run"
    result: dict[str, object] = json.loads(html.unescape(found.group(1)))
    return result


def screenshot(page: Path, width: int, out: Path, *, exe: str, height: int = 2400) -> Path:
    """Save a PNG of the top ``height`` px of ``page`` in a viewport ``width`` px wide."""
    host = _host(page, width, height, "")
    _run(exe, width, height, f"--screenshot={out}", host.as_uri())
    if width < 500:
        from PIL import Image

        with Image.open(out) as img:
            img.crop((0, 0, width, img.height)).save(out)
    return out
