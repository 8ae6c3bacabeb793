"""The companion's renderings other apps show: a chart, a record summary,
and the words for the codes the companion stores.

Public on purpose. An app's templates are private to it (no app includes
another's), so what the clinic shows in the companion's own form (score
charts, the outcomes chart, the record during emergency access, a patient's
shared check-ins) it renders through these tags, whose only input is what
`recovery.charts`, `recovery.export` and the companion's records hold.
"""

from django import template
from django.utils.formats import date_format

from clearhead.core.clock import time_zone_label
from clearhead.recovery import body_check, choices, early_recovery
from clearhead.recovery.models import RoutineItem
from clearhead.screening.explain import BODY
from clearhead.screening.instruments import get_instrument

register = template.Library()

# The vocabularies `words` knows, by the name a template gives.
VOCABULARIES = {
    "triggers": choices.TRIGGERS,
    "coping": choices.COPING,
    "other_substances": choices.OTHER_SUBSTANCES,
    "mood": choices.MOODS,
    "weekdays": choices.WEEKDAYS,
    "routine_kind": dict(RoutineItem.Kind.choices),
}


@register.inclusion_tag("recovery/_chart.html")
def chart(chart, heading_level: int = 2) -> dict:
    """One chart from `recovery.charts`, with its plain-language summary.

    `heading_level` (2 to 6) is the level of the chart's title, so that a chart
    inside a section keeps the page's headings in order."""
    return {"chart": chart, "heading_level": heading_level}


@register.inclusion_tag("recovery/_early_recovery_summary.html")
def early_recovery_beside_plan(entries, today) -> dict:
    """The early-recovery daily set as the care team sees it beside the plan's
    withdrawal phase: one chart per symptom, each with its numbers, and the
    days the self-harm question was answered yes. `entries` come from
    `recovery.selectors.early_recovery_entries_for` (policy-checked, audited)."""
    return {
        "entries": entries,
        "charts": early_recovery.charts(entries, today) if entries else [],
        # Written as the rest of the page writes days, in the reader's language.
        "self_harm_days": [
            date_format(e.day, "j M Y") for e in entries if e.self_harm_thoughts
        ],
        "heading_level": 4,
    }


@register.inclusion_tag("recovery/_record_summary.html")
def record_summary(data: dict) -> dict:
    """A patient's record as `recovery.export.patient_record_collect` returns it."""
    return {"data": data}


@register.filter
def words(value, vocabulary: str) -> str:
    """The words for a stored code, or a list of codes joined with commas.

    `{{ checkin.triggers|words:"triggers" }}` gives "Feeling low, Parties or
    celebrations"; `{{ checkin.mood|words:"mood" }}` gives "Good". An
    unknown vocabulary name is a programming error (KeyError).
    """
    known = VOCABULARIES[vocabulary]
    codes = value if isinstance(value, list | tuple) else [value]
    return ", ".join(choices.labels(codes, known))


@register.filter
def instrument_title(instrument_id: str) -> str:
    """A saved self-assessment's name ("Mood check (PHQ-9)"), else its id."""
    instrument = get_instrument(instrument_id)
    return instrument.title if instrument else instrument_id


register.filter("zone_label", time_zone_label)


@register.simple_tag
def body_advice_label(advice: str) -> str:
    """A body check's advice ("emergency", "urgent", "routine", "none") in
    the words of the bladder check's result (screening.explain.BODY)."""
    return str(BODY[advice][0])


@register.simple_tag
def body_answer(check, name: str) -> str:
    """One answer of a body check: "2 (quite a bit)"."""
    value = getattr(check, name)
    return f"{value} ({body_check.answer_label(value).lower()})"


@register.filter
def join_days(days) -> str:
    """Days as "3 Nov, 10 Nov 2026"."""
    return ", ".join(date_format(day, "j M Y") for day in days)


@register.inclusion_tag("recovery/_body_summary.html")
def body_checks_summary(history: dict) -> dict:
    """The body checks as the care team sees them on the patient page: the
    charts, the table and the advice of each. `history` comes from
    `recovery.selectors.body_history` (policy-checked, audited)."""
    return {
        "rows": history["rows"],
        "charts": history["charts"],
        "red_flag_days": [
            row["check"].day
            for row in history["rows"]
            if row["advice"] in body_check.ADVICE_RED_FLAGS
        ],
    }
