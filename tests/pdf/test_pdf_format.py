"""The PDF as a file: tagged PDF/UA-1 with language and title, bundled
fonts, Letter pages, https links only, a bounded size and page count."""

from __future__ import annotations

import pikepdf
import pytest
from pypdf import PdfReader

from app.i18n.catalogs import get_translations
from tests.fixtures import EXAMPLE_NAMES

LOCALES = ("en", "es", "fr")
LETTER = (612, 792)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_pdf_is_tagged_pdf_ua_with_its_language_and_title(rendered, locale):
    result = rendered("specialty-food-us", locale)
    with pikepdf.open(result.path) as pdf:
        assert str(pdf.Root.Lang) == locale
        assert bool(pdf.Root.MarkInfo.Marked) is True
        assert "/StructTreeRoot" in pdf.Root and len(pdf.Root.StructTreeRoot.K) > 0
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True
        title = get_translations(locale).gettext("Export action plan")
        assert str(pdf.docinfo.Title).startswith(title)
        with pdf.open_metadata() as xmp:
            assert xmp.get("pdfuaid:part") == "1"
            assert str(xmp.get("dc:title")).startswith(title)


def _struct_types(node: pikepdf.Object, found: set[str], depth: int = 0) -> set[str]:
    if depth > 60:
        return found
    if isinstance(node, pikepdf.Dictionary) and "/S" in node:
        found.add(str(node.S))
    kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
        if isinstance(kid, pikepdf.Dictionary):
            _struct_types(kid, found, depth + 1)
    return found


def test_headings_tables_lists_and_links_are_tagged(rendered):
    with pikepdf.open(rendered("software-consultancy-ca", "en").path) as pdf:
        types = _struct_types(pdf.Root.StructTreeRoot, set())
    assert {"/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/L", "/LI", "/Link", "/P"} <= types


def test_fonts_are_the_bundled_ones_embedded_and_subset(rendered):
    with pikepdf.open(rendered("furniture-workshop-mx", "es").path) as pdf:
        fonts = {str(font.BaseFont): font for page in pdf.pages for font in page.Resources.get("/Font", {}).values()}
        assert len(fonts) == 2  # the regular and the bold face
        for name, font in fonts.items():
            prefix, _, family = name.lstrip("/").partition("+")
            assert family.startswith("Plan-Sans"), f"{name} is not the bundled Noto Sans"
            assert len(prefix) == 6 and prefix.isupper(), f"{name} is not a subset"
            assert "/FontFile2" in font.DescendantFonts[0].FontDescriptor, f"{name} is not embedded"


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_pages_are_letter_and_their_count_stays_within_bounds(rendered, name):
    result = rendered(name, "en")
    reader = PdfReader(result.path)
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages}
    assert sizes == {LETTER}
    # cover, summary, one page per area at least; never more than two pages an action.
    areas = sum(1 for k, v in result.plan["scores"].items() if k != "overall" and v is not None)
    assert 2 + areas <= len(reader.pages) <= 4 + 2 * len(result.plan["actions"])


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_link_is_a_valid_https_url_or_an_internal_destination(rendered, name):
    from urllib.parse import urlsplit

    with pikepdf.open(rendered(name, "en").path) as pdf:
        links = [a for page in pdf.pages for a in page.get("/Annots", []) if a.get("/Subtype") == "/Link"]
        uris = [str(a.A.URI) for a in links if "/A" in a]
        internal = [a for a in links if "/Dest" in a]
    assert uris and internal
    for uri in uris:
        parts = urlsplit(uri)
        assert parts.scheme == "https" and parts.hostname and "." in parts.hostname, uri
        assert " " not in uri


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_file_stays_under_400_kb(rendered, name):
    assert len(rendered(name, "fr").pdf) < 400 * 1024
