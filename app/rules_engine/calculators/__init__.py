"""Calculators: importing this package registers every fact."""

from app.rules_engine.calculators import (  # noqa: F401
    digital_trade,
    financing,
    origin,
    origin_rule,
    regulatory,
    tariffs,
    temporary_entry,
)
