"""A completed questionnaire made with the factories, opened in a browser the
way a business owner comes back: through the resume link."""

from __future__ import annotations

import hashlib
import io
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from app.assessments.models import Assessment
from app.chambers.models import Chamber
from app.clock import utcnow
from app.extensions import db
from app.plans.services import current_engine

ON = date(2026, 11, 22)


@dataclass
class Opened:
    client: FlaskClient
    public_id: str
    token: str
    chamber: str

    def url(self, tail: str, lang: str) -> str:
        return f"/{self.chamber}/{lang}/questionnaire/{self.public_id}/{tail}"


def completed_assessment(chamber: Chamber, answers: dict[str, Any], locale: str = "en") -> tuple[Assessment, str]:
    """A submitted questionnaire (completed on ON) and its resume token."""
    token = secrets.token_urlsafe(32)
    assessment = Assessment(
        chamber_id=chamber.id, answers=answers, locale=locale, status="completed",
        completed_at=datetime(ON.year, ON.month, ON.day, 12, tzinfo=UTC), current_step="results",
        rules_version=current_engine().version, resume_token_hash=hashlib.sha256(token.encode()).hexdigest(),
        resume_token_expires_at=utcnow() + timedelta(days=30),
    )
    db.session.add(assessment)
    db.session.commit()
    return assessment, token


def open_completed(served: Flask, chamber: Chamber, answers: dict[str, Any], locale: str = "en") -> Opened:
    assessment, token = completed_assessment(chamber, answers, locale)
    client = served.test_client()
    response = client.get(f"/{chamber.slug}/{locale}/resume/{token}")
    assert response.status_code == 302, response.text
    return Opened(client, assessment.public_id, token, chamber.slug)


def pdf_lang(pdf: bytes) -> str:
    return str(PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Lang"])


class ResultsPage(HTMLParser):
    """The results page's actions (id, title) in page order, the visible text
    of each reason, and the chamber's resources block."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.actions: list[tuple[str, str]] = []
        self.whys: list[tuple[str, str]] = []  # (answer path, visible text)
        self.local_areas: list[str] = []
        self.text_parts: list[str] = []
        self._capture: str | None = None
        self._buffer: list[str] = []
        self._action_id: str | None = None
        self._why_path: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "li" and found.get("data-action-id"):
            self._action_id = found["data-action-id"]
        elif tag == "h3" and self._action_id and "action-title" in (found.get("class") or ""):
            self._capture, self._buffer = "title", []
        elif tag == "li" and found.get("data-answer"):
            self._capture, self._buffer, self._why_path = "why", [], found["data-answer"]
        elif tag == "div" and "local-resources-area" in (found.get("class") or ""):
            self.local_areas.append(found.get("data-area") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "h3" and self._capture == "title":
            self.actions.append((str(self._action_id), " ".join("".join(self._buffer).split())))
            self._capture = None
        elif tag == "li" and self._capture == "why":
            self.whys.append((str(self._why_path), " ".join("".join(self._buffer).split())))
            self._capture = None

    def handle_data(self, data: str) -> None:
        self.text_parts.append(data)
        if self._capture:
            self._buffer.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.text_parts).split())
