"""The statistics dashboard for officials and chamber staff: /staff/<lang>/statistics/…

Published releases only, as stored: one table of the release at a time, a
chart drawn on the server (inline SVG, no script) beside an accessible table
holding the same numbers, every hidden cell said in words, the trend over the
published quarters, the downloads and the methodology note in the reader's
language. Every page view and download is written to the audit log and
committed before the data leaves.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from typing import Any

from flask import Blueprint, Response, abort, g, render_template, request
from flask_babel import gettext

from app.accounts.access import current_staff, staff_required
from app.extensions import limiter
from app.security import CONTENT_SECURITY_POLICY
from app.stats import labels, serve
from app.stats.catalogue import COUNTRIES, TABLES, TABLES_BY_ID, TOTAL, Table
from app.stats.methodology import methodology_html, methodology_pdf
from app.stats.release import FORMATS, ReleaseError, build_release, published_releases
from app.stats.texts import FLAG_LEGEND

bp = Blueprint("stats_dashboard", __name__, url_prefix="/staff/<lang:lang>/statistics", template_folder="templates")
ROLES = ("official", "chamber_staff", "site_admin")
PERIOD = re.compile(r"^\d{4}(-Q[1-4])?$")
QUARTER = re.compile(r"^\d{4}-Q[1-4]$")
STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)
DOWNLOAD_LIMIT = "30 per minute"
COUNTRY_ORDER = (*COUNTRIES, TOTAL)


@bp.after_request
def _not_stored(response: Response) -> Response:
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _scope() -> serve.Scope:
    user = current_staff()
    assert user is not None
    try:
        return serve.choose_scope(user, request.args.get("chamber"), g.lang)
    except serve.Refused as refused:
        abort(refused.status)


def _period() -> str | None:
    period = (request.args.get("period") or "")[:16]
    if period and not PERIOD.match(period):
        abort(404)
    return period or None


def _value(row: dict[str, Any] | None) -> dict[str, Any]:
    if row is None:
        return {"value": None, "flag": "", "missing": True}
    return {"value": row["value"], "flag": row["flag"], "missing": False}


def table_view(table: Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The table's rows grouped by country, each with its categories' values."""
    mine = [r for r in rows if r["table"] == table.id]
    by_key: dict[tuple[str, ...], dict[str, Any]] = {}
    for row in mine:
        by_key[(*(row[d] for d in table.dimensions), row["measure"])] = row
    groups = []
    for country in COUNTRY_ORDER:
        items = []
        if table.kind == "scores":
            areas = list(dict.fromkeys(r["area"] for r in mine if r["country"] == country))
            for area in areas:
                items.append({"code": area, "label": labels.category("area", area),
                              "count": _value(by_key.get((country, area, TOTAL, "count"))),
                              "main": _value(by_key.get((country, area, TOTAL, "mean"))),
                              "bands": [(labels.category("score_band", band), _value(by_key.get((country, area, band, "count"))))
                                        for band in ("0-24", "25-49", "50-74", "75-100")]})
            scale = 100
        else:
            categories = list(dict.fromkeys(r[table.dimension] for r in mine if r["country"] == country))
            for code in categories:
                count = _value(by_key.get((country, code, "count")))
                share = by_key.get((country, code, "share_pct"))
                items.append({"code": code, "label": labels.category(table.dimension, code), "count": count,
                              "share": _value(share) if share is not None else None,
                              "main": _value(share) if share is not None else count})
            if table.kind == "indicators" and table.shares:
                scale = 100
            else:
                values = [i["count"]["value"] for i in items if i["code"] != TOTAL and i["count"]["value"]]
                scale = max(values) if values else 1
        if items:
            groups.append({"country": country, "label": labels.category("country", country), "items": items,
                           "scale": scale or 1})
    return groups


def trend(scope: str) -> list[dict[str, Any]]:
    """Businesses and mean overall readiness per country over the published quarters of `scope` (latest version of each)."""
    points: dict[str, dict[str, Any]] = {}
    for release in sorted(published_releases(scope), key=lambda r: (r["release"], r["version"])):
        if not QUARTER.match(release["release"]):
            continue
        rows = json.loads(build_release(release["release"], scope, "json").content)["rows"]
        counts = {r["country"]: _value(r) for r in rows
                  if r["table"] == "businesses_by_country_size" and r["size_band"] == TOTAL and r["measure"] == "count"}
        means = {r["country"]: _value(r) for r in rows
                 if r["table"] == "readiness_by_country_area" and r["area"] == "overall"
                 and r["score_band"] == TOTAL and r["measure"] == "mean"}
        points[release["release"]] = {"period": release["release"], "counts": counts, "means": means}
    return list(points.values())


def trend_chart(points: list[dict[str, Any]]) -> dict[str, Any]:
    """The trend's all-countries line as a chart group."""
    items = [{"code": p["period"], "label": p["period"], "main": p["counts"].get(TOTAL, _value(None))} for p in points]
    values = [i["main"]["value"] for i in items if i["main"]["value"]]
    return {"label": gettext("Businesses counted, all countries, by quarter"), "items": items,
            "scale": max(values) if values else 1}


@bp.get("/")
@staff_required(*ROLES)
def index() -> Any:
    user = current_staff()
    assert user is not None
    scope = _scope()
    table_id = (request.args.get("table") or TABLES[0].id)[:64]
    if table_id not in TABLES_BY_ID:
        abort(404)  # no free tables: only the catalogue's
    table = TABLES_BY_ID[table_id]
    catalogue = [r for r in published_releases(scope.slug)]
    periods = list(dict.fromkeys(r["release"] for r in catalogue))
    period = _period() or (periods[0] if periods else None)
    made, problem = None, None
    if period is not None:
        try:
            made = build_release(period, scope.slug, "json", g.lang)
        except ReleaseError as error:
            problem = serve.message(error.code, g.lang)
    status = 200 if problem is None else 404
    serve.audit(user, "stats.dashboard_read", scope, release=period if made else None, table=table_id,
                refused=problem and "not_published")
    document = json.loads(made.content) if made else None
    groups = table_view(table, document["rows"]) if document else []
    points = trend(scope.slug) if document else []
    return render_template(
        "stats/dashboard.html", scope=scope, scopes=serve.readable_scopes(user, g.lang), tables=TABLES, table=table,
        period=period, periods=periods, manifest=document["manifest"] if document else None, groups=groups,
        trend=points, trend_chart=trend_chart(points), countries=COUNTRY_ORDER, problem=problem, L=labels,
        legend=FLAG_LEGEND, formats=FORMATS,
    ), status


@bp.get("/download")
@limiter.limit(DOWNLOAD_LIMIT)
@staff_required(*ROLES)
def download() -> Response:
    user = current_staff()
    assert user is not None
    scope = _scope()
    period = _period()
    fmt = (request.args.get("format") or "")[:16]
    if fmt not in (*FORMATS, "manifest"):
        abort(404)
    try:
        made = build_release(period, scope.slug, "json" if fmt == "manifest" else fmt, g.lang)
    except ReleaseError:
        abort(404)
    serve.audit(user, "stats.download", scope, release=made.manifest.get("release"),
                version=made.manifest.get("version"), format=fmt, locale=g.lang if fmt == "xlsx" else None)
    if fmt == "manifest":
        content = json.dumps(made.manifest, ensure_ascii=False, indent=2, sort_keys=True).encode()
        filename = made.filename.replace(".json", "-manifest.json")
        response = Response(content, content_type="application/json")
    else:
        filename = made.filename
        response = Response(made.content, content_type=made.content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/methodology")
@staff_required(*ROLES)
def methodology() -> Response:
    user = current_staff()
    assert user is not None
    serve.audit(user, "stats.methodology_read", None, format="html", locale=g.lang)
    html = methodology_html(g.lang)
    response = Response(html, content_type="text/html; charset=utf-8")
    # The note is one self-contained document (the same as the PDF's) with its own
    # <style>: allowed by its hash only, no other inline style.
    styles = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()}'"
                      for css in STYLE.findall(html))
    if styles:
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.replace(
            "style-src 'self'", f"style-src 'self' {styles}")
    return response


@bp.get("/methodology.pdf")
@limiter.limit(DOWNLOAD_LIMIT)
@staff_required(*ROLES)
def methodology_as_pdf() -> Response:
    user = current_staff()
    assert user is not None
    serve.audit(user, "stats.methodology_read", None, format="pdf", locale=g.lang)
    response = Response(methodology_pdf(g.lang), content_type="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="methodology-{g.lang}.pdf"'
    return response
