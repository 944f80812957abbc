"""Fixtures for the PDF tests: plans built by the real engine from the
example answers, each rendered once per session, and their text read back.

Every PDF rendered here is also written to test-artifacts/pdf/ (git-ignored),
with its pages as PNG when poppler's pdftoppm is installed, for a person to
look at.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from pypdf import PdfReader

from app import create_app
from app.pdf.services import pdf_figures, reference_texts, render_plan_pdf
from app.plans.services import build_plan
from tests.conftest import config_for_tests
from tests.fixtures import example_answers

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "pdf"
FULL_PLAN = ROOT / "tests" / "fixtures" / "plans" / "full-plan.json"
ON = date(2026, 11, 22)
# Each sample business in the language its owner reads (product.md).
NATURAL_LOCALE = {"furniture-workshop-mx": "es", "software-consultancy-ca": "fr", "specialty-food-us": "en"}
BRANDING = {
    "name": 'Chambre de commerce de Québec "Test" </style>',
    "primary_color": "#7a1f3d",
    "accent_color": "#1f5f7a",
    "contact_email": "export@example.org",
    "contact_phone": "+1 418 555 0100",
    "website_url": "https://www.example.org/export",
    "address": "17, rue du Marché, Québec (Québec)",
    "local_resources": [
        {
            "name": "Export counselling desk",
            "url": "https://www.example.org/counselling",
            "description": "One-hour meetings with a trade adviser, free for members.",
        },
    ],
}


@dataclass
class Rendered:
    plan: dict[str, Any]
    pdf: bytes
    path: Path

    @cached_property
    def text(self) -> str:
        """The PDF's text, read back once (pypdf takes its time)."""
        return pdf_text(self.pdf)


def normalized(text: str) -> str:
    """NFKC (ligatures back to letters) with all whitespace runs as one space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def pdf_text(pdf: bytes) -> str:
    return normalized(" ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages))


def write_artifacts(name: str, pdf: bytes, pngs: bool) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.pdf"
    path.write_bytes(pdf)
    if pngs and shutil.which("pdftoppm"):
        for old in ARTIFACTS.glob(f"{name}-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), str(ARTIFACTS / name)], check=True)
    return path


@pytest.fixture(scope="session")
def pdf_app() -> Iterator[Flask]:
    """The portal with its real rule base; plans need no database."""
    application = create_app(config_for_tests("sqlite://"))
    with application.app_context():
        yield application


@pytest.fixture(scope="session")
def rendered(pdf_app: Flask) -> Callable[[str, str], Rendered]:
    """`rendered(example, locale)`: the example's plan and its PDF, made once."""
    done: dict[tuple[str, str], Rendered] = {}

    def get(name: str, locale: str) -> Rendered:
        if (name, locale) not in done:
            answers = example_answers(name)
            plan = build_plan(answers, locale, ON).plan
            assert plan is not None
            data = plan.as_dict()
            pdf = render_plan_pdf(
                data, BRANDING, locale, given=pdf_figures(answers), reference=reference_texts(data, locale)
            )
            path = write_artifacts(f"{name}-{locale}", pdf, pngs=NATURAL_LOCALE[name] == locale)
            done[(name, locale)] = Rendered(data, pdf, path)
        return done[(name, locale)]

    return get


@pytest.fixture(scope="session")
def full_plan() -> dict[str, Any]:
    """A hand-written plan touching every area, for what the rules may not reach yet."""
    return json.loads(FULL_PLAN.read_text(encoding="utf-8"))
