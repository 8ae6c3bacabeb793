"""An instrument's words in another language, kept as data.

A `Wording` holds everything a reader of one language sees of one instrument:
title, purpose, stem, each item's text (and hint), the answer labels, and
where the words come from. `Instrument.in_language` puts it in place of the
English; ids, keys, answer values, LOINC codes, bands and scoring stay as
they are, so an answer means the same in every language.

Why data and not gettext: the Spanish of PHQ-9 and GAD-7 is the published,
validated translation and must stay word for word. A message catalogue is a
translator's to edit, and one edit there would change a validated
instrument without anyone noticing. Here each language's wording sits beside
the instrument, with its source, and a test compares the published ones to
the published text.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from clearhead.screening.instruments import Instrument, Item, Option


def language_code(language: str) -> str:
    """The bare language of a language tag: "es-MX" and "es_us" are "es"."""
    return language.lower().replace("_", "-").split("-")[0]


@dataclass(frozen=True)
class Wording:
    """One instrument in one language.

    `items` maps each item's key (of `items` and `extra_items`) to its text;
    `hints` does the same for the items that have a hint. `options` are the
    labels of the instrument's shared answer options, in their order;
    `item_options` the labels of an item's own scale, by item key.

    `source` and `version` say where this wording comes from (for
    maintainers); `citation` is the source as a reader sees it, in this
    language, shown in place of the instrument's source ("" keeps it).
    """

    language: str
    title: str
    purpose: str
    stem: str
    items: Mapping[str, str]
    options: tuple[str, ...] = ()
    item_options: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    hints: Mapping[str, str] = field(default_factory=dict)
    source: str = ""
    version: str = ""
    citation: str = ""

    def texts(self) -> list[str]:
        """Every piece of text a reader can meet, in this language."""
        labels = [label for scale in self.item_options.values() for label in scale]
        return [
            text
            for text in (
                self.title,
                self.purpose,
                self.stem,
                self.citation,
                *self.items.values(),
                *self.hints.values(),
                *self.options,
                *labels,
            )
            if text
        ]


def options_in(options: tuple["Option", ...], labels) -> tuple["Option", ...]:
    """`options` with `labels` in place of their labels, values unchanged."""
    return tuple(
        replace(option, label=label)
        for option, label in zip(options, labels, strict=True)
    )


def item_in(item: "Item", wording: Wording) -> "Item":
    """`item` in `wording`'s words; its key, LOINC code and values unchanged."""
    return replace(
        item,
        text=wording.items[item.key],
        hint=wording.hints[item.key] if item.hint else "",
        options=options_in(item.options, wording.item_options.get(item.key, ())),
    )


def check_complete(instrument: "Instrument", wording: Wording) -> None:
    """Refuse a wording that leaves any of the instrument's words in English
    (or words an item that does not exist): found when the module loads, not
    on a reader's page."""
    items = [*instrument.items, *instrument.extra_items]
    problems = []
    if set(wording.items) != {item.key for item in items}:
        problems.append("items")
    if set(wording.hints) != {item.key for item in items if item.hint}:
        problems.append("hints")
    if len(wording.options) != len(instrument.options):
        problems.append("options")
    scales = {item.key: len(item.options) for item in items if item.options}
    if {key: len(labels) for key, labels in wording.item_options.items()} != scales:
        problems.append("item_options")
    if problems:
        raise ValueError(
            f"The {wording.language} wording of {instrument.id} does not match "
            f"its instrument: {', '.join(problems)}."
        )
