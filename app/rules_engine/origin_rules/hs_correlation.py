"""HS 2022 codes, as owners type them, to the HS 2017 codes General Note 11(o) is written in.

    python -m app.rules_engine.origin_rules.hs_correlation build   # writes rules/origin_rules/hs2022_to_hs2017.json
    python -m app.rules_engine.origin_rules.hs_correlation check   # fails if the file is not what the source gives

The source is the United Nations Statistics Division's "HS 2022 to HS 2017 Conversion and
Correlation Tables" (`rules/sources/`, SHA-256 in `MANIFEST.yaml`), read from its sheet of
correlations: each HS 2022 subheading with every HS 2017 subheading it corresponds to. Nothing is
typed by hand. Most codes did not change; some were renumbered; a few split, so that one HS 2022
code corresponds to several HS 2017 codes, each of which may have its own rule of origin.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[3] / "rules"
SOURCE_DIR = ROOT / "sources"
SOURCE_NAME = "unsd-hs2022-to-hs2017-correlation.xlsx"
SHEET = "HS2022-HS2017 Correlations"
OUT = ROOT / "origin_rules" / "hs2022_to_hs2017.json"
HS2017_LIST = SOURCE_DIR / "hs2017_subheadings.txt"


def _source_entry() -> dict[str, Any]:
    sources = yaml.safe_load((SOURCE_DIR / "MANIFEST.yaml").read_text(encoding="utf-8"))["sources"]
    return next(s for s in sources if s["file"] == SOURCE_NAME)


def _subheading(code: str) -> bool:
    return len(code) == 6 and code.isdigit() and "01" <= code[:2] <= "97"


def _pairs(path: Path) -> dict[str, set[str]]:
    from openpyxl import load_workbook  # only the generator reads the spreadsheet

    workbook = load_workbook(path, read_only=True)
    pairs: dict[str, set[str]] = {}
    for row in workbook[SHEET].iter_rows(min_row=3, values_only=True):
        new, old = (str(cell).strip() if cell is not None else "" for cell in row[:2])
        # 999999 is the statisticians' "not specified", not a subheading of the HS (chapters 1-97)
        if _subheading(new) and _subheading(old):
            pairs.setdefault(new, set()).add(old)
    workbook.close()
    return pairs


def build() -> dict[str, Any]:
    path = SOURCE_DIR / SOURCE_NAME
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    entry = _source_entry()
    if entry["sha256"] != digest:
        raise ValueError(f"{SOURCE_NAME}: SHA-256 {digest} is not the manifest's {entry['sha256']}")
    pairs = _pairs(path)
    changed = {new: sorted(old) for new, old in sorted(pairs.items()) if old != {new}}
    return {
        "source": {"file": f"sources/{SOURCE_NAME}", "sha256": digest, "title": entry["title"],
                   "publisher": entry["publisher"]},
        "generator": "python -m app.rules_engine.origin_rules.hs_correlation build",
        "statistics": {
            "hs2022_subheadings": len(pairs),
            "unchanged": len(pairs) - len(changed),
            "renumbered": sum(1 for old in changed.values() if len(old) == 1),
            "split": sum(1 for old in changed.values() if len(old) > 1),
        },
        "hs2022": sorted(pairs),
        "changed": changed,
    }


def dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=0, sort_keys=False) + "\n"


@dataclass(frozen=True)
class Correspondence:
    """What a typed six-digit code is in HS 2017.

    `kind`: `same` (the code did not change), `renumbered` (one HS 2017 code, another number),
    `split` (several HS 2017 codes: the product may fall under any of them), `hs2017_only` (not an
    HS 2022 code but an HS 2017 one, typed from an older document) or `unknown` (neither).
    """

    typed: str
    hs2017: tuple[str, ...]
    kind: str


@dataclass(frozen=True)
class Correlation:
    hs2022: frozenset[str]
    changed: dict[str, tuple[str, ...]]
    hs2017: frozenset[str]
    source: dict[str, Any]

    @classmethod
    def load(cls, path: Path = OUT) -> Correlation:
        data = json.loads(path.read_text(encoding="utf-8"))
        lines = (line.strip() for line in HS2017_LIST.read_text(encoding="utf-8").splitlines())
        hs2017 = frozenset(line for line in lines if _subheading(line))
        return cls(frozenset(data["hs2022"]), {k: tuple(v) for k, v in data["changed"].items()}, hs2017, data["source"])

    def to_hs2017(self, code: str) -> Correspondence:
        if code in self.changed:
            old = self.changed[code]
            return Correspondence(code, old, "split" if len(old) > 1 else "renumbered")
        if code in self.hs2022:
            return Correspondence(code, (code,), "same")
        if code in self.hs2017:
            return Correspondence(code, (code,), "hs2017_only")
        return Correspondence(code, (), "unknown")


@cache
def correlation() -> Correlation:
    """The generated table, loaded once per process."""
    return Correlation.load()


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "build"
    text = dump(build())
    if command == "build":
        OUT.write_text(text, encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT.parent)}")
        return 0
    if command == "check":
        if OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT.relative_to(ROOT.parent)} is not what the source gives: run build", file=sys.stderr)
            return 1
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
