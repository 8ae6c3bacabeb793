"""The mark every view of ours carries: whether it shows health information.

`no_patient_data` lives here, in core, because core's own pages (home,
privacy, quick exit, health check) declare it and core imports no app.
`clearhead.audit.decorators` adds `shows_patient_data`, which needs the audit
log, and sets the same mark; `clearhead.testing.views_without_audit_policy`
reads it.
"""

from collections.abc import Callable

AUDIT_POLICY_ATTR = "clearhead_audit_policy"


def mark_view(view: Callable, policy: str) -> Callable:
    """Record a view's declared policy ("none" or "audited") on the view."""
    setattr(view, AUDIT_POLICY_ATTR, policy)
    return view


def no_patient_data(view: Callable) -> Callable:
    """Declare that this view shows no one's health information."""
    return mark_view(view, "none")
