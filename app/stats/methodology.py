"""The methodology note of the release tables, in the reader's language (HTML and PDF).

The same template gives the web page and, through WeasyPrint with the bundled
fonts only, the PDF. The figures it quotes (k, the rounding base, the
dominance threshold) are the configured ones, so the note never disagrees with
the releases it accompanies.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from app.i18n.catalogs import SUPPORTED_LOCALES, get_translations
from app.stats.catalogue import CATALOGUE_VERSION, TABLES
from app.stats.disclosure import DISCLOSURE_RULES_VERSION, Settings

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


@cache
def _environment(locale: str) -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=select_autoescape(["html"]),
                      extensions=["jinja2.ext.i18n"])
    env.install_gettext_translations(get_translations(locale), newstyle=True)  # type: ignore[attr-defined]
    return env


def _settings() -> Settings:
    try:
        from app.stats.release import settings_from_config  # noqa: PLC0415

        return settings_from_config(chamber_scope=False)
    except RuntimeError:  # outside an application: the defaults
        return Settings()


def _privacy() -> dict[str, str] | None:
    """The configured differential privacy (None when off, or outside an application)."""
    try:
        from flask import current_app  # noqa: PLC0415

        config = current_app.config
        if not config["STATS_DP_ENABLED"]:
            return None
    except RuntimeError:
        return None
    from app.stats.privacy import NoiseSettings, sensitivity  # noqa: PLC0415

    epsilon = float(config["STATS_DP_EPSILON"])
    noise = NoiseSettings(epsilon, sensitivity(), sensitivity() / epsilon)  # OpenDP's scale for this ε
    return {"epsilon": f"{epsilon:g}", "sd": f"{noise.std_dev:.1f}", "budget": f"{float(config['STATS_DP_YEARLY_BUDGET']):g}"}


def methodology_html(locale: str, *, for_pdf: bool = False) -> str:
    locale = locale if locale in SUPPORTED_LOCALES else "en"
    settings = _settings()
    fonts = None
    if for_pdf:
        from weasyprint.urls import path2url  # noqa: PLC0415

        from app.pdf.render import FONTS_DIR  # noqa: PLC0415

        fonts = path2url(str(FONTS_DIR)) + "/"
    return _environment(locale).get_template("stats/methodology.html").render(
        lang=locale, k=settings.k, k_other=settings.k_other, base=settings.rounding_base, twice_k=2 * settings.k,
        half=settings.rounding_base // 2, tables=[t.id for t in TABLES], catalogue_version=CATALOGUE_VERSION,
        rules_version=DISCLOSURE_RULES_VERSION, fonts_url=fonts, dp=_privacy(),
    )


def methodology_pdf(locale: str) -> bytes:
    """The note as a tagged PDF (WeasyPrint, bundled fonts, nothing fetched from the network)."""
    from app.pdf.render import FONTS_DIR, html_to_pdf  # noqa: PLC0415  (WeasyPrint loads lazily)

    return html_to_pdf(methodology_html(locale, for_pdf=True), [FONTS_DIR], stylesheets=[])
