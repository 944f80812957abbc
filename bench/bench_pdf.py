"""PDF action plan speed: our whole `render_plan_pdf` on the fullest example
plan, beside WeasyPrint alone laying out the very same HTML with the same
options, interleaved in the same run; and the file's size.

Targets (issue 5): under 1.5 s median; at most 1.2 times WeasyPrint alone;
under 400 KB.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from weasyprint import HTML

from app import create_app
from app.pdf.render import PDF_OPTIONS, TEMPLATES_DIR, LocalFileFetcher, allowed_files, render_plan_html
from app.pdf.services import pdf_figures, reference_texts, render_plan_pdf
from app.plans.services import build_plan

ANSWERS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "answers"
ON = date(2026, 11, 22)
REPEAT = 7
BRANDING = {
    "name": "Chambre de commerce de Québec",
    "primary_color": "#7a1f3d",
    "accent_color": "#1f5f7a",
    "contact_email": "export@example.org",
    "website_url": "https://www.example.org/",
    "local_resources": [{"name": "Export counselling desk", "url": "https://www.example.org/export"}],
}


def fullest_plan() -> tuple[str, dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The example whose plan has the most actions, in French (the longest texts)."""
    plans = []
    for path in sorted(ANSWERS.glob("*.json")):
        answers = json.loads(path.read_text(encoding="utf-8"))
        plan = build_plan(answers, "fr", ON).plan
        assert plan is not None, path
        data = plan.as_dict()
        plans.append((len(data["actions"]), path.stem, data, answers))
    _, name, plan, answers = max(plans, key=lambda row: row[0])
    return name, plan, pdf_figures(answers), reference_texts(plan, "fr")


def interleaved(works: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Median seconds of each work, run in turn so both see the same machine load."""
    timings: dict[str, list[float]] = {name: [] for name in works}
    for _ in range(repeat):
        for name, work in works.items():
            start = time.perf_counter()
            work()
            timings[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in timings.items()}


def run() -> list[tuple[str, float, str, float]]:
    """(figure, value, baseline name, baseline value) rows."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "bench-only"})
    with app.app_context():
        name, plan, given, reference = fullest_plan()
    html = render_plan_html(plan, BRANDING, "fr", given, reference)

    def ours() -> bytes:
        return render_plan_pdf(plan, BRANDING, "fr", given=given, reference=reference)

    def weasyprint_alone() -> bytes:
        fetcher = LocalFileFetcher(allowed_files(BRANDING))
        return HTML(string=html, base_url=str(TEMPLATES_DIR), url_fetcher=fetcher).write_pdf(**PDF_OPTIONS)

    pdf = ours()  # warm: fonts, catalogs, templates
    weasyprint_alone()
    medians = interleaved({"ours": ours, "alone": weasyprint_alone}, REPEAT)
    print(f"plan: {name} (fr), {len(plan['actions'])} actions; {REPEAT} runs each", file=sys.stderr)
    return [
        ("PDF of the fullest plan, median (s)", medians["ours"], "WeasyPrint alone, same HTML", medians["alone"]),
        ("PDF file size (KB)", len(pdf) / 1024, "limit", 400.0),
    ]


if __name__ == "__main__":
    for figure, value, baseline, base_value in run():
        print(f"{figure:40} {value:10.3f}   {baseline}: {base_value:.3f}   ratio {value / base_value:.2f}x")
