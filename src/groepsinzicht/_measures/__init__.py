"""Private building blocks that several analyses share.

- :mod:`._interactions`: reactions, comments, shares and interactions per post (reported
  against observed), the organisation's accounts, member exchanges;
- :mod:`._size`: DESIGN.md's size-at-time-t rule;
- :mod:`._threads`: the comment-thread index (depth, root post, parent links).
"""

from __future__ import annotations
