"""How a long list's search reads what owners type: words without case,
accents or plural endings (`search_terms`), and a Spanish or French
profession's label in its other grammatical gender (`other_gender`).
wizard.js reads typed words the same way (its `terms`)."""

from __future__ import annotations

import re
import unicodedata

# Words that say nothing about a sector: "piezas para automóviles" is found
# as "piezas automóviles" is.
STOP_WORDS = frozenset(
    ["an", "and", "of", "for", "the", "to", "in", "with", "from", "de", "del", "la", "las", "los", "el", "en", "y", "con", "para", "por", "pour", "des", "du", "le", "les", "et", "au", "aux", "sur"])
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})


def fold(text: str) -> str:
    """Case- and accent-insensitive form of `text` (œufs → oeufs)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def stem(word: str) -> str:
    """A folded word without its plural ending, nor a final e, so that the
    singular and the plural meet: parts/part, piezas/pieza,
    automóviles/automóvil, logiciels/logiciel, gâteaux/gâteau, tables/table.
    companies/company. A word cut while it is typed ("automo") still lies inside its stem."""
    if (len(word) > 4 and word.endswith(("eaux", "eux", "oux"))) or (len(word) > 3 and word.endswith("s") and not word.endswith("ss")):
        word = word[:-1]
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    if len(word) > 3 and word.endswith("y"):  # company, companies: compani (pharmacy, pharmacie alike)
        word = word[:-1] + "i"
    return word


def search_terms(text: str) -> tuple[str, ...]:
    """The words of `text` a search compares: folded, stemmed, without the
    one-letter words ("d'érable") and the `STOP_WORDS`."""
    words = re.findall(r"[^\W_]+", fold(text))
    return tuple(stem(w) for w in words if len(w) > 1 and w not in STOP_WORDS)


def search_text(text: str) -> str:
    """`text` as a search reads it: its terms, one space apart."""
    return " ".join(search_terms(text))

# Word endings of one form and the other, for `other_gender`, longest first.
_ENDINGS = {
    "es": (("or", "ora"), ("o", "a")),
    "fr": (("ateur", "atrice"), ("cteur", "ctrice"), ("lteur", "ltrice"), ("ieur", "ieure"), ("esseur", "esseure"),
           ("eur", "euse"), ("er", "ère"), ("ien", "ienne"), ("ant", "ante"), ("at", "ate"), ("ert", "erte"),
           ("té", "té"), ("é", "ée")),  # nouns in -té (université) are feminine already
}


def other_gender(label: str, lang: str) -> str:
    """A Spanish or French profession's label with each word in its other form
    ("Enfermero registrado" → "Enfermera registrada", "Infirmier autorisé" →
    "Infirmière autorisée"), or "" if that changes nothing. Only a search reads
    it, so a word changed that had no other form costs nothing."""
    endings = _ENDINGS.get(lang)
    if not endings:
        return ""

    def change(match: re.Match[str]) -> str:
        word = match.group()
        found = next(((end, other) for end, other in endings if word.lower().endswith(end)), None)
        if found is None or len(word) < 4:
            return word
        return word[: len(word) - len(found[0])] + found[1]

    changed = re.sub(r"\w+", change, label)
    return "" if changed == label else changed
