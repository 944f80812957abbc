"""Deterministic parser of HTSUS General Note 11(o), the USMCA product-specific rules of origin.

    python -m app.rules_engine.origin_rules.gn11 build     # writes rules/origin_rules/usmca_gn11.json
    python -m app.rules_engine.origin_rules.gn11 check     # fails if the file is not what the PDF gives

The PDF (`rules/sources/`, listed with its SHA-256 in `rules/sources/MANIFEST.yaml`) is turned
into text by `pdftotext -layout` (poppler-utils); nothing in the table is typed by hand. The
grammar reads the note's own sentences ("A change to headings 0101 through 0106 from any other
chapter, except from ...; or", "No change in tariff classification ..., provided there is a
regional value content of not less than: ... 60 percent where the transaction value method is
used ..."). An alternative the grammar cannot read completely keeps `parse_status: review` and
its verbatim text; `rules/origin_rules/reviewed.yaml` gives the hand-structured form of such
alternatives (each entry beside its verbatim text, which must match the PDF exactly, or the
build fails).
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[3] / "rules"
SOURCE_DIR = ROOT / "sources"
OUT = ROOT / "origin_rules" / "usmca_gn11.json"
REVIEWED = ROOT / "origin_rules" / "reviewed.yaml"
PDF_NAME = "hts-2025-rev7-general-note-11.pdf"

_HEADER = re.compile(
    r"^\s*(Harmonized Tariff Schedule of the United States.*|Annotated for Statistical Reporting Purposes|GN p\.\d+|USMCA)\s*$"
)
_CHAPTER = re.compile(r"^Chapter (\d{1,2})$")
_NOTE = re.compile(r"^(Chapter|Heading|Subheading|Tariff item) [Rr]ule(?: (\d+))?:\s*(.*)$")
_NUMBERED = re.compile(r"^\.?(\d{1,3})(?:[.,]\s+|\s{2,})(.*)$")
_ALT_UPPER = re.compile(r"(?:^|\n)\s*\(([A-Z])\)\s*")
_ALT_LOWER = re.compile(r"(?:^|\n)\s*\(([a-z])\)\s+")
_CODE = r"\d{4}(?:\.\d{2}(?:\.\d{2})?)?"
_MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
_DATE = r"(January|February|March|April|May|June|July|August|September|October|November|December) (\d{1,2}), (\d{4})"

LEVELS = {"chapter": "CC", "heading": "CTH", "subheading": "CTSH", "tariff item": "CTI"}


# ---------------------------------------------------------------------------------------------
# text


def pdf_text(pdf: Path) -> str:
    """The note's text as `pdftotext -layout` gives it (deterministic for one poppler version)."""
    return subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


def section_o_lines(text: str) -> list[str]:
    """The lines of subdivision (o), without page headers, stripped, blank lines kept as ''."""
    lines = text.splitlines()
    start = next(i for i, ln in enumerate(lines) if re.match(r"^\s*\(o\)\s+Change in tariff classification rules", ln))
    end = next(i for i, ln in enumerate(lines) if i > start and re.match(r"^\s*\(p\)\s+Goods that shall be deemed", ln))
    out = []
    for line in lines[start + 1 : end]:
        if _HEADER.match(line):
            continue
        out.append(line.replace("\f", "").strip())
    return out


def _clean(text: str) -> str:
    """One paragraph: lines joined by single spaces (the verbatim text, without layout)."""
    return re.sub(r"\s+", " ", text).strip()


# ---------------------------------------------------------------------------------------------
# blocks: chapter headers, notes, numbered rules


def blocks(lines: list[str]) -> list[dict[str, Any]]:
    """Split subdivision (o) into chapters, notes and numbered rules, in document order."""
    found: list[dict[str, Any]] = []
    chapter = 0
    expected = 1
    current: dict[str, Any] | None = None
    for line in lines:
        m = _CHAPTER.match(line)
        if m and (chapter == 0 or chapter < int(m.group(1)) <= chapter + 2):  # there is no chapter 77
            chapter = int(m.group(1))
            expected = 1
            current = None
            found.append({"kind": "chapter", "chapter": chapter})
            continue
        m = _NOTE.match(line)
        if m:
            current = {
                "kind": "note",
                "chapter": chapter,
                "note_kind": m.group(1).lower(),
                "number": m.group(2),
                "lines": [m.group(3)],
            }
            found.append(current)
            continue
        m = _NUMBERED.match(line)
        if (
            m
            and int(m.group(1)) == expected
            and re.match(
                r"(\(A\)\s*)?(A change|No change|A good of|No required change|Achange|For |Production of)", m.group(2)
            )
        ):
            expected += 1
            current = {"kind": "rule", "chapter": chapter, "number": int(m.group(1)), "lines": [m.group(2)]}
            found.append(current)
            continue
        if current is not None:
            current["lines"].append(line)
        elif line:
            raise ValueError(f"text outside any block in chapter {chapter}: {line!r}")
    return found


# ---------------------------------------------------------------------------------------------
# grammar of one alternative


def _codes(text: str) -> list[list[str]]:
    """Codes and ranges in a list such as 'headings 7208 through 7229 or 7301 through 7326, 7308'."""
    found: list[list[str]] = []
    for m in re.finditer(rf"({_CODE})(?:\s+through\s+({_CODE}))?", text):
        found.append([m.group(1), m.group(2) or m.group(1)])
    return found


def _kind_codes(text: str) -> list[dict[str, Any]]:
    """'headings 5106 through 5113, chapter 54 or tariff item 1901.90.32' → typed code ranges."""
    out = []
    kind = None
    for m in re.finditer(
        rf"(chapters?|headings?|subheadings?|tariff items?)\s+|\b({_CODE}|\d{{1,2}})\b(?:\s+through\s+({_CODE}|\d{{1,2}})\b)?",
        text,
    ):
        if m.group(1):
            kind = m.group(1).rstrip("s").replace("tariff item", "tariff_item")
            continue
        if kind is None:
            continue
        start, stop = m.group(2), m.group(3) or m.group(2)
        if kind == "chapter" and not re.fullmatch(r"\d{1,2}", start):
            continue
        if kind != "chapter" and re.fullmatch(r"\d{1,2}", start):
            continue
        out.append({"level": kind, "from": start, "to": stop})
    return out


_TARGET = re.compile(
    rf"^A change to (?P<qual>[^:;]+? of )?(?P<kind>headings?|subheadings?|tariff items?) "
    rf"(?P<codes>{_CODE}(?:(?:,? (?:or |and |through )?|, ){_CODE})*) from (?P<rest>.*)$",
    re.S,
)
_NOCHANGE = re.compile(
    rf"^No change in tariff classification (?:is )?required (?:for|to) (?:a good of )?(?P<kind>headings?|subheadings?|tariff items?) "
    rf"(?P<codes>{_CODE}(?:(?:,? (?:or |and |through )?|, ){_CODE})*)|"
    rf"^No change in tariff classification to (?P<qual>[^:;]+? of )?(?P<kind2>headings?|subheadings?|tariff items?) "
    rf"(?P<codes2>{_CODE}(?:(?:,? (?:or |and |through )?|, ){_CODE})*)",
    re.S,
)
_FROM_ANY = re.compile(
    r"^any other (?P<lvl>chapter|heading|subheading|tariff item)"
    r"(?P<within>, including (?:another|any other) (?:chapter|heading|subheading|tariff item) within that group)?"
)
_RVC_TV = re.compile(r"(\d+(?:\.\d+)?) percent (?:where|when|under) the transaction value(?: method)?")
_RVC_NC = re.compile(r"(\d+(?:\.\d+)?) percent (?:where|when|under) the net cost(?: method)?")


_CODE_WORDS = re.compile(
    rf"\b(?:chapters?|headings?|subheadings?|tariff items?|{_CODE}|\d{{1,2}}|through|or|and|from)\b|[,;]"
)


def _groups(text: str) -> tuple[list[list[dict[str, Any]]], bool]:
    """'more than one of the following: (A) subheadings 8413.50 through 8413.60, (B) ...' → the
    groups of codes (a change is refused when non-originating materials come from more than one)."""
    body = re.sub(r"^more than one of the following:?\s*", "", text)
    body = re.sub(r"\[Compiler's note:[^\]]*\]\s*", "", body)
    items = [i for i in re.split(r"(?:^|\s)\(?(?:[A-Z]|\d)\)\s*", body) if i.strip(" ,;")]
    groups = [_kind_codes(i) for i in items]
    ok = len(groups) >= 2 and all(groups) and all(_only_codes(i) for i in items)
    return groups, ok


def _only_codes(text: str) -> bool:
    """True when the text is nothing but code lists ('headings 5106 through 5113, chapter 54 or ...')."""
    return not _CODE_WORDS.sub(" ", text).strip(" .")


_WITHIN = re.compile(
    r"^(?:(?:any other good )?within (?:that|those|these) (?:subheadings?|headings?|tariff items?),? (?:or )?)?"
    r"(?:any other (?:good|subheading|heading) within (?:that|those|these) (?:subheadings?|headings?|group),? (?:or )?)*"
    r"any other (chapter|heading|subheading|tariff item)(?:, including (?:another|any other) (?:heading|subheading) within that group)?$"
)


def parse_from(text: str) -> tuple[dict[str, Any], bool]:
    """The 'from ...' clause of a tariff shift → (machine form, read completely)."""
    fa = _FROM_ANY.match(text)
    if fa and fa.end() == len(text):
        shift: dict[str, Any] = {"level": LEVELS[fa.group("lvl")], "from": "any_other"}
        if fa.group("within"):
            shift["within_group"] = True
        return shift, True
    m = re.fullmatch(r"any (heading|subheading) outside that group", text)
    if m:
        return {"level": LEVELS[m.group(1)], "from": "outside_group"}, True
    m = re.fullmatch(rf"any other (heading|subheading) within (chapter|heading) ({_CODE}|\d{{1,2}})", text)
    if m:
        return {
            "level": LEVELS[m.group(1)],
            "from": "any_other",
            "within": {"level": m.group(2), "code": m.group(3)},
        }, True
    m = re.fullmatch(
        rf"any other good (?:of|within) (?:that (?:sub)?heading|(?:sub)?headings? {_CODE})"
        r",? or (?:from )?any other (chapter|heading|subheading|tariff item)",
        text,
    )
    if m:
        return {"level": LEVELS[m.group(1)], "from": "any_other", "also_within_target": text}, True
    m = _WITHIN.match(text)
    if m and "within" in text:
        return {"level": LEVELS[m.group(1)], "from": "any_other", "also_within_target": text}, True
    tail = re.search(r",? or (?:from )?any other (chapter|heading|subheading|tariff item)$", text)
    head = text[: tail.start()] if tail else text
    shift = {"level": "specific", "from": _kind_codes(head)}
    if tail:
        shift["or_any_other"] = LEVELS[tail.group(1)]
    readable = bool(shift["from"]) and _only_codes(head)
    if not readable:
        shift["from_text"] = text
    return shift, readable


def _strip_end(text: str) -> str:
    text = text.strip()
    text = re.sub(r"[;,]?\s*or$", "", text).strip()
    return text.rstrip(".;").strip()


def _split_clauses(rest: str) -> tuple[str, str | None, str | None, str | None]:
    """'from' part → (from text, except text, 'whether or not' text, 'provided' text)."""
    provided = None
    m = re.search(r",?\s*provided (?:that |there is )?", rest)
    if m:
        provided = rest[m.start() :].lstrip(", ").strip()
        rest = rest[: m.start()]
    whether = None
    m = re.search(r",?\s*whether or not ", rest)
    if m:
        whether = rest[m.start() :].lstrip(", ").strip()
        rest = rest[: m.start()]
    exc = None
    m = re.search(r",?\s*except from ", rest)
    if m:
        exc = rest[m.end() :].strip()
        rest = rest[: m.start()]
    return rest.strip(), exc, whether, provided


def _rvc(provided: str) -> dict[str, Any] | None:
    if "regional value content" not in provided:
        return None
    tv = _RVC_TV.search(provided)
    nc = _RVC_NC.search(provided)
    if not tv and not nc:
        return None
    return {"transaction_value": float(tv.group(1)) if tv else None, "net_cost": float(nc.group(1)) if nc else None}


def _num(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == int(value) else value


def parse_alternative(text: str) -> dict[str, Any]:
    """The machine form of one alternative; `parse_status` 'auto' only when every clause was read."""
    alt = _parse_alternative(text)
    for method in ("transaction value", "net cost"):
        if len(re.findall(rf"percent (?:where|when|under) the {method}", alt["text"])) > 1:
            # the note repeats a method (73.05-73.07 from 2023: "(i) 75 percent ... transaction value"
            # twice): not read automatically
            alt["parse_status"] = "review"
            alt["anomaly"] = f"the {method} method is named more than once"
    return alt


_RVC_ITEM = re.compile(
    r"\(?\w{1,3}\)?\s*\d+(?:\.\d+)? percent (?:where|when|under) the (?:transaction value|net cost)(?: method)?"
    r"(?: is used)?[.;]?\s*(?:or)?\s*"
)


def _rvc_rest(provided: str) -> str:
    """What a 'provided there is a regional value content ...' clause says beyond its thresholds."""
    rest = re.sub(r"^,?\s*provided there is a regional value content of not less than:?\s*", "", provided.strip())
    return _RVC_ITEM.sub("", rest).strip(" .;,")


def _target(kind: str, codes: str, qual: str | None) -> dict[str, Any]:
    target: dict[str, Any] = {"level": kind.rstrip("s").replace("tariff item", "tariff_item"), "codes": _codes(codes)}
    if qual and qual not in ("a good of ", "any good of "):
        target["goods"] = qual[: -len(" of ")].rstrip(", ")
    return target


def _parse_change(alt: dict[str, Any], m: re.Match[str]) -> dict[str, Any]:
    """'A change to ... from ...[, except from ...][, whether or not ...][, provided ...]'."""
    alt["to"] = _target(m.group("kind"), m.group("codes"), m.group("qual"))
    from_text, exc, whether, provided = _split_clauses(m.group("rest"))
    shift, readable = parse_from(from_text)
    if exc is not None and exc.startswith("more than one of the following"):
        groups, group_ok = _groups(exc)
        shift["except_more_than_one_of"] = groups
        readable = readable and group_ok
    elif exc is not None:
        shift["except"] = _kind_codes(exc)
        readable = readable and bool(shift["except"]) and _only_codes(exc)
    if whether is not None:
        shift["whether_or_not"] = whether
    alt["tariff_shift"] = shift
    if provided is not None:
        rvc = _rvc(provided)
        if rvc is not None:
            alt["rvc"] = {k: _num(v) for k, v in rvc.items()}
        if rvc is None or _rvc_rest(provided):
            alt["conditions"] = provided
            readable = readable and rvc is None
    if readable:
        alt["parse_status"] = "auto" if "conditions" not in alt else "auto_with_conditions"
    return alt


def _parse_alternative(text: str) -> dict[str, Any]:
    verbatim = _clean(text)
    body = _strip_end(verbatim)
    # typos of the note, read as meant and kept verbatim in `text`
    body = re.sub(r"^Achange\b", "A change", body)
    body = body.replace("includinganother", "including another").replace("ofsubheading", "of subheading")
    body = re.sub(r"\bthrough(\d)", r"through \1", body)
    body = re.sub(r"^No required change in tariff classification", "No change in tariff classification", body)
    alt: dict[str, Any] = {"text": verbatim, "parse_status": "review"}
    m = _TARGET.match(body)
    if m:
        return _parse_change(alt, m)
    m = _NOCHANGE.match(body)
    if m:
        alt["to"] = _target(m.group("kind") or m.group("kind2"), m.group("codes") or m.group("codes2"), m.group("qual"))
        alt["tariff_shift"] = {"level": "none"}
        rest = body[m.end() :]
        rvc = _rvc(rest)
        if rvc is not None:
            alt["rvc"] = {k: _num(v) for k, v in rvc.items()}
            if _rvc_rest(rest):
                alt["conditions"] = rest.strip(" ,")
            else:
                alt["parse_status"] = "auto"
    return alt


def split_intro(text: str) -> tuple[str | None, str]:
    """'For a good of subheadings 8407.31 through 8407.34 for use in a heavy truck: (A) ...' →
    (the intro that limits the rule to some goods, the rest)."""
    m = re.match(r"(For [^:]{5,400}:)\s*(?=\(A\))", text)
    if m:
        return _clean(m.group(1)), text[m.end() :]
    return None, text


@dataclass(frozen=True)
class _Mark:
    """Where an alternative's letter starts and its text begins (as a regex match gives them)."""

    begin: int
    stop: int

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.stop


def split_alternatives(text: str, lower: bool = False) -> list[str]:
    """'(A) ... ; or (B) ...' → the alternatives' texts (one when there are no letters)."""
    pattern = _ALT_LOWER if lower else _ALT_UPPER
    marks = list(pattern.finditer(text))
    letters = [m.group(1) for m in marks]
    first = "a" if lower else "A"
    if not marks or letters[0] != first or text[: marks[0].start()].strip():
        return [text]
    # keep only the letters in sequence (A, B, C...), other (X) are inside the text
    seq, want = [], ord(first)
    for m in marks:
        if ord(m.group(1)) == want:
            seq.append(m)
            want += 1
    # the note sometimes drops the opening parenthesis of the last letter ("...; or C) A change
    # to ...", 48.5 and 73.dated.16): taken only when it is the next letter and opens a sentence
    bare = re.compile(rf";\s*(?:or\s+)?({chr(want)})\)\s+(?=A change|No change)")
    loose = bare.search(text, seq[-1].end())
    if loose:
        seq.append(_Mark(loose.start(1), loose.end()))
    parts = []
    for i, m in enumerate(seq):
        stop = seq[i + 1].start() if i + 1 < len(seq) else len(text)
        parts.append(text[m.end() : stop])
    return parts


# ---------------------------------------------------------------------------------------------
# rules


def _fallback_target(text: str) -> list[dict[str, Any]]:
    """The goods a rule is for, when the grammar could not read its first alternative: the first
    'of/within subheading(s) X [through Y]' it names (its alternatives stay `review`)."""
    m = re.search(
        rf"(?:of|within) (headings?|subheadings?|tariff items?) ({_CODE})(?: through ({_CODE}))?", _clean(text)
    )
    if m:
        level = m.group(1).rstrip("s").replace("tariff item", "tariff_item")
        return [{"level": level, "from": m.group(2), "to": m.group(3) or m.group(2)}]
    m = re.search(r"of (\d{4}\.\d{2})\b", _clean(text))
    return [{"level": "subheading", "from": m.group(1), "to": m.group(1)}] if m else []


def _window(note: str) -> tuple[str | None, str | None]:
    m = re.search(rf"Beginning on {_DATE}(?:,)? (?:until|through) {_DATE}", note)
    if m:
        start = date(int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2)))
        end = date(int(m.group(6)), _MONTHS[m.group(4).lower()], int(m.group(5)))
        # Windows are half-open [valid_from, valid_until). "until July 1, 2025" is followed in the note
        # by "Beginning on July 1, 2025": the stated day is the first day of the next rule. "until
        # June 30, 2023" names the last day in force (a month's last day): the window ends the day after.
        if (end + timedelta(days=1)).day == 1:
            end = end + timedelta(days=1)
        return start.isoformat(), end.isoformat()
    m = re.search(rf"Beginning on {_DATE},? and thereafter", note)
    if m:
        return date(int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2))).isoformat(), None
    return None, None


def _underscored(note: str) -> list[int] | None:
    m = re.search(r"underscoring of the designations in subdivisions? (\d+)(?: through (\d+))?", note)
    if not m:
        return None
    start = int(m.group(1))
    return list(range(start, int(m.group(2) or start) + 1))


_TRADE = re.compile(
    r"For the purposes of (trade between the territory of (?:Mexico|Canada) and the territory of the United States|all other trade)"
    r" of (?:goods of )?(.*?),? the following rules? of origin appl(?:y|ies):"
)


def _trade_rules(ch: int, note: str, already: int) -> list[dict[str, Any]]:
    """Rules written inside a note for one pair of countries ('For the purposes of trade between the
    territory of Mexico and the territory of the United States of goods of ...') and for all other trade."""
    flat = note
    marks = list(_TRADE.finditer(_clean(flat)))
    if not marks:
        return []
    clean = _clean(flat)
    out = []
    for i, m in enumerate(marks):
        stop = marks[i + 1].start() if i + 1 < len(marks) else len(clean)
        rest = clean[m.end() : stop].strip()
        # the note may go on after the rule with text of its own ("Such apparel goods ..."): the
        # alternatives are the lettered paragraphs, split on " (a) ", " (b) " in the flat text
        parts = [p for p in re.split(r"(?:^|\s)\([a-z]\)\s+", rest) if p.strip()]
        alts = [parse_alternative(p) for p in parts]
        out.append(
            {
                "chapter": ch,
                "id": f"{ch:02d}.trade.{already + len(out) + 1}",
                "subdivision": None,
                "valid_from": None,
                "valid_until": None,
                "trade_scope": ("MX-US" if "Mexico" in m.group(1) else "CA-US")
                if m.group(1).startswith("trade between")
                else "other",
                "applies_to": _kind_codes(m.group(2)),
                "goods_condition": _clean(m.group(0)),
                "text": rest,
                "alternatives": alts,
            }
        )
    return out


def _dated_rule(ch: int, body: str, start: str, until: str | None, number: int) -> dict[str, Any]:
    """'Subheading rule: Beginning on July 1, 2025, and thereafter, the following rules ... apply to ...: (a) ...'."""
    head, _, rest = body.partition(":\n") if ":\n" in body else body.partition(": ")
    head_clean = _clean(head)
    applies = re.search(r"shall apply to (.*)$", head_clean)
    return {
        "chapter": ch,
        "id": f"{ch:02d}.dated.{number}",
        "subdivision": None,
        "valid_from": start,
        "valid_until": until,
        "heading_text": head_clean + ":",
        "applies_to": _kind_codes(applies.group(1)) if applies else [],
        "text": _clean(rest),
        "alternatives": [parse_alternative(p) for p in split_alternatives(rest, lower=True)],
    }


def _note(block: dict[str, Any], verbatim: str) -> dict[str, Any]:
    note = {
        "kind": block["note_kind"],
        "number": int(block["number"]) if block["number"] else None,
        "text": verbatim,
    }
    sub = _underscored(verbatim)
    if sub:
        note["automotive_subdivisions"] = sub
    if "motor vehicle of chapter 87" in verbatim or "automotive appendix" in verbatim:
        note["automotive"] = True
    return note


def _applies_to(intro: str | None, alts: list[dict[str, Any]], first: str) -> list[dict[str, Any]]:
    """The goods a numbered rule is for: from its intro ('For a good of ...:'), else every alternative's."""
    if intro is not None:
        m = re.match(r"For .*? of ((?:headings?|subheadings?|tariff items?) .*?)(?: (?:for use|used) in .*)?:$", intro)
        codes = _kind_codes(m.group(1)) if m else []
        # "headings 8407.31 through 8407.34" (sic) names subheadings
        return [
            {
                "level": "subheading" if c["level"] == "heading" and "." in c["from"] else c["level"],
                "from": c["from"],
                "to": c["to"],
            }
            for c in codes
        ]
    applies: list[dict[str, Any]] = []
    # (A) may be for some goods of a subheading, (B) for the rest of its heading
    for alt in alts:
        for a, b in (alt.get("to") or {}).get("codes", []):
            item = {"level": alt["to"]["level"], "from": a, "to": b}
            if item not in applies:
                applies.append(item)
    return applies or _fallback_target(first)


def _numbered_rule(ch: int, number: int, body: str) -> dict[str, Any]:
    intro, rest = split_intro(body)
    parts = split_alternatives(rest)
    alts = [parse_alternative(p) for p in parts]
    return {
        "chapter": ch,
        "id": f"{ch:02d}.{number}",
        "subdivision": number,
        "valid_from": None,
        "valid_until": None,
        "applies_to": _applies_to(intro, alts, parts[0]),
        "goods_condition": intro,
        "text": _clean(body),
        "alternatives": alts,
    }


def _finish(rule: dict[str, Any], automotive_subdivisions: set[tuple[int, int]]) -> None:
    rule["automotive"] = bool(
        (rule["chapter"], rule["subdivision"]) in automotive_subdivisions
        or "automotive appendix" in rule["text"]
        or (rule["chapter"] == 87 and any(r["from"][:4] <= "8708" for r in rule["applies_to"]))
    )
    statuses = {a["parse_status"] for a in rule["alternatives"]}
    if statuses <= {"auto"}:
        rule["parse_status"] = "auto"
    elif statuses <= {"auto", "auto_with_conditions"}:
        rule["parse_status"] = "auto_with_conditions"
    else:
        rule["parse_status"] = "review"


def build_rules(text: str) -> dict[str, Any]:
    chapters: dict[int, dict[str, Any]] = {}
    rules: list[dict[str, Any]] = []
    automotive_subdivisions: set[tuple[int, int]] = set()
    for block in blocks(section_o_lines(text)):
        ch = block["chapter"]
        if block["kind"] == "chapter":
            chapters[ch] = {"chapter": ch, "notes": []}
            continue
        body = "\n".join(block["lines"]).strip()
        if block["kind"] == "rule":
            rules.append(_numbered_rule(ch, block["number"], body))
            continue
        verbatim = _clean(body)
        start, until = _window(verbatim)
        if start is not None and re.search(r"rules? of origin shall apply to", verbatim):
            number = len([r for r in rules if r["chapter"] == ch and r["valid_from"]]) + 1
            rules.append(_dated_rule(ch, body, start, until, number))
            continue
        note = _note(block, verbatim)
        automotive_subdivisions.update((ch, n) for n in note.get("automotive_subdivisions", []))
        chapters[ch]["notes"].append(note)
        rules.extend(_trade_rules(ch, body, len([r for r in rules if r["chapter"] == ch and "trade_scope" in r])))
    for rule in rules:
        _finish(rule, automotive_subdivisions)
    return {"chapters": [chapters[c] for c in sorted(chapters)], "rules": rules}


def apply_reviewed(data: dict[str, Any], reviewed: list[dict[str, Any]]) -> None:
    """Put the hand-structured alternatives in place; their verbatim text must be the PDF's."""
    by_id = {r["id"]: r for r in data["rules"]}
    for entry in reviewed:
        rule = by_id.get(entry["rule"])
        if rule is None:
            raise ValueError(f"reviewed.yaml: no rule {entry['rule']!r}")
        index = entry["alternative"]
        alt = rule["alternatives"][index]
        if _clean(entry["text"]) != alt["text"]:
            raise ValueError(f"reviewed.yaml: the text of {entry['rule']} alternative {index} is not the PDF's")
        structured = {k: v for k, v in entry.items() if k not in ("rule", "alternative", "text")}
        rule["alternatives"][index] = {"text": alt["text"], **structured, "parse_status": "reviewed"}
        statuses = {a["parse_status"] for a in rule["alternatives"]}
        if "review" not in statuses:
            rule["parse_status"] = "reviewed"


def apply_windows(data: dict[str, Any], corrections: list[dict[str, Any]]) -> None:
    """Resolve the windows the note's own dates leave overlapping or open (listed in reviewed.yaml)."""
    by_id = {r["id"]: r for r in data["rules"]}
    for fix in corrections:
        rule = by_id.get(fix["rule"])
        if rule is None or rule["heading_text"] != _clean(fix["heading_text"]):
            raise ValueError(f"reviewed.yaml: window correction for {fix['rule']!r} does not match the PDF")
        rule["window_as_written"] = {"valid_from": rule["valid_from"], "valid_until": rule["valid_until"]}
        rule["valid_from"], rule["valid_until"] = fix["valid_from"], fix["valid_until"]
        rule["window_note"] = _clean(fix["reason"])


def manifest() -> dict[str, Any]:
    return yaml.safe_load((SOURCE_DIR / "MANIFEST.yaml").read_text(encoding="utf-8"))


def build() -> dict[str, Any]:
    pdf = SOURCE_DIR / PDF_NAME
    digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
    source = next(s for s in manifest()["sources"] if s["file"] == PDF_NAME)
    if source["sha256"] != digest:
        raise ValueError(f"{PDF_NAME}: SHA-256 {digest} is not the manifest's {source['sha256']}")
    data = build_rules(pdf_text(pdf))
    reviewed = yaml.safe_load(REVIEWED.read_text(encoding="utf-8")) if REVIEWED.exists() else None
    apply_reviewed(data, (reviewed or {}).get("alternatives") or [])
    apply_windows(data, (reviewed or {}).get("windows") or [])
    counts: dict[str, int] = {}
    for rule in data["rules"]:
        for alt in rule["alternatives"]:
            counts[alt["parse_status"]] = counts.get(alt["parse_status"], 0) + 1
    return {
        "source": {
            "file": f"sources/{PDF_NAME}",
            "sha256": digest,
            "title": source["title"],
            "revision": source["revision"],
            "hs_edition": source["hs_edition"],
        },
        "generator": "python -m app.rules_engine.origin_rules.gn11 build",
        "statistics": {
            "rules": len(data["rules"]),
            "alternatives": sum(counts.values()),
            "alternatives_by_parse_status": dict(sorted(counts.items())),
        },
        **data,
    }


def dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "build"
    text = dump(build())
    if command == "build":
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_text(text, encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT.parent)}")
        return 0
    if command == "check":
        if OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT.relative_to(ROOT.parent)} is not what the PDF gives: run build", file=sys.stderr)
            return 1
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
