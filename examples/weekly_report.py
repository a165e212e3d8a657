"""The newsroom's weekly report: the last seven days, as one HTML page.

Writes week.html. Run: python examples/weekly_report.py
"""

from __future__ import annotations

import groepsinzicht as gi

ds = gi.load_sample()
report = gi.report(ds, last_days=7, every="1d", lang="nl", path="week.html")
print(report)
print("sections:", ", ".join(report.sections))
