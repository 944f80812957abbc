"""Rendering fetches nothing from the network; the cache serves a PDF only
while its inputs are unchanged; the download helper holds no transaction."""

from __future__ import annotations

import copy
import io
import struct
import zlib
from pathlib import Path

import pikepdf
import pytest
from sqlalchemy import select

from app.extensions import db
from app.i18n.catalogs import catalog_digest
from app.pdf import services
from app.pdf.render import FONTS_DIR, LocalFileFetcher, render_plan_html, render_plan_pdf
from tests.fixtures import example_answers
from tests.pdf.conftest import pdf_text


def tiny_png(path: Path) -> Path:
    """A 2×2 red PNG, written by hand (no imaging library needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xcc\x00\x00" * 2 for _ in range(2))
    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    )
    return path


def test_the_fetcher_serves_bundled_fonts_and_refuses_everything_else(tmp_path):
    fetcher = LocalFileFetcher([FONTS_DIR])
    font = fetcher.fetch((FONTS_DIR / "NotoSans-Regular.ttf").as_uri())
    assert font.read()[:4] == b"\x00\x01\x00\x00"
    outside = tmp_path / "secret.txt"
    outside.write_text("no")
    for url in (
        "https://example.org/logo.png",
        "http://127.0.0.1/",
        outside.as_uri(),
        "file:///etc/passwd",
        (FONTS_DIR / ".." / "services.py").as_uri(),
        "data:text/plain,hello",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 6


def test_rendering_never_fetches_a_remote_url(full_plan, monkeypatch):
    fetched: list[str] = []
    original = LocalFileFetcher.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(LocalFileFetcher, "fetch", spy)
    branding = {"name": "X", "logo_path": "/nonexistent/logo.png", "website_url": "http://insecure.example.org"}
    render_plan_pdf(full_plan, branding, "en")
    assert fetched and all(url.startswith("file://") and "/app/pdf/fonts/" in url for url in fetched)


def test_the_chambers_logo_is_embedded_with_alt_text(full_plan, tmp_path):
    logo = tiny_png(tmp_path / "logo.png")
    pdf = render_plan_pdf(full_plan, {"name": "Logo Chamber", "logo_path": str(logo)}, "en")
    with pikepdf.open(io.BytesIO(pdf)) as document:
        images = list(document.pages[0].get_images().values())
    assert len(images) == 1
    assert 'alt="Logo of Logo Chamber"' in render_plan_html(
        full_plan, {"name": "Logo Chamber", "logo_path": str(logo)}, "en"
    )


def test_branding_values_cannot_break_out_of_the_stylesheet(full_plan):
    html = render_plan_html(
        full_plan,
        {
            "name": 'Evil "}</style><script>x</script>',
            "primary_color": "red;} body{display:none",
            "accent_color": "#123456",
        },
        "en",
    )
    style = html[html.index("<style>") : html.index("</style>")]
    assert "<script>" not in style and "display:none" not in style
    assert "#0b4f8a" in style  # the invalid colour fell back to the default
    assert "&lt;script&gt;" in html  # the name is escaped where it is shown


def test_an_insecure_resource_url_is_printed_but_not_linked(full_plan):
    plan = copy.deepcopy(full_plan)
    plan["actions"][0]["resources"] = [{"name": "Old page", "url": "http://insecure.example.org/x", "country": "US"}]
    html = render_plan_html(plan, {}, "en")
    assert "Old page" in html and 'href="http://insecure' not in html


def test_the_cache_serves_the_same_pdf_until_an_input_changes(full_plan, tmp_path):
    folder = tmp_path / "abc123"
    first = services.cached_plan_pdf(tmp_path, "abc123", full_plan, {"name": "C"}, "en")
    [kept] = folder.glob("en-*.pdf")
    kept.write_bytes(b"%PDF-marked")  # what the next call returns shows where it came from
    assert services.cached_plan_pdf(tmp_path, "abc123", full_plan, {"name": "C"}, "en") == b"%PDF-marked"
    changed = {**full_plan, "evaluated_on": "2026-11-23"}
    fresh = services.cached_plan_pdf(tmp_path, "abc123", changed, {"name": "C"}, "en")
    assert fresh.startswith(b"%PDF-1.") and fresh != first
    assert list(folder.glob("en-*.pdf")) != [kept] and len(list(folder.glob("en-*.pdf"))) == 1  # the stale one is gone
    services.cached_plan_pdf(tmp_path, "abc123", full_plan, {"name": "C"}, "es")
    assert len(list(folder.glob("*.pdf"))) == 2  # one per language
    services.purge_cached_pdfs(tmp_path, "abc123")
    assert not folder.exists()


def test_a_new_catalog_for_the_language_gives_a_new_cache_key(full_plan, tmp_path):
    key = services.pdf_cache_key(full_plan, {"name": "C"}, "fr", None, None)
    assert key == services.pdf_cache_key(full_plan, {"name": "C"}, "fr", None, None, catalog=catalog_digest("fr"))
    assert key != services.pdf_cache_key(full_plan, {"name": "C"}, "fr", None, None, catalog="another catalog")
    for name, content in (("old", b"compiled catalog one"), ("new", b"compiled catalog two")):
        compiled = tmp_path / name / "fr" / "LC_MESSAGES" / "messages.mo"
        compiled.parent.mkdir(parents=True)
        compiled.write_bytes(content)
    assert catalog_digest("fr", tmp_path / "old") != catalog_digest("fr", tmp_path / "new")
    assert catalog_digest("fr") != "" and catalog_digest("en", tmp_path / "old") == ""


def test_a_changed_answer_gives_a_fresh_pdf(pdf_app, tmp_path):
    from app.plans.services import build_plan

    answers = example_answers("furniture-workshop-mx")
    plan = build_plan(answers, "en").plan.as_dict()
    first = services.cached_plan_pdf(tmp_path, "a1", plan, {}, "en", services.pdf_figures(answers))
    answers["goods"]["has_certification_process"] = not answers["goods"].get("has_certification_process")
    answers["contact"] = {"business_name": "Renamed Workshop"}
    plan2 = build_plan(answers, "en").plan.as_dict()
    second = services.cached_plan_pdf(tmp_path, "a1", plan2, {}, "en", services.pdf_figures(answers))
    assert first != second and "Renamed Workshop" in pdf_text(second)


def test_the_cache_refuses_an_owner_that_is_not_an_identifier(full_plan, tmp_path):
    with pytest.raises(ValueError):
        services.cached_plan_pdf(tmp_path, "../etc", full_plan, {}, "en")


def test_the_download_helper_renders_with_no_transaction_open(app, make_assessment, tmp_path, pdf_renders):
    app.config["PDF_CACHE_DIR"] = str(tmp_path)
    answers = example_answers("specialty-food-us")
    assessment = make_assessment(answers=answers)
    from app.plans.services import build_plan

    db.session.execute(select(type(assessment).id))  # a read: the session now holds a transaction
    assert db.session().in_transaction()
    plan = build_plan(assessment.answers, "en").plan.as_dict()
    pdf = services.assessment_plan_pdf(assessment.public_id, answers, plan, {"name": "C"}, "en")
    assert pdf.startswith(b"%PDF-") and pdf_renders == [("en", False)]
    response = services.pdf_response(pdf, "plan.pdf")
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'attachment; filename="plan.pdf"'
    assert "no-store" in response.headers["Cache-Control"]


def test_branding_for_chamber_reads_the_logo_from_the_instance_folder(app, make_chamber, tmp_path):
    from app.chambers.services import chamber_view

    (tmp_path / "logos").mkdir()
    tiny_png(tmp_path / "logos" / "q.png")
    chamber = make_chamber(name="Québec", logo_filename="q.png", website_url="https://example.org")
    branding = services.branding_for_chamber(chamber_view(chamber, "fr"), tmp_path)
    assert branding["logo_path"] == str(tmp_path / "logos" / "q.png")
    assert branding["name"] == "Québec" and branding["primary_color"].startswith("#")
