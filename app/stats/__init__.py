"""Anonymized statistics for the SME Dialogue: fixed release tables under disclosure control.

- `catalogue`: the fixed, versioned list of release tables (no free queries).
- `models`: the narrow table of statistical dimensions (`stats_facts`, one row
  per business and quarter, never a contact detail) and the frozen published
  releases (`stats_releases`).
- `facts`: keeps `stats_facts` in step with completed questionnaires.
- `aggregate`: the GROUP BY queries, run in the database; only their grouped rows are read.
- `disclosure`: primary, dominance, homogeneity and sliver rules, complementary
  suppression and its linear-programming audit, rounding.
- `release`: the release document (JSON, CSV, XLSX) and publishing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def init_app(app: Flask) -> None:
    """Register the `stats` and `demo` command groups."""
    from app.stats.cli import demo_cli, stats_cli  # noqa: PLC0415

    app.cli.add_command(stats_cli)
    app.cli.add_command(demo_cli)
