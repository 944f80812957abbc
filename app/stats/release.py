"""The release document: rows under disclosure control, its manifest and its three formats.

The functions a dashboard or an API call:

- `build_release(period, chamber, fmt, locale, preview=False)` → `ReleaseFile`
  (bytes, manifest, content type, file name): the published files as stored;
  with `preview` (command line only), an unpublished period computed now
  (byte-identical for the same data);
- `publish(period, correction=False)`: freeze a quarter or a year (all chambers
  and each chamber, audited together);
- `published_releases(scope)`: the catalogue of published releases;
- `ReleaseError.code`: why a release cannot be given.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.audit.services import record_event
from app.chambers.models import Chamber
from app.clock import utcnow
from app.extensions import db
from app.i18n.catalogs import SUPPORTED_LOCALES, get_translations
from app.stats import texts
from app.stats.aggregate import Tally, sig_of, tally_release
from app.stats.annual import is_year, linked_quarters, linked_scopes, quarters_of
from app.stats.annual import rows_of as annual_rows_of
from app.stats.catalogue import CATALOGUE_VERSION, DIMENSION_COLUMNS, TABLES, TOTAL, Table
from app.stats.disclosure import Linked, Outcome, Settings, grid, protect, publish_count, sig_key, structure
from app.stats.facts import parse_period, quarter_bounds, sync_facts
from app.stats.models import StatsFact, StatsRelease

FORMATS = {"json": "application/json", "csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
ALL = "all"
FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


class ReleaseError(ValueError):
    """A release that cannot be made. `code` (stable, for a page or the API to
    translate and map to a status): unknown_chamber, unknown_format, bad_period,
    no_data, not_published, no_release_for_scope, already_published,
    nothing_to_correct, cannot_protect, quarters_not_published,
    concurrent_publication; with differential privacy: privacy_budget_exceeded,
    dp_unavailable, dp_annual. The message is English, for the command line."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class ReleaseFile:
    content: bytes
    manifest: dict[str, Any]
    content_type: str
    filename: str


@dataclass(frozen=True)
class Computed:
    rows: list[dict[str, Any]]
    tally: Tally
    outcome: Outcome


def settings_from_config(chamber_scope: bool, noise: Any = None) -> Settings:
    """The disclosure settings; `noise`: a publication's differential privacy (`privacy.NoiseSettings`)."""
    config = current_app.config
    return Settings(k=config["STATS_K"], k_other=config["STATS_DOMINANCE_K_OTHER"],
                    rounding_base=config["STATS_ROUNDING_BASE"], dominance=not chamber_scope, dp=noise)


def compute(period: str, chamber_id: int | None, settings: Settings, whole: Computed | None = None,
            previous: dict[str, list[Any]] | None = None, scope: str = "all", floors: bool = False,
            others: Linked | None = None, noised: Tally | None = None) -> Computed:
    """The release's rows, from the database, under every disclosure rule.

    A chamber's release is computed within the all-chambers release of the
    quarter (`whole`, computed here when not given): see `disclosure.protect`.
    A year ("2026") adds up its four published quarters (`app.stats.annual`).
    `others`: at publication, the quarter's other releases (all chambers, the
    other chambers), audited together with this one.
    `noised`: at publication with differential privacy, the quarter's noisy
    counts of all chambers (`privacy.noisy_tally`); a chamber's release takes its own.
    """
    shape = structure(TABLES)
    if chamber_id is not None and whole is None:
        whole = compute(period, None, settings_from_config(chamber_scope=False), floors=True)
    linked = None
    if is_year(period):
        quarters = {}
        for quarter in quarters_of(period):
            stored = published(quarter, scope)
            if stored is not None and stored.manifest["disclosure"].get("dp"):
                raise ReleaseError("dp_annual", f"the annual release of {period} cannot add up quarters published with "
                                                f"differential privacy ({quarter}); add up the published quarters instead")
            if stored is None:
                raise ReleaseError("quarters_not_published",
                                   f"the annual release of {period} needs its four quarters published ({quarter} is not, for {scope})")
            quarters[quarter] = annual_rows_of(stored.json_file)
        linked = linked_quarters(shape, quarters, settings)
        tally = tally_release(quarters_of(period), chamber_id)
    else:
        tally = tally_release(period, chamber_id)
        if noised is not None:
            from app.stats.privacy import chamber_slice  # noqa: PLC0415

            noisy = noised if chamber_id is None else chamber_slice(noised, chamber_id)
            noisy.noisy, noisy.rules_versions = True, tally.rules_versions
            tally = noisy
    within = (whole.tally, whole.outcome) if chamber_id is not None and whole is not None else None
    if others is not None:
        linked = others if linked is None else Linked(
            linked.cells + others.cells, {**linked.bounds, **others.bounds}, linked.equations + others.equations,
            linked.inequalities + others.inequalities, linked.sensitive | others.sensitive)
    outcome = protect(tally, shape, settings, within, previous, linked, floors)
    return Computed(release_rows(tally, outcome, period, settings), tally, outcome)


def cell_counts(computed: Computed) -> dict[str, list[Any]]:
    return {sig_key(sig): [computed.tally.n(sig), computed.outcome.flags.get(sig, "")]
            for sig in structure(TABLES).cells}


def release_rows(tally: Tally, outcome: Outcome, period: str, settings: Settings) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for table in TABLES:
        dims = table.dimensions
        for key in grid(table):
            sig = sig_of(dims, key)
            base = {"table": table.id, "period": period, **dict(zip(dims, key, strict=True))}
            n = tally.n(sig)
            flag = outcome.flags.get(sig, "")
            rows.append({**base, "measure": "count", "value": None if flag else publish_count(n, settings), "flag": flag})
            rows.extend(_derived(table, key, sig, n, flag, tally, outcome, base))
    return rows


def _derived(table: Table, key: tuple[str, ...], sig: Any, n: int, flag: str, tally: Tally, outcome: Outcome,
             base: dict[str, Any]) -> list[dict[str, Any]]:
    if table.kind == "indicators" and table.shares and key[1] != TOTAL:
        whole = sig - {(table.dimension, key[1])}
        if tally.n(whole) == 0:
            return []
        why = flag or (outcome.flags.get(whole, "") and "complementary")
        value = None if why else round(Fraction(100 * n, tally.n(whole)))
        return [{**base, "measure": "share_pct", "value": value, "flag": why}]
    if table.kind == "scores" and key[2] == TOTAL and n and not tally.noisy:  # no mean from noisy counts
        value = None if flag else round(Fraction(tally.score_sums[sig], n))
        return [{**base, "measure": "mean", "value": value, "flag": flag}]
    return []


def _suppressed(outcome: Outcome) -> dict[str, int]:
    counts = dict.fromkeys(("primary", "dominance", "homogeneity", "complementary"), 0)
    for flag in outcome.flags.values():
        counts[flag] += 1
    return counts


def manifest_for(period: str, scope: str, version: int, settings: Settings, computed: Computed) -> dict[str, Any]:
    start, end = (quarter_bounds(f"{period}-Q1")[0], quarter_bounds(f"{period}-Q4")[1]) if is_year(period) else quarter_bounds(period)
    return {
        "release": period,
        "version": version,
        "status": "preview",
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "scope": scope,
        "rules_versions": {"catalogue": CATALOGUE_VERSION, "disclosure": settings.as_manifest()["rules_version"],
                           "readiness_scores": sorted(computed.tally.rules_versions)},
        "disclosure": settings.as_manifest(),
        "tables": [t.id for t in TABLES],
        "suppressed_cells": _suppressed(computed.outcome),
        "unit": ("business-quarter: the sum of the four published quarters (a business counted in two quarters counts twice)"
                 if is_year(period) else "business, once per quarter, latest completed questionnaire with consent.aggregate_stats"),
        "languages": list(SUPPORTED_LOCALES),
    }


# --- formats -----------------------------------------------------------------

def as_json(manifest: dict[str, Any], rows: list[dict[str, Any]]) -> bytes:
    body = json.dumps({"manifest": manifest, "rows": rows}, ensure_ascii=False, separators=(",", ":"))
    return (body + "\n").encode()


def as_csv(rows: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(("table", "period", *DIMENSION_COLUMNS, "measure", "value", "flag"))
    for row in rows:
        writer.writerow((row["table"], row["period"], *(row.get(d, "") for d in DIMENSION_COLUMNS), row["measure"],
                         "" if row["value"] is None else row["value"], row["flag"]))
    return out.getvalue().encode()


def as_xlsx(manifest: dict[str, Any], rows: list[dict[str, Any]], locale: str) -> bytes:
    """A sheet per table, `manifest` and `read_me`; byte-identical for the same input
    (fixed document dates and zip timestamps)."""
    from datetime import datetime  # noqa: PLC0415

    from openpyxl import Workbook  # noqa: PLC0415

    gettext = get_translations(locale).gettext
    book = Workbook()
    book.remove(book.active)
    for table in TABLES:
        sheet = book.create_sheet(table.sheet)
        sheet.append(["table", "period", *table.dimensions, "measure", "value", "flag"])
        for row in rows:
            if row["table"] == table.id:
                sheet.append([row["table"], row["period"], *(row[d] for d in table.dimensions), row["measure"],
                              row["value"], row["flag"]])
    sheet = book.create_sheet("manifest")
    for name, value in manifest.items():
        sheet.append([name, value if isinstance(value, str | int) else json.dumps(value, ensure_ascii=False)])
    sheet = book.create_sheet("read_me")
    for paragraph in texts.READ_ME:
        sheet.append([gettext(paragraph)])
    sheet.append([gettext(texts.COLUMNS_NOTE)])
    dp = manifest.get("disclosure", {}).get("dp")
    if dp:
        sheet.append([gettext(texts.DP_NOTE) % {"epsilon": f"{dp['epsilon']:g}", "sd": dp["noise_std_dev"]}])
    sheet.append([])
    sheet.append(["flag", gettext("Meaning")])
    for flag, meaning in texts.FLAG_LEGEND.items():
        sheet.append([flag, gettext(meaning)])
    fixed = datetime(*FIXED_ZIP_TIME)
    book.properties.created = fixed
    book.properties.modified = fixed
    raw = io.BytesIO()
    book.save(raw)
    return _fixed_zip(raw.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with every entry's timestamp fixed (openpyxl stamps the time of saving)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl writes the time of saving as "modified"
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", data)
            target.writestr(entry, data)
    return out.getvalue()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- building, publishing ------------------------------------------------------

def _scope(chamber: str | None) -> tuple[str, int | None]:
    if chamber is None or chamber == ALL:
        return ALL, None
    found = db.session.execute(select(Chamber.id).where(Chamber.slug == chamber)).scalar()
    if found is None:
        raise ReleaseError("unknown_chamber", f"unknown chamber: {chamber[:64]}")
    return chamber, found


def latest_period(chamber_id: int | None = None) -> str | None:
    query = select(func.max(StatsFact.period))
    if chamber_id is not None:
        query = query.where(StatsFact.chamber_id == chamber_id)
    return db.session.execute(query).scalar()


def latest_published(scope: str = ALL) -> str | None:
    return db.session.execute(select(func.max(StatsRelease.period)).where(StatsRelease.scope == scope)).scalar()


def _check_period(period: str) -> None:
    if is_year(period):
        return
    try:
        parse_period(period)
    except ValueError:
        raise ReleaseError("bad_period", f"not a quarter or a year (expected e.g. 2026-Q4 or 2026): {period[:20]}") from None


def published(period: str, scope: str = ALL) -> StatsRelease | None:
    """The latest published version of the release, if any."""
    return db.session.execute(
        select(StatsRelease).where(StatsRelease.period == period, StatsRelease.scope == scope)
        .order_by(StatsRelease.version.desc()).limit(1)
    ).scalar()


def _files(manifest: dict[str, Any], rows: list[dict[str, Any]]) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Every format's file; a published manifest lists their SHA-256 (the JSON
    file, which holds the manifest, is listed by the SHA-256 of its rows)."""
    files = {"csv": as_csv(rows)}
    digests = {"rows": sha256(json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode()),
               "csv": sha256(files["csv"])}
    if manifest["status"] == "published":
        for locale in SUPPORTED_LOCALES:
            files[f"xlsx_{locale}"] = as_xlsx({**manifest, "sha256": digests}, rows, locale)
        digests.update({f"xlsx_{locale}": sha256(files[f"xlsx_{locale}"]) for locale in SUPPORTED_LOCALES})
        manifest = {**manifest, "sha256": digests}
    files["json"] = as_json(manifest, rows)
    return manifest, files


def build_release(period: str | None = None, chamber: str | None = None, fmt: str = "json",
                  locale: str = "en", *, preview: bool = False) -> ReleaseFile:
    """The release of `period` (default: the latest quarter with data) for all
    chambers or one chamber's slug, in `fmt`; published files as stored.

    An unpublished quarter is refused unless `preview` (the command line, for
    the people who publish): previews taken day after day could be differenced,
    so officials and chambers only ever get published, frozen releases.
    """
    if fmt not in FORMATS:
        raise ReleaseError("unknown_format", f"unknown format: {fmt[:20]}")
    if locale not in SUPPORTED_LOCALES:
        locale = "en"
    scope, chamber_id = _scope(chamber)
    if period is None and preview:
        sync_facts()
        period = latest_period(chamber_id)
        if period is None:
            raise ReleaseError("no_data", "no completed questionnaire counts yet")
    elif period is None:
        period = latest_published(scope)
        if period is None:
            raise ReleaseError("not_published", "no release is published yet")
    _check_period(period)
    stored = published(period, scope)
    if stored is None and published(period, ALL) is not None:
        raise ReleaseError("no_release_for_scope", f"no release of {period} for {scope}")  # a chamber made after publication
    if stored is not None:
        column = {"json": "json_file", "csv": "csv_file", "xlsx": f"xlsx_{locale}"}[fmt]
        content = getattr(stored, column)
        return ReleaseFile(content, stored.manifest, FORMATS[fmt], _filename(period, scope, stored.version, fmt, locale))
    if not preview:
        raise ReleaseError("not_published", f"{period} is not published yet")
    sync_facts()
    settings = settings_from_config(chamber_id is not None)
    computed = compute(period, chamber_id, settings, scope=scope)
    manifest = manifest_for(period, scope, 1, settings, computed)
    content = as_xlsx(manifest, computed.rows, locale) if fmt == "xlsx" else _files(manifest, computed.rows)[1][fmt]
    return ReleaseFile(content, manifest, FORMATS[fmt], _filename(period, scope, 1, fmt, locale))


def _filename(period: str, scope: str, version: int, fmt: str, locale: str) -> str:
    suffix = f"-{locale}" if fmt == "xlsx" else ""
    return f"release-{period}-{scope}-v{version}{suffix}.{fmt}"


def publish(period: str, *, correction: bool = False) -> list[StatsRelease]:
    """Freeze the quarter: the all-chambers release and each chamber's, stored as published.

    A quarter is published once; `correction` publishes a new version of a
    published quarter (the published versions stay), computed with the previous
    version's cells as known (see `disclosure.protect`).
    """
    _check_period(period)
    sync_facts()
    latest = published(period, ALL)
    if latest is not None and not correction:
        raise ReleaseError("already_published", f"{period} is already published; a published release never changes (a correction is a new version)")
    if latest is None and correction:
        raise ReleaseError("nothing_to_correct", f"{period} is not published: there is nothing to correct")
    version = 1 if latest is None else latest.version + 1
    chambers = db.session.execute(select(Chamber.slug, Chamber.id).order_by(Chamber.slug)).all()
    periods = quarters_of(period) if is_year(period) else (period,)
    with_data = {slug for (slug,) in db.session.execute(
        select(Chamber.slug).join(StatsFact, StatsFact.chamber_id == Chamber.id).where(StatsFact.period.in_(periods)).distinct()
    )}
    if is_year(period):  # chambers with all four quarters published
        chambers = [c for c in chambers if all(published(q, c.slug) for q in quarters_of(period))]
    # Every release of the quarter is audited as one system, up to a number of
    # chambers (the linear programs grow with it); beyond, each chamber's release
    # is audited within the all-chambers one only, and its manifest says so.
    joint = len(with_data) <= current_app.config["STATS_JOINT_AUDIT_MAX_CHAMBERS"]
    now = utcnow().replace(microsecond=0)
    noise, noised, budget = _privacy(period, version, now)
    made = []
    corrections: dict[str, dict[str, list[str]]] = {}
    whole = None
    done: dict[str, list[dict[str, Any]]] = {}
    for scope, chamber_id in [(ALL, None), *chambers]:
        before = published(period, scope)
        settings = settings_from_config(chamber_id is not None, noise)
        others = None
        if whole is not None and joint and scope in with_data:
            pending = sorted(slug for slug in with_data if slug != scope and slug not in done)
            others = linked_scopes(structure(TABLES), whole.rows, dict(done), pending, settings)
        try:
            computed = compute(period, chamber_id, settings, whole, before.cell_counts if before else None, scope,
                               floors=chamber_id is None, others=others, noised=noised)
        except RuntimeError as error:  # a hidden cell that nothing left to hide can protect: publish nothing
            db.session.rollback()
            raise ReleaseError("cannot_protect", f"{period} cannot be published safely ({scope}): {error}") from None
        if whole is None:
            whole = computed
        elif scope in with_data:
            done[scope] = computed.rows
        extra: dict[str, Any] = {"audited_with": "every release of the period" if joint else "the all-chambers release"}
        if before is not None:
            corrections[scope] = changes(annual_rows_of(before.json_file), computed.rows)
            extra |= {"corrects_version": before.version,
                      "changes_from_previous": {k: len(v) for k, v in corrections[scope].items()}}
        if budget is not None:
            extra["privacy_budget"] = budget
        made.append(_stored(period, scope, version, settings, computed, now, extra))
    record_event("stats.release_corrected" if correction else "stats.release_published", target=("stats_release", period),
                 details={"version": version, "scopes": len(made), "dp_epsilon": noise.epsilon if noise else None,
                          **({"changes": _capped(corrections)} if correction else {})})
    try:
        db.session.commit()
    except IntegrityError:  # another publication of the period, or of the year's budget, committed first
        db.session.rollback()
        raise ReleaseError("concurrent_publication", f"{period} was being published at the same time; "
                                                     "nothing was published: try again") from None
    return made


def _stored(period: str, scope: str, version: int, settings: Settings, computed: Computed, now: Any,
            extra: dict[str, Any]) -> StatsRelease:
    """The published release, with its files, added to the session."""
    manifest = {**manifest_for(period, scope, version, settings, computed), "status": "published",
                "published_at": now.isoformat().replace("+00:00", "Z"), **extra}
    manifest, files = _files(manifest, computed.rows)
    release = StatsRelease(period=period, scope=scope, version=version, published_at=now, manifest=manifest,
                           cell_counts=cell_counts(computed), json_file=files["json"], csv_file=files["csv"],
                           xlsx_en=files["xlsx_en"], xlsx_es=files["xlsx_es"], xlsx_fr=files["xlsx_fr"])
    db.session.add(release)
    return release


def _row_key(row: dict[str, Any]) -> str:
    dims = [f"{d}={row[d]}" for d in DIMENSION_COLUMNS if d in row]
    return "|".join([row["table"], *dims, row["measure"]])


def changes(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> dict[str, list[str]]:
    """What a correction changed against the previous version, row by row (table|dimensions|measure)."""
    old = {_row_key(r): r for r in before}
    new = {_row_key(r): r for r in after}
    found: dict[str, list[str]] = {"value_changed": [], "newly_suppressed": [], "newly_published": [],
                                   "rows_added": sorted(new.keys() - old.keys()), "rows_removed": sorted(old.keys() - new.keys())}
    for key in sorted(old.keys() & new.keys()):
        was, now = old[key]["value"], new[key]["value"]
        if was is not None and now is None:
            found["newly_suppressed"].append(key)
        elif was is None and now is not None:
            found["newly_published"].append(key)
        elif was != now:
            found["value_changed"].append(key)
    return found


def _capped(corrections: dict[str, dict[str, list[str]]], cap: int = 200) -> dict[str, Any]:
    """The all-chambers release's changed rows (up to `cap` of each kind) and every release's counts, for the audit log."""
    whole = corrections.get(ALL, {})
    return {"all": {kind: rows[:cap] for kind, rows in whole.items()},
            "counts": {scope: {kind: len(rows) for kind, rows in found.items()} for scope, found in corrections.items()}}


def _privacy(period: str, version: int, now: Any) -> tuple[Any, Tally | None, dict[str, Any] | None]:
    """With differential privacy on: the noise settings, the quarter's noisy
    counts of every chamber, and the budget state after this publication's spend
    (added to the session, committed with the releases); (None, None, None) when off."""
    from app.stats import privacy  # noqa: PLC0415

    if not privacy.enabled():
        return None, None, None
    if is_year(period):
        raise ReleaseError("dp_annual", f"the annual release of {period} is not published while differential privacy is on; "
                                        "add up the published quarters instead")
    try:
        noise = privacy.noise_settings()
        budget = privacy.charge(period, version, noise.epsilon, now)
    except privacy.PrivacyUnavailable as error:
        raise ReleaseError("dp_unavailable", str(error)) from None
    except privacy.BudgetExceeded as error:
        db.session.rollback()
        raise ReleaseError("privacy_budget_exceeded", f"{period}: {error}") from None
    chambers = list(db.session.execute(select(Chamber.id).order_by(Chamber.id)).scalars())
    noised = privacy.noisy_tally(tally_release(period, None), chambers, lambda values: privacy.laplace(values, noise),
                                current_app.config["STATS_K"])
    return noise, noised, budget


def published_releases(scope: str | None = None) -> list[dict[str, Any]]:
    """The catalogue of published releases (newest first), for a dashboard or the API."""
    query = select(StatsRelease.period, StatsRelease.scope, StatsRelease.version, StatsRelease.published_at,
                   StatsRelease.manifest)
    if scope is not None:
        query = query.where(StatsRelease.scope == scope)
    rows = db.session.execute(query.order_by(StatsRelease.period.desc(), StatsRelease.scope, StatsRelease.version))
    return [{"release": r.period, "scope": r.scope, "version": r.version,
             "published_at": r.manifest.get("published_at"), "sha256": r.manifest.get("sha256", {})} for r in rows]
