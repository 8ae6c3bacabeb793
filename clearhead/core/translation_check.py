"""Find words of ours left untranslated on a rendered page (for tests).

`untranslated(html, language)` reads a page as a reader and a screen reader
meet it (text, and the alt, aria-label, placeholder, title and value a
screen reader speaks) and returns each piece of text that is not accounted
for by the active catalogue of `language`: every piece must be (part of) a
translation in that catalogue, with its placeholders standing for any text,
or be neutral (no letters; an e-mail address, web address or phone number;
an acronym such as PHQ-9; a name in `NEUTRAL_NAMES`).

Left out, because they are not ours to translate: <script>, <style> and
<template>; anything inside an element with translate="no" (names, addresses
and notes from imported feeds and from people; each language's own name in
the switch); the text of a <time datetime="…"> element (a date Django wrote
in the page's language from its locale: "martes 1 de diciembre").

Texts of ours kept outside the catalogue (an instrument's published
wording) are passed as `extra`.

Catalogue: Django's merged translations for `language` (ours, each app's,
and Django's own), read through django.utils.translation, so the check sees
exactly what the pages do.
"""

import re
from collections.abc import Iterable
from functools import cache
from html.parser import HTMLParser

from django.utils.translation import trans_real

SKIPPED_ELEMENTS = frozenset({"script", "style", "template"})
VOID_ELEMENTS = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
)
# Attributes whose text a reader or a screen reader meets.
SPOKEN_ATTRIBUTES = ("alt", "aria-label", "placeholder", "title")
# Proper names the same in every language.
NEUTRAL_NAMES = frozenset(
    {
        "Clearhead",
        "FindTreatment.gov",
        "SAMHSA",
        "Meeting Guide",
        "TTY",
        "K",
    }
)
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_LETTER = re.compile(r"[^\W\d_]")
_NEUTRAL_TOKEN = re.compile(
    r"""^(?:
        [^\w]*[A-Z0-9][A-Z0-9\-./]*[A-Z0-9][^\w]*   # PHQ-9, DSM-5-TR, 988, (TTY)
      | [^\s@]+@[^\s@]+\.[^\s@]+                    # an e-mail address
      | (?:https?://)?[\w.-]+\.(?:gov|org|com|net|uk)(?:/\S*)?  # a web address
    )$""",
    re.VERBOSE,
)


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


class _Reader(HTMLParser):
    """Collects (where, text) pairs: what the page says, outside skipped parts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, skips its contents)
        self.found: list[tuple[str, str]] = []

    def skipping(self) -> bool:
        return any(skips for _, skips in self.stack)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        skips = (
            tag in SKIPPED_ELEMENTS
            or attributes.get("translate") == "no"
            or (tag == "time" and "datetime" in attributes)
        )
        if not skips and not self.skipping():
            for name in SPOKEN_ATTRIBUTES:
                if attributes.get(name):
                    self.found.append((f"<{tag} {name}>", attributes[name]))
            if tag == "input" and attributes.get("type") in {"submit", "button"}:
                self.found.append((f"<{tag} value>", attributes.get("value") or ""))
            if tag == "meta" and attributes.get("name") == "description":
                self.found.append(("<meta description>", attributes.get("content", "")))
        if tag not in VOID_ELEMENTS:
            self.stack.append((tag, skips))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        # Close up to the matching element (HTML allows some end tags out).
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if not self.skipping() and data.strip():
            where = self.stack[-1][0] if self.stack else "document"
            self.found.append((f"<{where}>", data))


@cache
def _translations(
    language: str, extra: frozenset[str] = frozenset()
) -> tuple[frozenset[str], tuple[re.Pattern, ...]]:
    """The pieces of text the catalogue of `language` (and `extra`) can put on
    a page.

    Each translation is cut at its HTML tags; a piece without placeholders is
    kept as text, one with them as a pattern in which each stands for any
    text.
    """
    catalogue = trans_real.translation(language)._catalog
    exact: set[str] = set()
    patterns: list[re.Pattern] = []
    for translated in [text for _, text in catalogue.items()] + sorted(extra):
        for piece in _TAG.split(translated):
            piece = normalise(piece)
            if not piece:
                continue
            if _PLACEHOLDER.search(piece):
                parts = _PLACEHOLDER.split(piece)
                if not _LETTER.search("".join(parts)):
                    continue  # "%(name)s" alone would match any text at all
                pattern = ".+?".join(re.escape(part) for part in parts)
                patterns.append(re.compile(pattern, re.DOTALL))
            else:
                exact.add(piece.replace("%%", "%"))
    return frozenset(exact), tuple(patterns)


def _neutral(text: str) -> bool:
    if not _LETTER.search(text) or text in NEUTRAL_NAMES:
        return True
    return all(_NEUTRAL_TOKEN.match(token) for token in text.split(" "))


def accounted_for(
    text: str, language: str, extra: frozenset[str] = frozenset()
) -> bool:
    """Whether `text` (one piece of a page) is a translation in `language`'s
    catalogue or in `extra`, a run of them, or neutral."""
    text = normalise(text)
    if _neutral(text):
        return True
    exact, patterns = _translations(language, extra)
    # A label's colon ("Revisión de la ansiedad (GAD-7):") is the page's.
    for whole in {text, text.rstrip(":")}:
        if whole in exact or any(pattern.fullmatch(whole) for pattern in patterns):
            return True
    # Two or more translations side by side in one piece of text ("Paso 2 de
    # 7. ¿Con qué frecuencia…?"): split at spaces, each run accounted for.
    words = text.split(" ")
    reachable = [True] + [False] * len(words)
    for end in range(1, len(words) + 1):
        for start in range(end):
            if reachable[start]:
                run = " ".join(words[start:end])
                if run in exact or run.rstrip(".,;:") in exact or _neutral(run):
                    reachable[end] = True
                    break
    return reachable[-1]


def untranslated(html: str, language: str, extra: Iterable[str] = ()) -> list[str]:
    """Each piece of `html` (a whole page) not accounted for in `language`,
    as "<where> text", in page order; [] when the page is all translated.

    `extra`: texts of ours in `language` kept outside the catalogue (the
    published wording of a validated instrument, which no translator may
    change: screening.wordings).
    """
    extra = frozenset(extra)
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return [
        f"{where} {normalise(text)}"
        for where, text in reader.found
        if not accounted_for(text, language, extra)
    ]
