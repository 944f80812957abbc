"""The PDF writes the figures a business gave with their currency, its own (issue 14)."""

from __future__ import annotations

import pytest

from app.i18n.catalogs import get_translations
from app.pdf.context import Formatter, rvc_lines
from app.pdf.services import pdf_figures

FINDINGS = {"rvc_transaction_value_pct": 62.5, "rvc_threshold_pct": 60}


@pytest.mark.parametrize(("lang", "currency", "value"), [
    ("en", "CAD", "CA$1,200,000.00"), ("es", "MXN", "1,200,000.00 MXN"), ("fr", "CAD", "1\u00a0200\u00a0000,00 $ CA"),
    ("en", None, "US$1,200,000.00"),
])
def test_the_rvc_figures_are_written_with_the_businesss_currency(lang: str, currency: str | None, value: str) -> None:
    profile = {"country": "CA", **({"currency": currency} if currency else {})}
    given = pdf_figures({"profile": profile, "goods": {"unit_transaction_value": 1200000,
                                                       "unit_non_originating_value": 450000}})
    lines = rvc_lines(FINDINGS, given, Formatter(lang, get_translations(lang)))
    assert value in lines[0]
    assert lines[1].count(value) == 2
