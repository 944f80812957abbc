"""Creating and finding chambers, and the plain view of one that pages get.

Plain values in and out: templates receive a `ChamberView`, never the model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select

from app.audit.services import record_event
from app.chambers.models import Chamber
from app.colors import contrast_ratio, readable_text_color
from app.extensions import db

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
COLOR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")
# First URL segments the portal itself uses or may use.
RESERVED_SLUGS = frozenset({"api", "static", "admin", "staff", "official", "health"})
# Plan areas a chamber's own resource may be shown for.
RESOURCE_AREAS = ("origin", "temporary_entry", "digital_trade", "financing", "regulatory")
RESOURCE_LOCALES = ("en", "es", "fr")

DEMO_SLUG = "demo"
DEMO_CHAMBER = {
    "name": "Demo Chamber of Commerce",
    "localized_names": {
        "es": "Cámara de Comercio de Demostración",
        "fr": "Chambre de commerce de démonstration",
    },
    "welcome_texts": {
        "en": "Welcome! This demonstration chamber shows how the portal looks "
        "for the members of a chamber of commerce.",
        "es": "¡Bienvenido! Esta cámara de demostración muestra cómo se ve el "
        "portal para los socios de una cámara de comercio.",
        "fr": "Bienvenue ! Cette chambre de démonstration montre le portail tel "
        "que le voient les membres d'une chambre de commerce.",
    },
    "contact_email": "contact@example.org",
}


class ChamberError(ValueError):
    """A chamber could not be created as asked."""


@dataclass(frozen=True)
class ChamberView:
    """What a page shows of a chamber, in one language."""

    id: int
    slug: str
    name: str
    welcome_text: str | None
    logo_filename: str | None
    primary_color: str
    primary_text_color: str
    accent_color: str
    accent_text_color: str
    contact_email: str | None
    contact_phone: str | None
    website_url: str | None
    address: str | None
    # The chamber's own resources in this language: {name, url, description, areas}.
    local_resources: tuple[dict[str, Any], ...] = field(default=())


def chamber_view(chamber: Chamber, locale: str) -> ChamberView:
    """The plain view of `chamber` in `locale`."""
    return ChamberView(
        id=chamber.id,
        slug=chamber.slug,
        name=chamber.name_in(locale),
        welcome_text=chamber.welcome_in(locale),
        logo_filename=chamber.logo_filename,
        primary_color=chamber.primary_color,
        primary_text_color=readable_text_color(chamber.primary_color),
        accent_color=chamber.accent_color,
        accent_text_color=readable_text_color(chamber.accent_color),
        contact_email=chamber.contact_email,
        contact_phone=chamber.contact_phone,
        website_url=chamber.website_url,
        address=chamber.address,
        local_resources=tuple(localized_resources(chamber.local_resources or [], locale)),
    )


def localized_resources(resources: list[dict[str, Any]], locale: str) -> list[dict[str, Any]]:
    """The stored resources with their description in `locale` (else English)."""
    views = []
    for resource in resources:
        descriptions = resource.get("description") or {}
        views.append({
            "name": resource["name"],
            "url": resource["url"],
            "description": descriptions.get(locale) or descriptions.get("en") or "",
            "areas": list(resource.get("areas") or []),
        })
    return views


def check_local_resource(name: str, url: str, areas: list[str], descriptions: dict[str, str]) -> dict[str, Any]:
    """The resource as stored; ChamberError listing every problem otherwise."""
    problems = []
    if not name.strip():
        problems.append("a resource needs a name")
    parts = urlsplit(url.strip())
    if parts.scheme != "https" or not parts.hostname:
        problems.append(f"the URL must be an https:// address, not {url!r}")
    unknown = [area for area in areas if area not in RESOURCE_AREAS]
    if unknown or not areas:
        problems.append(f"areas must be one or more of {', '.join(RESOURCE_AREAS)}; got {', '.join(unknown) or 'none'}")
    if not (descriptions.get("en") or "").strip():
        problems.append("an English description is required")
    if set(descriptions) - set(RESOURCE_LOCALES):
        problems.append(f"descriptions are in {', '.join(RESOURCE_LOCALES)} only")
    if problems:
        raise ChamberError("; ".join(problems))
    return {
        "name": name.strip(),
        "url": url.strip(),
        "description": {code: text.strip() for code, text in descriptions.items() if text and text.strip()},
        "areas": [area for area in RESOURCE_AREAS if area in areas],
    }


def add_local_resource(
    slug: str, name: str, url: str, areas: list[str], descriptions: dict[str, str], actor_id: int | None = None
) -> dict[str, Any]:
    """Append a checked resource to the chamber SLUG; raise ChamberError."""
    chamber = db.session.scalar(select(Chamber).filter_by(slug=slug))
    if chamber is None:
        raise ChamberError(f"no chamber with slug {slug!r}")
    resource = check_local_resource(name, url, areas, descriptions)
    if any(existing["name"] == resource["name"] for existing in chamber.local_resources or []):
        raise ChamberError(f"chamber {slug!r} already has a resource named {resource['name']!r}")
    chamber.local_resources = [*(chamber.local_resources or []), resource]  # a new list: JSON changes are seen
    record_event("chamber.resource_added", actor_id=actor_id, chamber_id=chamber.id, target=("chamber", slug),
                 details={"name": resource["name"], "url": resource["url"]})
    db.session.commit()
    return resource


def remove_local_resource(slug: str, name: str, actor_id: int | None = None) -> None:
    """Remove the chamber's resource called `name`; raise ChamberError."""
    chamber = db.session.scalar(select(Chamber).filter_by(slug=slug))
    if chamber is None:
        raise ChamberError(f"no chamber with slug {slug!r}")
    kept = [r for r in chamber.local_resources or [] if r["name"] != name]
    if len(kept) == len(chamber.local_resources or []):
        raise ChamberError(f"chamber {slug!r} has no resource named {name!r}")
    chamber.local_resources = kept
    record_event("chamber.resource_removed", actor_id=actor_id, chamber_id=chamber.id, target=("chamber", slug),
                 details={"name": name})
    db.session.commit()


def find_active_chamber(slug: str) -> Chamber | None:
    """The active chamber with this slug, if any."""
    return db.session.scalar(select(Chamber).filter_by(slug=slug, active=True))


def default_chamber_slug(preferred: str) -> str | None:
    """`preferred` if that chamber is active, else the oldest active chamber."""
    if find_active_chamber(preferred) is not None:
        return preferred
    return db.session.scalar(select(Chamber.slug).filter_by(active=True).order_by(Chamber.id).limit(1))


def create_chamber(slug: str, name: str, actor_id: int | None = None, **fields: object) -> Chamber:
    """Create an active chamber; raise ChamberError on a bad or taken slug."""
    if not SLUG_PATTERN.match(slug) or slug in RESERVED_SLUGS:
        raise ChamberError(f"invalid slug {slug!r}: use 2-63 lowercase letters, digits, '-'")
    if not name.strip():
        raise ChamberError("a chamber needs a name")
    for key in ("primary_color", "accent_color"):
        value = fields.get(key)
        if value is not None and not COLOR_PATTERN.match(str(value)):
            raise ChamberError(f"{key} must look like #1a2b3c, not {value!r}")
    if db.session.scalar(select(Chamber.id).filter_by(slug=slug)) is not None:
        raise ChamberError(f"a chamber with slug {slug!r} already exists")
    chamber = Chamber(slug=slug, name=name.strip(), **{k: v for k, v in fields.items() if v})
    db.session.add(chamber)
    db.session.flush()
    record_event("chamber.created", actor_id=actor_id, chamber_id=chamber.id, target=("chamber", chamber.slug))
    db.session.commit()
    return chamber


def ensure_demo_chamber() -> tuple[Chamber, bool]:
    """The demo chamber, created if missing; True when it was just created."""
    existing = db.session.scalar(select(Chamber).filter_by(slug=DEMO_SLUG))
    if existing is not None:
        return existing, False
    return create_chamber(DEMO_SLUG, **DEMO_CHAMBER), True


# WCAG 2.1 AA: 4.5:1 for text on a colour; 3:1 for a colour that marks a region
# or a state on the white page (1.4.11: the header band, notice borders).
TEXT_CONTRAST = 4.5
NON_TEXT_CONTRAST = 3.0
BRANDING_TEXT_FIELDS = {"contact_email": 254, "contact_phone": 40, "website_url": 500, "address": 500}


def color_problems(primary: str, accent: str) -> list[tuple[str, str, float, float]]:
    """Each colour that fails: (field, kind 'text' or 'page', its ratio, the ratio needed)."""
    problems = []
    for field_name, color in (("primary_color", primary), ("accent_color", accent)):
        on_color = contrast_ratio(color, readable_text_color(color))
        if on_color < TEXT_CONTRAST:
            problems.append((field_name, "text", round(on_color, 2), TEXT_CONTRAST))
    on_page = contrast_ratio(primary, "#ffffff")
    if on_page < NON_TEXT_CONTRAST:
        problems.append(("primary_color", "page", round(on_page, 2), NON_TEXT_CONTRAST))
    return problems


def update_branding(chamber: Chamber, values: dict[str, Any], actor_id: int | None, address: str | None) -> list[str]:
    """Apply checked branding `values` (names, welcome texts, contact, colours,
    require_two_factor, logo_filename) and audit which fields changed; committed."""
    changed = []
    for key, value in values.items():
        if getattr(chamber, key) != value:
            setattr(chamber, key, value)
            changed.append(key)
    if changed:
        record_event("chamber.branding_changed", actor_id=actor_id, chamber_id=chamber.id,
                     target=("chamber", chamber.slug), details={"fields": sorted(changed), "address": address})
        db.session.commit()
    return changed


def set_chamber_active(chamber: Chamber, active: bool, actor_id: int | None, address: str | None) -> None:
    chamber.active = active
    record_event("chamber.activated" if active else "chamber.deactivated", actor_id=actor_id, chamber_id=chamber.id,
                 target=("chamber", chamber.slug), details={"address": address})
    db.session.commit()
