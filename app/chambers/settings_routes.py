"""A chamber's settings in the browser, for its staff and site admins:
/<chamber>/<lang>/staff/settings/… — branding (names and welcome texts in
three languages, contact details, colours checked against WCAG AA, logo) and
the chamber's own local resources. Every change is audited with its author.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext
from sqlalchemy import select
from werkzeug.wrappers import Response

from app.accounts.access import chamber_data_required, client_address, current_staff
from app.chambers import logos
from app.chambers.models import Chamber
from app.chambers.services import (
    BRANDING_TEXT_FIELDS,
    COLOR_PATTERN,
    RESOURCE_AREAS,
    RESOURCE_LOCALES,
    ChamberError,
    add_local_resource,
    color_problems,
    remove_local_resource,
    update_branding,
)
from app.chambers.tenancy import CHAMBER_PREFIX
from app.extensions import db, limiter
from app.wizard.presenters import AREA_NAMES

bp = Blueprint("chamber_settings", __name__, url_prefix=f"{CHAMBER_PREFIX}/staff/settings", template_folder="templates")
LOCALES = ("en", "es", "fr")
MAX_NAME = 200
MAX_WELCOME = 1000

LOGO_REASONS = {
    "empty": lazy_gettext("Choose a file to upload."),
    "size": lazy_gettext("The file is larger than 200 KB. Upload a smaller one."),
    "type": lazy_gettext("The file is not a PNG, JPEG or SVG image (we read its content, not its name)."),
    "broken": lazy_gettext("The image could not be read. It may be damaged."),
    "dimensions": lazy_gettext("The image has too many pixels. Upload a smaller one."),
    "svg_unsafe": lazy_gettext("This SVG holds something other than drawing (a script, a link to another file, "
                               "or an unknown element), so it cannot be used. Export it again as plain SVG or PNG."),
}


@bp.after_request
def _not_stored(response: Response) -> Response:
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _chamber() -> Chamber:
    chamber = db.session.scalar(select(Chamber).filter_by(id=g.chamber_id))
    assert chamber is not None  # the tenancy hook found it active a moment ago
    return chamber


def _actor() -> int | None:
    user = current_staff()
    return user.id if user else None


def _form_values(chamber: Chamber) -> dict[str, Any]:
    return {
        "name": chamber.name,
        **{f"name_{code}": (chamber.localized_names or {}).get(code, "") for code in ("es", "fr")},
        **{f"welcome_{code}": (chamber.welcome_texts or {}).get(code, "") for code in LOCALES},
        **{key: getattr(chamber, key) or "" for key in BRANDING_TEXT_FIELDS},
        "primary_color": chamber.primary_color, "accent_color": chamber.accent_color,
        "require_two_factor": chamber.require_two_factor,
    }


def _read_branding(form: Any) -> tuple[dict[str, Any], dict[str, str], dict[str, Any]]:
    """(values to store, errors by field, what was typed)."""
    typed = {key: (form.get(key) or "").strip() for key in
             ["name", "name_es", "name_fr", *(f"welcome_{c}" for c in LOCALES), *BRANDING_TEXT_FIELDS,
              "primary_color", "accent_color"]}
    typed["require_two_factor"] = form.get("require_two_factor") == "1"
    errors: dict[str, str] = {}
    if not typed["name"]:
        errors["name"] = gettext("Enter the chamber's name.")
    for key in ("name", "name_es", "name_fr"):
        if len(typed[key]) > MAX_NAME:
            errors[key] = gettext("Use at most %(count)d characters.", count=MAX_NAME)
    for code in LOCALES:
        if len(typed[f"welcome_{code}"]) > MAX_WELCOME:
            errors[f"welcome_{code}"] = gettext("Use at most %(count)d characters.", count=MAX_WELCOME)
    for key, limit in BRANDING_TEXT_FIELDS.items():
        if len(typed[key]) > limit:
            errors[key] = gettext("Use at most %(count)d characters.", count=limit)
    if typed["website_url"] and not typed["website_url"].startswith("https://"):
        errors["website_url"] = gettext("Enter an address starting with https://")
    if typed["contact_email"] and ("@" not in typed["contact_email"] or " " in typed["contact_email"]):
        errors["contact_email"] = gettext("Enter an e-mail address like name@example.org.")
    errors.update(_color_errors(typed))
    values = {
        "name": typed["name"],
        "localized_names": {code: typed[f"name_{code}"] for code in ("es", "fr") if typed[f"name_{code}"]},
        "welcome_texts": {code: typed[f"welcome_{code}"] for code in LOCALES if typed[f"welcome_{code}"]},
        **{key: typed[key] or None for key in BRANDING_TEXT_FIELDS},
        "primary_color": typed["primary_color"].lower(), "accent_color": typed["accent_color"].lower(),
        "require_two_factor": typed["require_two_factor"],
    }
    return values, errors, typed


def _color_errors(typed: dict[str, Any]) -> dict[str, str]:
    """Each colour's problem: its form, or a contrast under WCAG AA, with the ratios."""
    errors = {}
    for key in ("primary_color", "accent_color"):
        if not COLOR_PATTERN.match(typed[key]):
            errors[key] = gettext("Write the colour as # and six hexadecimal digits, like #0b4f8a.")
    if "primary_color" not in errors and "accent_color" not in errors:
        for field_name, kind, ratio, needed in color_problems(typed["primary_color"], typed["accent_color"]):
            if kind == "text":
                errors[field_name] = gettext("Text on this colour reaches a contrast of only %(ratio)s:1; "
                                             "WCAG AA needs %(needed)s:1.", ratio=ratio, needed=needed)
            else:
                errors[field_name] = gettext("This colour is too light on the white page: contrast %(ratio)s:1, "
                                             "WCAG AA needs %(needed)s:1 for the header band and marks. "
                                             "Choose a darker shade.", ratio=ratio, needed=needed)
    return errors


@bp.route("/", methods=["GET", "POST"])
@chamber_data_required
def branding() -> Any:
    chamber = _chamber()
    typed, errors = _form_values(chamber), {}
    if request.method == "POST":
        values, errors, typed = _read_branding(request.form)
        user = current_staff()
        if user is None or user.role != "site_admin":
            # Whether the chamber's staff need a second factor is the site admins' call.
            values["require_two_factor"] = typed["require_two_factor"] = chamber.require_two_factor
        if not errors:
            changed = update_branding(chamber, values, _actor(), client_address())
            flash(gettext("Saved.") if changed else gettext("Nothing was changed."), "success")
            return redirect(url_for("chamber_settings.branding"))
    error_items = [(f"#{key}", message) for key, message in errors.items()]
    return render_template("chamber_settings/branding.html", values=typed, errors=errors, error_items=error_items,
                           has_logo=bool(chamber.logo_filename)), 422 if errors else 200


@bp.post("/logo")
@limiter.limit("20 per hour")
@chamber_data_required
def upload_logo() -> Any:
    chamber = _chamber()
    previous = chamber.logo_filename
    if request.form.get("action") == "remove":
        update_branding(chamber, {"logo_filename": None}, _actor(), client_address())
        logos.remove_logo(current_app.instance_path, previous)
        flash(gettext("The logo is removed."), "success")
        return redirect(url_for("chamber_settings.branding"))
    upload = request.files.get("logo")
    data = upload.read(logos.MAX_LOGO_BYTES + 1) if upload else b""
    try:
        stored, extension = logos.checked_logo(data)
    except logos.LogoRefused as refused:
        flash(str(LOGO_REASONS.get(str(refused), LOGO_REASONS["type"])), "error")
        return redirect(url_for("chamber_settings.branding"))
    name = logos.store_logo(current_app.instance_path, chamber.slug, stored, extension)
    update_branding(chamber, {"logo_filename": name}, _actor(), client_address())
    if previous != name:
        logos.remove_logo(current_app.instance_path, previous)
    flash(gettext("The logo is saved."), "success")
    return redirect(url_for("chamber_settings.branding"))


@bp.route("/resources", methods=["GET", "POST"])
@chamber_data_required
def resources() -> Any:
    chamber = _chamber()
    typed: dict[str, Any] = {"areas": []}
    errors: list[str] = []
    if request.method == "POST":
        typed = {"name": (request.form.get("name") or "").strip()[:MAX_NAME],
                 "url": (request.form.get("url") or "").strip()[:500],
                 "areas": [a for a in request.form.getlist("areas") if a in RESOURCE_AREAS],
                 **{f"description_{c}": (request.form.get(f"description_{c}") or "").strip()[:MAX_WELCOME]
                    for c in RESOURCE_LOCALES}}
        descriptions = {code: typed[f"description_{code}"] for code in RESOURCE_LOCALES if typed[f"description_{code}"]}
        if not typed["name"]:
            errors.append(gettext("Enter the resource's name."))
        if not typed["url"].startswith("https://") or len(typed["url"]) < 12:
            errors.append(gettext("Enter an address starting with https://"))
        if not typed["areas"]:
            errors.append(gettext("Choose at least one area of the plan."))
        if not descriptions.get("en"):
            errors.append(gettext("Write a description in English (the other languages are optional)."))
        if not errors:
            try:
                add_local_resource(chamber.slug, typed["name"], typed["url"], typed["areas"], descriptions, _actor())
            except ChamberError:
                errors.append(gettext("This resource could not be added: is its name already used?"))
            else:
                flash(gettext("The resource is added."), "success")
                return redirect(url_for("chamber_settings.resources"))
    areas = [{"id": area, "name": AREA_NAMES[area]} for area in RESOURCE_AREAS]
    return render_template("chamber_settings/resources.html", items=chamber.local_resources or [], areas=areas,
                           typed=typed, errors=errors), 422 if errors else 200


@bp.post("/resources/remove")
@chamber_data_required
def remove_resource() -> Response:
    chamber = _chamber()
    try:
        remove_local_resource(chamber.slug, (request.form.get("name") or "")[:MAX_NAME], _actor())
    except ChamberError:
        flash(gettext("This resource was already removed."), "info")
    else:
        flash(gettext("The resource is removed."), "success")
    return redirect(url_for("chamber_settings.resources"))


@bp.get("/preview.pdf")
@limiter.limit("10 per minute")
@chamber_data_required
def preview_pdf() -> Response:
    """The PDF of an example business's plan with the chamber's branding as it is now (its cover, first)."""
    import json  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    from app.pdf.services import assessment_plan_pdf, branding_for_chamber, pdf_response  # noqa: PLC0415
    from app.plans.services import build_plan  # noqa: PLC0415

    example = Path(__file__).resolve().parents[1] / "answers" / "examples" / "furniture-workshop-mx.json"
    answers = json.loads(example.read_text(encoding="utf-8"))
    result = build_plan({k: v for k, v in answers.items() if k != "contact"}, g.lang)
    assert result.plan is not None  # the example is valid (tests/answers check it)
    branding = branding_for_chamber(g.chamber, current_app.instance_path)
    pdf = assessment_plan_pdf(f"preview-{g.chamber.slug}", answers, result.plan.as_dict(), branding, g.lang)
    return pdf_response(pdf, f"preview-{g.chamber.slug}-{g.lang}.pdf")
