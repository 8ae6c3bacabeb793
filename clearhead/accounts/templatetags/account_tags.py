"""What accounts renders on other apps' pages.

`{% load account_tags %}{% role_switch_offer %}`: the offer to change a new
account's type (patient <-> supporter), shown only while the signed-in
person may (`selectors.role_change_allowed`: no health data yet). Onboarding,
settings and the supporter page show it.
"""

from django import template

from clearhead.accounts import selectors
from clearhead.accounts.models import switched_role

register = template.Library()


@register.inclusion_tag("accounts/_role_switch_offer.html", takes_context=True)
def role_switch_offer(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not selectors.role_change_allowed(user):
        return {"offer": None}
    return {"offer": switched_role(user.role)}
