"""Template filters for the education pages."""

from datetime import date

from django import template
from django.utils.formats import date_format
from django.utils.translation import pgettext

register = template.Library()


@register.filter
def long_date(value: date) -> str:
    """Return `value` written out in the active language: "22 November 2026",
    "22 de noviembre de 2026".

    The order and the little words are a translation; the month's name is
    Django's own.
    """
    return pgettext("a date written out", "%(day)s %(month)s %(year)s") % {
        "day": value.day,
        "month": date_format(value, "F"),
        "year": value.year,
    }
