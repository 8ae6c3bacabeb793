"""Every page and API operation declares whether it shows patient data.

`shows_patient_data(AuditAction...)` wraps a view (or a django-ninja handler),
names the actions it records, and refuses to let a successful response leave
unless the view recorded at least one audit event, or any response once it
recorded an action it does not declare: forgetting the audit call, or
recording the wrong one, fails loudly, in tests and in production, rather
than showing health information off the record or under another name. `no_patient_data`
says, just as explicitly, that a view shows none. A test walks every route and
fails on any view of ours that declares neither (see clearhead.testing).
"""

import functools
from collections.abc import Callable

from django.http import HttpResponse
from ninja import Status

from clearhead.audit.actions import AuditAction
from clearhead.audit.context import current_origin
from clearhead.core.view_policy import mark_view

# Re-exported, so that a view imports both declarations from one place.
from clearhead.core.view_policy import no_patient_data as no_patient_data


class UnauditedAccessError(RuntimeError):
    """A view that shows patient data returned without recording an audit event."""


def _status_of(response: object) -> int:
    if isinstance(response, (HttpResponse, Status)):
        return response.status_code
    if isinstance(response, tuple) and response and isinstance(response[0], int):
        return response[0]  # django-ninja's (status, body)
    return 200


def shows_patient_data(*actions: AuditAction) -> Callable[[Callable], Callable]:
    """Declare that this view shows health information, and enforce its audit.

    The view names every `AuditAction` it may record, e.g.
    `@shows_patient_data(AuditAction.PLAN_VIEWED, AuditAction.PLAN_SAVED)`. A
    successful response that recorded nothing, or a response of any status
    that recorded an action the view does not declare, raises
    `UnauditedAccessError`: a page cannot show data under another name.
    """
    if not actions or not all(isinstance(action, AuditAction) for action in actions):
        raise TypeError(
            "shows_patient_data needs the AuditAction(s) the view records, e.g. "
            "@shows_patient_data(AuditAction.CHECKINS_VIEWED)."
        )
    declared = frozenset(int(action) for action in actions)

    def decorate(view: Callable) -> Callable:
        name = f"{view.__module__}.{view.__qualname__}"

        @functools.wraps(view)
        def audited_view(*args, **kwargs):
            origin = current_origin()
            before = len(origin.actions) if origin else 0
            response = view(*args, **kwargs)
            status = _status_of(response)
            recorded = origin.actions[before:] if origin else []
            undeclared = sorted(set(recorded) - declared)
            if undeclared:
                raise UnauditedAccessError(
                    f"{name} recorded {_labels(undeclared)}, which it does not "
                    f"declare (it declares {_labels(sorted(declared))})."
                )
            # Only a successful page shows data; redirects and refusals show none.
            if 200 <= status < 300 and not recorded:
                raise UnauditedAccessError(
                    f"{name} showed patient data without calling audit_record()."
                )
            return response

        audited_view.clearhead_audit_actions = declared
        return mark_view(audited_view, "patient")

    return decorate


def _labels(numbers) -> str:
    return ", ".join(f"{AuditAction(number).name} ({number})" for number in numbers)
