"""Every page and API operation declares whether it shows patient data.

`shows_patient_data` wraps a view (or a django-ninja handler) and refuses to
let a successful response leave unless the view recorded at least one audit
event: forgetting the audit call fails loudly, in tests and in production,
rather than showing health information off the record. `no_patient_data`
says, just as explicitly, that a view shows none. A test walks every route and
fails on any view of ours that declares neither (see core.testing).
"""

import functools
from collections.abc import Callable

from django.http import HttpResponse
from ninja import Status

from clearhead.audit.context import current_origin

AUDIT_POLICY_ATTR = "clearhead_audit_policy"


class UnauditedAccessError(RuntimeError):
    """A view that shows patient data returned without recording an audit event."""


def _mark(view: Callable, policy: str) -> Callable:
    setattr(view, AUDIT_POLICY_ATTR, policy)
    return view


def _status_of(response: object) -> int:
    if isinstance(response, (HttpResponse, Status)):
        return response.status_code
    if isinstance(response, tuple) and response and isinstance(response[0], int):
        return response[0]  # django-ninja's (status, body)
    return 200


def no_patient_data(view: Callable) -> Callable:
    """Declare that this view shows no one's health information."""
    return _mark(view, "none")


def shows_patient_data(view: Callable) -> Callable:
    """Declare that this view shows health information, and enforce its audit."""

    @functools.wraps(view)
    def audited_view(*args, **kwargs):
        origin = current_origin()
        before = origin.events_recorded if origin else 0
        response = view(*args, **kwargs)
        status = _status_of(response)
        recorded = (origin.events_recorded if origin else 0) - before
        # Only a successful page shows data; redirects and refusals show none.
        if 200 <= status < 300 and recorded == 0:
            raise UnauditedAccessError(
                f"{view.__module__}.{view.__qualname__} showed patient data "
                "without calling audit_record()."
            )
        return response

    return _mark(audited_view, "patient")
