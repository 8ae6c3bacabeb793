"""Template filters for counts of days and amounts of money, from
`recovery.wording` (the one source of these words): `{{ count|days }}`
gives "1 day" or "3 days", `{{ amount|money }}` "$120.00"."""

from django import template

from clearhead.recovery import wording

register = template.Library()

register.filter("days", wording.days)
register.filter("days_without_ketamine", wording.days_without_ketamine)
register.filter("days_until_stop", wording.days_until_stop)
register.filter("money", wording.money)
