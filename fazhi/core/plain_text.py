"""Text as documents and calendar files can carry it: no C0 control characters.

Text pasted from Word brings a vertical tab (\\x0b, Word's manual line break) or a form feed
(\\x0c, its page break); other programs bring stray control characters. XML 1.0 (a .docx) does
not allow any of them and RFC 5545 (an .ics) forbids them in a TEXT value, so the writers of
those files pass every text through ``plain_text``.
"""

from __future__ import annotations

import re

# Word's line and page breaks are line breaks in the text; other C0 characters (but tab,
# line feed and carriage return) and DEL carry nothing a reader could see.
_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def plain_text(value: str) -> str:
    """``value`` with Word's vertical tab and form feed as line breaks and the other control
    characters below U+0020 (except tab, line feed, carriage return) and DEL removed."""
    return _CONTROL.sub("", value.translate(_BREAKS))
