"""What care renders on the pages of apps above it.

`{% load care_tags %}{% waiting_supporters %}` on the patient's home page
(recovery's dashboard): who used the patient's supporter code and waits for
them to choose what to share, with a link to review it (sharing's page).
The patient's own list, names only: nothing anyone shared.
"""

from django import template

from clearhead.care import policy, selectors

register = template.Library()


@register.inclusion_tag("care/_waiting_supporters.html", takes_context=True)
def waiting_supporters(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if not policy.is_patient(user):
        return {"waiting": []}
    return {"waiting": list(selectors.supporter_links_waiting(actor=user))}
