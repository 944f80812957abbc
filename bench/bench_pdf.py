"""PDF action plan speed: our whole `render_plan_pdf` on each example plan
(in French, the longest texts), beside WeasyPrint alone laying out the very
same HTML with the same options, interleaved in the same run; and the file's
size and page count.

"WeasyPrint alone" parses the plan's static stylesheet afresh on every run
(as a plain `HTML(...).write_pdf(stylesheets=[...])` call would), while ours
reuses the one parsed per process: the ratio shows what our own work (plan
context, Jinja) adds over WeasyPrint, less what the cache saves.

Targets (issue 5), on the fullest plan: under 1.5 s median; at most 1.2 times
WeasyPrint alone; under 400 KB.
"""

from __future__ import annotations

import gc
import io
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from weasyprint import CSS, HTML

from app import create_app
from app.pdf.render import (
    PDF_OPTIONS,
    STYLESHEET,
    TEMPLATES_DIR,
    LocalFileFetcher,
    allowed_files,
    render_plan_html,
)
from app.pdf.services import pdf_figures, reference_texts, render_plan_pdf
from app.plans.services import build_plan

ANSWERS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "answers"
ON = date(2026, 11, 22)
REPEAT = int(os.environ.get("BENCH_PDF_REPEAT", "7"))
BRANDING = {
    "name": "Chambre de commerce de Québec",
    "primary_color": "#7a1f3d",
    "accent_color": "#1f5f7a",
    "contact_email": "export@example.org",
    "website_url": "https://www.example.org/",
    "local_resources": [{"name": "Export counselling desk", "url": "https://www.example.org/export"}],
}


Example = tuple[str, dict[str, Any], dict[str, Any], dict[str, Any]]


def example_plans() -> list[Example]:
    """(name, plan, given, reference) of each example, in French (the longest
    texts), the one with the most actions last."""
    plans = []
    for path in sorted(ANSWERS.glob("*.json")):
        answers = json.loads(path.read_text(encoding="utf-8"))
        plan = build_plan(answers, "fr", ON).plan
        assert plan is not None, path
        data = plan.as_dict()
        plans.append((len(data["actions"]), (path.stem, data, pdf_figures(answers), reference_texts(data, "fr"))))
    return [example for _, example in sorted(plans, key=lambda row: row[0])]


def fullest_plan() -> Example:
    """The example whose plan has the most actions, in French."""
    return example_plans()[-1]


def interleaved(works: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Median seconds of each work, run in turn so both see the same machine load."""
    timings: dict[str, list[float]] = {name: [] for name in works}
    for _ in range(repeat):
        for name, work in works.items():
            start = time.perf_counter()
            work()
            timings[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in timings.items()}


def measure(example: Example) -> dict[str, float]:
    """Median seconds of ours and of WeasyPrint alone, the PDF's KB and pages."""
    _, plan, given, reference = example
    html = render_plan_html(plan, BRANDING, "fr", given, reference)
    css_text = STYLESHEET.read_text(encoding="utf-8")

    def ours() -> bytes:
        return render_plan_pdf(plan, BRANDING, "fr", given=given, reference=reference)

    def weasyprint_alone() -> bytes:
        fetcher = LocalFileFetcher(allowed_files(BRANDING))
        document = HTML(string=html, base_url=str(TEMPLATES_DIR), url_fetcher=fetcher)
        return document.write_pdf(stylesheets=[CSS(string=css_text, base_url=str(TEMPLATES_DIR))], **PDF_OPTIONS)

    pdf = ours()  # warm: fonts, catalogs, templates, the parsed stylesheet
    weasyprint_alone()
    medians = interleaved({"ours": ours, "alone": weasyprint_alone}, REPEAT)
    return {**medians, "kb": len(pdf) / 1024, "pages": page_count(pdf)}


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def run() -> list[tuple[str, float, str, float]]:
    """(figure, value, baseline name, baseline value) rows; the fullest plan's last."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "bench-only"})
    with app.app_context():
        examples = example_plans()
    gc.freeze()  # as wsgi.py does once the app is built: start-up objects are not collected again
    rows = []
    load = os.getloadavg()[0]
    for example in examples:
        name, plan = example[0], example[1]
        result = measure(example)
        print(
            f"plan: {name} (fr), {len(plan['actions'])} actions, {result['pages']} pages, "
            f"{result['kb']:.0f} KB; {REPEAT} runs each",
            file=sys.stderr,
        )
        rows.append((f"PDF of {name}, median (s)", result["ours"], "WeasyPrint alone, same HTML", result["alone"]))
    rows.append(("PDF file size of the fullest (KB)", result["kb"], "limit", 400.0))
    print(f"load average (1 min) at start: {load:.2f}", file=sys.stderr)
    return rows


if __name__ == "__main__":
    for figure, value, baseline, base_value in run():
        print(f"{figure:48} {value:10.3f}   {baseline}: {base_value:.3f}   ratio {value / base_value:.2f}x")
