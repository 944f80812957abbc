"""A Spanish or French profession's label in its other grammatical gender,
which a long list's search also finds it by."""

from __future__ import annotations

import re

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
