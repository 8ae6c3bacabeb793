"""The companion's renderings other apps show: a chart and a record summary.

Public on purpose. An app's templates are private to it (no app includes
another's), so what the clinic shows in the companion's own form (score
charts, the outcomes chart, the record during emergency access) it renders
through these tags, whose only input is what `recovery.charts` and
`recovery.export` return.
"""

from django import template

register = template.Library()


@register.inclusion_tag("recovery/_chart.html")
def chart(chart) -> dict:
    """One chart from `recovery.charts`, with its plain-language summary."""
    return {"chart": chart}


@register.inclusion_tag("recovery/_record_summary.html")
def record_summary(data: dict) -> dict:
    """A patient's record as `recovery.export.patient_record_collect` returns it."""
    return {"data": data}
