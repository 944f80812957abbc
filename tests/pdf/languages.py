"""Reading a page (the results page or the PDF's HTML) for its languages:
which text is in the page's language, and which links and names are marked
as being in another one (WCAG 3.1.2)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Words of the English citations and link titles the audit found on Spanish
# and French pages: none may be left in the page's own language.
ENGLISH_WORDS = re.compile(
    r"\b(USMCA|CUSMA|Annex|Appendix|Chapter|Section [A-D]|Art\. \d|Act respecting|CQLR|Charter of the French language"
    r"|Consumer Protection Act|What importers need to know|Global Affairs Canada|Canada Revenue Agency"
    r"|a Industrial Designer)\b"
)
# English titles of Canadian pages that exist in French: a French page shows their French titles.
ENGLISH_TITLES_OF_FRENCH_PAGES = (
    "CBSA — CUSMA, What importers need to know",
    "Global Affairs Canada — CUSMA Chapter 16",
    "Global Affairs Canada — CUSMA text",
    "Canada Revenue Agency — GST/HST for digital economy businesses",
    "IRCC — Canada–United States–Mexico Agreement",
    "Trade Commissioner Service — Guide to temporary entry into the United States under CUSMA",
)
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


@dataclass
class Link:
    href: str
    text: str
    lang: str | None
    hreflang: str | None


@dataclass
class Marked:
    lang: str
    text: str


# Where the results page (`citations`, `resources`) and the PDF (`act-refs`)
# show an action's citations and official links.
SOURCE_CLASSES = frozenset({"citations", "resources", "act-refs"})


class PageLanguages(HTMLParser):
    """`own_text`: the text in the page's language (`<html lang>`), outside
    any element marked with another language; `sources_text`: the part of it
    that shows citations and official links; `links` and `marked` (elements
    marked with a language other than the page's)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self._sources: list[str] = []
        self._in_sources: list[bool] = []
        self.page_lang: str | None = None
        self.links: list[Link] = []
        self.marked: list[Marked] = []
        self._own: list[str] = []
        self._stack: list[tuple[str, str | None]] = []  # (tag, lang it sets, if another than the page's)
        self._link: dict[str, str | None] | None = None
        self._link_text: list[str] = []
        self._marked_text: dict[int, list[str]] = {}
        self._skip = 0  # inside <style> or <script>
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.page_lang = found.get("lang")
        if tag in ("style", "script"):
            self._skip += 1
        if tag in ("br", "img", "meta", "link", "input", "hr"):
            return
        lang = found.get("lang")
        other = lang if lang and lang != self.page_lang else None
        self._stack.append((tag, other))
        self._in_sources.append(bool(SOURCE_CLASSES & set((found.get("class") or "").split())))
        if other:
            self._marked_text[len(self._stack)] = []
        if tag == "a":
            self._link, self._link_text = {"href": found.get("href"), "lang": lang, "hreflang": found.get("hreflang")}, []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1
        if tag == "a" and self._link is not None:
            text = " ".join("".join(self._link_text).split())
            self.links.append(Link(str(self._link["href"]), text, self._link["lang"], self._link["hreflang"]))
            self._link = None
        while self._stack:
            depth = len(self._stack)
            open_tag, other = self._stack.pop()
            self._in_sources.pop()
            if other:
                self.marked.append(Marked(other, " ".join("".join(self._marked_text.pop(depth)).split())))
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._link is not None:
            self._link_text.append(data)
        for depth in self._marked_text:
            self._marked_text[depth].append(data)
        if not any(other for _, other in self._stack):
            self._own.append(data)
            if any(self._in_sources):
                self._sources.append(data)

    @property
    def own_text(self) -> str:
        return " ".join(" ".join(self._own).split())

    @property
    def sources_text(self) -> str:
        return " ".join(" ".join(self._sources).split())


@dataclass
class Findings:
    english_words: list[str] = field(default_factory=list)
    unmarked_links: list[str] = field(default_factory=list)


def check_page(html: str, other_languages: dict[str, str]) -> tuple[PageLanguages, Findings]:
    """What is wrong with `html`: English citation words in the citations and
    links shown in the page's own language, and links to a page in another
    language (`other_languages`, by URL) that do not carry that language."""
    page = PageLanguages(html)
    findings = Findings()
    findings.english_words = ENGLISH_WORDS.findall(page.sources_text)
    for link in page.links:
        lang = other_languages.get(link.href)
        if lang and (link.lang != lang or link.hreflang != lang):
            findings.unmarked_links.append(f"{link.text} ({link.href})")
    return page, findings
