"""The companion's renderings other apps show: a chart, a record summary,
and a check-in's answers in words.

Public on purpose. An app's templates are private to it (no app includes
another's), so what the clinic shows in the companion's own form (score
charts, the outcomes chart, the record during emergency access) it renders
through these tags, whose only input is what `recovery.charts` and
`recovery.export` return.
"""

from django import template

from clearhead.recovery.choices import answer_labels as _answer_labels

register = template.Library()


@register.inclusion_tag("recovery/_chart.html")
def chart(chart) -> dict:
    """One chart from `recovery.charts`, with its plain-language summary."""
    return {"chart": chart}


@register.inclusion_tag("recovery/_record_summary.html")
def record_summary(data: dict) -> dict:
    """A patient's record as `recovery.export.patient_record_collect` returns it."""
    return {"data": data}


@register.filter
def answer_labels(codes, field: str) -> list[str]:
    """A check-in list's codes in words (`recovery.choices.answer_labels`):
    `{{ checkin.triggers|answer_labels:"triggers"|join:", " }}`."""
    return _answer_labels(field, codes)
