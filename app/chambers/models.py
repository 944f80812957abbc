"""The chamber of commerce hosting the portal: the tenant of every other record."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import utcnow
from app.extensions import db


class Chamber(db.Model):
    """A hosting chamber, its names in each language and its branding."""

    __tablename__ = "chambers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # Names and welcome texts by locale code ("es": "…"); `name` is the fallback.
    localized_names: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    welcome_texts: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Its staff must sign in with a second factor (site admins and officials always do).
    require_two_factor: Mapped[bool] = mapped_column(Boolean, default=False)
    logo_filename: Mapped[str | None] = mapped_column(String(200))
    primary_color: Mapped[str] = mapped_column(String(7), default="#0b4f8a")
    accent_color: Mapped[str] = mapped_column(String(7), default="#b8430b")
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    website_url: Mapped[str | None] = mapped_column(String(500))
    address: Mapped[str | None] = mapped_column(Text)
    # The chamber's own services shown in its members' plans, each
    # {name, url (https), description: {"en": …, "es": …, "fr": …}, areas: [plan areas]};
    # written only through `chambers.services.add_local_resource`.
    local_resources: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    def name_in(self, locale: str) -> str:
        """The chamber's name in `locale`, or its default name."""
        return (self.localized_names or {}).get(locale) or self.name

    def welcome_in(self, locale: str) -> str | None:
        """The welcome text in `locale`, falling back to English, or None."""
        texts: dict[str, Any] = self.welcome_texts or {}
        return texts.get(locale) or texts.get("en")
