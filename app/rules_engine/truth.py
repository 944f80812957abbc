"""Three-valued logic for facts: `None` is unknown, never false."""

from __future__ import annotations

from collections.abc import Iterable


def all_of(values: Iterable[bool | None]) -> bool | None:
    """Three-valued AND: False wins, then unknown, then True."""
    results = list(values)
    if False in results:
        return False
    return None if None in results else True


def any_of(values: Iterable[bool | None]) -> bool | None:
    """Three-valued OR: True wins, then unknown, then False."""
    results = list(values)
    if True in results:
        return True
    return None if None in results else False
