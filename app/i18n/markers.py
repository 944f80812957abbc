"""The extraction marker for texts translated later, where they are shown,
and the few such texts several packages share (the countries' names).

`N_("…")` returns its text unchanged; pybabel extracts it (N_ is one of its
default keywords), and the page, the PDF or the API translates it for its
reader. Pure: no Flask import.
"""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802  (gettext's conventional marker name)
    """Mark `message` for extraction; it is translated where it is shown."""
    return message


# The three USMCA countries' names, translated where they are shown.
COUNTRY_NAMES: dict[str, str] = {"US": N_("United States"), "CA": N_("Canada"), "MX": N_("Mexico")}


# An amount with its currency, as each language writes it (US$1,500 · 1,500 USD ·
# 1 500 $ US), by the currency's code (profile.currency in the answers).
MONEY_TEXTS = {"USD": N_("US$%(amount)s"), "CAD": N_("CA$%(amount)s"), "MXN": N_("MX$%(amount)s")}
