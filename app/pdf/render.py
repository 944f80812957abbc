"""Rendering: the plan's template to HTML, and HTML to a tagged PDF.

WeasyPrint gets a URL fetcher that serves only the bundled fonts and the
chamber's logo file: rendering never touches the network, and a URL slipped
into a plan or a branding field cannot make the server fetch anything.

The stylesheet that is the same for every plan (templates/pdf/plan.css) is
parsed once per process into a WeasyPrint `CSS` object and handed to every
rendering; the HTML carries only what depends on the chamber and the fonts'
`@font-face` (each rendering loads the fonts through its own fetcher, into its
own font configuration: nothing of one rendering outlives it).
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse, path2url

from app.colors import contrast_ratio
from app.i18n.catalogs import get_translations
from app.pdf.context import plan_context

PDF_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PDF_DIR / "templates"
FONTS_DIR = PDF_DIR / "fonts"
STYLESHEET = TEMPLATES_DIR / "pdf" / "plan.css"
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True, "custom_metadata": True}

log = logging.getLogger(__name__)


class LocalFileFetcher(URLFetcher):
    """Serve `file:` URLs inside the allowed folders or files; refuse all else."""

    def __init__(self, allowed: list[Path]) -> None:
        super().__init__(allowed_protocols=("file",))
        self.allowed = [path.resolve() for path in allowed]
        self.refused: list[str] = []

    def _permits(self, path: Path) -> bool:
        return any(path == root or (root.is_dir() and path.is_relative_to(root)) for root in self.allowed)

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        path = Path(_file_path(url)).resolve() if url.startswith("file:") else None
        if path is None or not self._permits(path) or not path.is_file():
            self.refused.append(url)
            log.warning("PDF rendering refused to fetch %s", url[:200])
            raise ValueError(f"not a bundled local file: {url[:200]}")
        return URLFetcherResponse(path2url(str(path)), path.read_bytes())


def _file_path(url: str) -> str:
    from urllib.parse import unquote, urlsplit

    return unquote(urlsplit(url).path)


def _css_string(value: object) -> Markup:
    """A CSS string literal, safe for any text inside <style>: every character
    but letters, digits and plain punctuation is a CSS escape (so no quote,
    backslash, newline, `<` or `&` survives)."""
    text = str(value)
    escaped = "".join(ch if ch.isalnum() or ch in " .,-_()/:'" else f"\\{ord(ch):x} " for ch in text)
    return Markup(f'"{escaped}"')


def _oneline(value: Any) -> Any:
    """The text on one line: for paragraphs laid out with `white-space:
    pre-line`, where a newline inside a value would start a new line."""
    return value.replace("\r", " ").replace("\n", " ") if isinstance(value, str) else value


@cache
def stylesheet() -> CSS:
    """The plan's static stylesheet, parsed once. WeasyPrint only reads a
    `CSS` object while it renders, so threads may share it; it holds no
    `@font-face` and no URL (those are in the HTML)."""
    return CSS(string=STYLESHEET.read_text(encoding="utf-8"), base_url=str(TEMPLATES_DIR))


@cache
def _environment(locale: str) -> Environment:
    """One Jinja environment per language, with that language's catalog."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=False,
    )
    env.install_gettext_translations(get_translations(locale), newstyle=True)  # type: ignore[attr-defined]
    env.filters["css_string"] = _css_string
    env.filters["oneline"] = _oneline
    return env


def _footer_css(gettext: Any) -> Markup:
    """The footer as a CSS `content` value: the translated "Page n of N" with
    live counters. The rules version is said once, in the colophon."""
    text = gettext("Page %(page)s of %(pages)s")
    parts = []
    for chunk in text.replace("%(pages)s", "\0pages\0").replace("%(page)s", "\0page\0").split("\0"):
        if chunk in ("page", "pages"):
            parts.append(f"counter({chunk})")
        elif chunk:
            parts.append(_css_string(chunk))
    return Markup(" ".join(parts))


def _logo_url(branding: dict[str, Any]) -> str | None:
    logo = branding.get("logo_path")
    return path2url(str(Path(logo).resolve())) if logo and Path(logo).is_file() else None


def render_plan_html(
    plan: dict[str, Any],
    branding: dict[str, Any],
    locale: str,
    given: dict[str, Any] | None = None,
    reference: dict[str, Any] | None = None,
) -> str:
    """The plan as the HTML document that WeasyPrint lays out."""
    translations = get_translations(locale)
    context = plan_context(plan, {**branding, "logo_url": _logo_url(branding)}, locale, translations, given, reference)
    chamber = context["chamber"]
    # Brand colours are picked by chambers: headings use the primary colour only when it is readable on white.
    chamber["heading"] = chamber["primary"] if contrast_ratio(chamber["primary"], "#ffffff") >= 4.5 else "#1a1a1a"
    title = translations.gettext("Export action plan")
    subject = context["business_name"] or chamber["name"]
    return (
        _environment(locale)
        .get_template("pdf/plan.html")
        .render(
            **context,
            doc_title=f"{title} – {subject}" if subject else title,
            running_title=f"{title} – {context['business_name']}" if context["business_name"] else title,
            evaluated_on=plan["evaluated_on"],
            footer_css=_footer_css(translations.gettext),
            fonts_url=path2url(str(FONTS_DIR)) + "/",
        )
    )


def html_to_pdf(html: str, allowed: list[Path], stylesheets: list[CSS] | None = None) -> bytes:
    """Lay out `html` (with the plan's stylesheet unless `stylesheets` says
    otherwise) as a PDF/UA-1 tagged PDF, fetching only `allowed` files."""
    fetcher = LocalFileFetcher(allowed)
    document = HTML(string=html, base_url=str(TEMPLATES_DIR), url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[stylesheet()] if stylesheets is None else stylesheets, **PDF_OPTIONS)


def allowed_files(branding: dict[str, Any]) -> list[Path]:
    """What rendering may read: the bundled fonts, and the chamber's logo."""
    logo = branding.get("logo_path")
    return [FONTS_DIR] + ([Path(logo)] if logo else [])


def render_plan_pdf(
    plan: dict[str, Any],
    branding: dict[str, Any],
    locale: str,
    *,
    given: dict[str, Any] | None = None,
    reference: dict[str, Any] | None = None,
) -> bytes:
    """The plan as a branded, tagged PDF in `locale`.

    `plan` is the contract's plan dict (`Plan.as_dict()`); `branding` the
    chamber's (see `app.pdf.services.branding_for_chamber`); `given` a few
    figures the business gave (`pdf_figures`), `reference` texts from the rule
    base (`reference_texts`). Both are optional and only add detail.
    """
    html = render_plan_html(plan, branding, locale, given, reference)
    return html_to_pdf(html, allowed_files(branding))
