"""Colour arithmetic for brand colours (WCAG 2.1), pure: the chambers' pages
and the PDF both use it without importing Flask or the database."""

from __future__ import annotations


def _luminance(color: str) -> float:
    """WCAG 2.1 relative luminance of a #rrggbb colour."""
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio between two #rrggbb colours."""
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable_text_color(background: str) -> str:
    """Black or white, whichever contrasts more with `background`.

    One of the two always reaches at least 4.58:1, so any brand colour a
    chamber picks still meets WCAG AA for normal text.
    """
    black, white = "#000000", "#ffffff"
    return black if contrast_ratio(background, black) >= contrast_ratio(background, white) else white
