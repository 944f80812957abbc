"""The PDF action plan: rendering, the per-assessment cache, and what a route needs.

Plain values in and out. A download route does, in this order:

    result = build_plan(answers, lang, on)              # the same plan as the page and the API
    branding = branding_for_chamber(g.chamber, current_app.instance_path)
    pdf = assessment_plan_pdf(assessment.public_id, answers, result.plan.as_dict(), branding, lang)
    return pdf_response(pdf, "plan.pdf")

`assessment_plan_pdf` ends the database session before it renders, so no
transaction stays open for the second or so WeasyPrint takes, and serves a
PDF from the cache when one was rendered from exactly the same inputs.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from flask import Response, current_app

from app.i18n.catalogs import catalog_digest, get_translations
from app.pdf.render import PDF_DIR, render_plan_pdf

__all__ = [
    "assessment_plan_pdf",
    "branding_for_chamber",
    "cached_plan_pdf",
    "pdf_figures",
    "pdf_response",
    "plan_filename",
    "purge_cached_pdfs",
    "reference_texts",
    "render_plan_pdf",
]

CACHE_SUBDIR = "pdf-cache"
_OWNER = re.compile(r"[A-Za-z0-9_-]{1,64}")


def pdf_figures(answers: dict[str, Any]) -> dict[str, Any]:
    """The few figures the business gave that the PDF repeats (never advice)."""
    goods, export = answers.get("goods") or {}, answers.get("export") or {}
    return {
        "business_name": ((answers.get("contact") or {}).get("business_name") or "").strip() or None,
        # Started by the chamber's staff with the business (app/members/assisted.py).
        "assisted": bool(answers.get("assisted_by_chamber")),
        "home_country": (answers.get("profile") or {}).get("country"),
        "markets": list(export.get("markets") or []),
        "unit_transaction_value": goods.get("unit_transaction_value"),
        "unit_non_originating_value": goods.get("unit_non_originating_value"),
        "unit_net_cost": goods.get("unit_net_cost"),
        "currency": (answers.get("profile") or {}).get("currency") or "USD",
    }


def reference_texts(plan: dict[str, Any], locale: str) -> dict[str, Any]:
    """Texts of the rule base the plan points at: the TN profession's name
    and credential, translated; and `languages`, the language of each
    citation or link the plan shows in another language than its own (by
    text or URL: the PDF marks them). Needs the app (the loaded rule base)."""
    from app.i18n.catalogs import get_translations
    from app.plans.services import current_engine
    from app.rules_engine.sources import plan_languages
    from app.rules_engine.texts import Texts

    engine = current_engine()
    found: dict[str, Any] = {}
    languages = plan_languages(engine.languages(locale), plan)
    if languages:
        found["languages"] = languages
    code = plan["findings"].get("tn_profession")
    table = engine.base.tables.get("tn_professions")
    if not code or table is None or code not in table.rows:
        return found
    texts = Texts(engine.base, locale, get_translations(locale))
    row = table.rows[code]
    found["tn_profession"] = {
        column: texts.cell("tn_professions", code, column, row[column]) for column in ("name", "credential") if row.get(column)
    }
    return found


def branding_for_chamber(
    chamber: Any, instance_path: str | Path, local_resources: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The branding dict of a chamber's plain view (`ChamberView`, already in
    the page's language). Logos live in `<instance>/logos/`.

    `local_resources`: the chamber's own services, each {name, url,
    description, areas (optional list of plan areas it is relevant to)};
    by default the view's own (`ChamberView.local_resources`, added with
    `flask chambers add-resource`).
    """
    if local_resources is None:
        local_resources = list(getattr(chamber, "local_resources", None) or [])
    logo = Path(instance_path) / "logos" / chamber.logo_filename if chamber.logo_filename else None
    return {
        "name": chamber.name,
        "logo_path": str(logo) if logo and logo.is_file() else None,
        "primary_color": chamber.primary_color,
        "accent_color": chamber.accent_color,
        "contact_email": chamber.contact_email,
        "contact_phone": chamber.contact_phone,
        "website_url": chamber.website_url,
        "address": chamber.address,
        "local_resources": list(local_resources or []),
    }


@cache
def renderer_version() -> str:
    """A hash of the renderer's own files: a new template or font renders anew."""
    digest = hashlib.sha256()
    for path in sorted(p for p in PDF_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(PDF_DIR).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _logo_digest(branding: dict[str, Any]) -> str | None:
    logo = branding.get("logo_path")
    return hashlib.sha256(Path(logo).read_bytes()).hexdigest() if logo and Path(logo).is_file() else None


def pdf_cache_key(
    plan: dict[str, Any],
    branding: dict[str, Any],
    locale: str,
    given: dict[str, Any] | None,
    reference: dict[str, Any] | None,
    catalog: str | None = None,
) -> str:
    """Everything the PDF depends on, hashed: a change of any answer that
    changes the plan, of a figure it repeats, of the branding or the logo's
    bytes, of the renderer, or of the language's catalog (`catalog`, by
    default the digest of the one installed), gives a new key."""
    catalog = catalog_digest(locale) if catalog is None else catalog
    inputs = [plan, branding, _logo_digest(branding), locale, given, reference, renderer_version(), catalog]
    return hashlib.sha256(json.dumps(inputs, sort_keys=True, default=str).encode()).hexdigest()[:32]


def cached_plan_pdf(
    cache_dir: str | Path,
    owner: str,
    plan: dict[str, Any],
    branding: dict[str, Any],
    locale: str,
    given: dict[str, Any] | None = None,
    reference: dict[str, Any] | None = None,
) -> bytes:
    """The PDF from `cache_dir/owner/`, rendered and kept there if missing.

    One file per owner and locale: writing a new one removes the older one,
    so a changed answer never leaves a stale PDF to be served.
    """
    if not _OWNER.fullmatch(owner) or locale not in ("en", "es", "fr"):
        raise ValueError("cache owner must be an identifier and locale one of en, es, fr")
    folder = Path(cache_dir) / owner
    path = folder / f"{locale}-{pdf_cache_key(plan, branding, locale, given, reference)}.pdf"
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    pdf = render_plan_pdf(plan, branding, locale, given=given, reference=reference)
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, suffix=".tmp", delete=False) as handle:
        handle.write(pdf)
    os.replace(handle.name, path)  # atomic: a reader sees the old file or the whole new one
    for old in folder.glob(f"{locale}-*.pdf"):
        if old != path:
            old.unlink(missing_ok=True)
    return pdf


def purge_cached_pdfs(cache_dir: str | Path, owner: str) -> None:
    """Remove every cached PDF of `owner` (call it when answers are deleted)."""
    folder = Path(cache_dir) / owner
    if _OWNER.fullmatch(owner) and folder.is_dir():
        for path in folder.iterdir():
            path.unlink(missing_ok=True)
        folder.rmdir()


def pdf_cache_dir() -> Path:
    return Path(current_app.config.get("PDF_CACHE_DIR") or Path(current_app.instance_path) / CACHE_SUBDIR)


def assessment_plan_pdf(
    public_id: str, answers: dict[str, Any], plan: dict[str, Any], branding: dict[str, Any], locale: str,
    done: frozenset[str] = frozenset(),
) -> bytes:
    """The PDF of one assessment's plan, from the cache when it is current.

    Ends the database session first: the caller passes plain data only, and
    rendering must not hold a transaction (or a pooled connection) open.
    """
    from app.extensions import db

    db.session.close()
    given, reference = {**pdf_figures(answers), "done": sorted(done)}, reference_texts(plan, locale)
    return cached_plan_pdf(pdf_cache_dir(), public_id, plan, branding, locale, given, reference)


def plan_filename(evaluated_on: str, locale: str) -> str:
    """The plan's file name in its language: "Action plan 2026-11-22.pdf",
    "Plan de acción 2026-11-22.pdf", "Plan d’action 2026-11-22.pdf"."""
    # Translators: the file name of a downloaded plan, without its extension.
    return get_translations(locale).gettext("Action plan %(date)s") % {"date": evaluated_on} + ".pdf"


def pdf_response(pdf: bytes, filename: str = "action-plan.pdf") -> Response:
    """A download of `pdf`: never stored by shared caches (it is personal).
    The name as given for browsers that read RFC 6266's filename*, and in
    plain ASCII letters for the others (acción → accion)."""
    response = Response(pdf, mimetype="application/pdf")
    folded = "".join(c for c in unicodedata.normalize("NFKD", filename) if not unicodedata.combining(c))
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", folded).strip("-") or "action-plan.pdf"
    disposition = f'attachment; filename="{safe}"'
    if safe != filename:
        disposition += f"; filename*=UTF-8''{quote(filename, safe='')}"
    response.headers["Content-Disposition"] = disposition
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
