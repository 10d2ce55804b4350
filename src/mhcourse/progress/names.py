"""Which characters a profile name may not hold: those that show as nothing.

A name that looks exactly like another learner's ("Alice" with a variation selector or a
Hangul filler in it) would let one person pass for another on a shared computer, so these are
refused, never dropped quietly: the name key (store.name_key) then compares every character kept.
"""

from __future__ import annotations

import unicodedata

# Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt), which includes the
# combining grapheme joiner, the variation selectors and the Hangul fillers, and U+2800, the
# braille pattern blank, which is not ignorable but shows as nothing all the same.
_SHOWS_NOTHING = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x2800, 0x2800),
    (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
)


def invisible(char: str) -> bool:
    """Whether `char` shows as nothing or only changes how the text around it is drawn."""
    code = ord(char)
    return unicodedata.category(char) == "Cf" or any(low <= code <= high for low, high in _SHOWS_NOTHING)
