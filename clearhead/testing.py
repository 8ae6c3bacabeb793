"""Helpers shared by the whole test suite: personas and audit assertions.

At the top of the package, beside conftest.py, rather than in core: they make
accounts, read the audit log and walk the API router, so they sit above every
app (only tests import them).
"""

from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver

from clearhead.accounts import services as account_services
from clearhead.accounts.models import Role, User
from clearhead.audit.models import AuditEvent
from clearhead.core.view_policy import AUDIT_POLICY_ATTR

PERSONA_PASSWORD = "correct horse battery staple"


def make_user(email: str, role: str = Role.PATIENT, name: str = "") -> User:
    """Create a user through the same service an operator uses."""
    return account_services.user_create(
        actor=None,
        email=email,
        role=role,
        password=PERSONA_PASSWORD,
        display_name=name,
    )


def assert_audited(*, action, actor=None, patient=None, subject=None) -> AuditEvent:
    """Fail unless an audit event matching every given detail was recorded."""
    events = AuditEvent.objects.filter(action=action)
    if actor is not None:
        events = events.filter(actor=actor)
    if patient is not None:
        events = events.filter(patient=patient)
    if subject is not None:
        events = events.filter(
            subject_type=subject._meta.label_lower,
            subject_id=str(getattr(subject, "public_id", subject.pk)),
        )
    event = events.first()
    recorded = list(AuditEvent.objects.values_list("action", flat=True))
    assert event is not None, f"no audit event {action!r}; recorded: {recorded}"
    return event


def _walk(patterns, prefix: str = "") -> Iterator[tuple[str, object]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def _is_ours(view) -> bool:
    module = getattr(view, "__module__", "") or ""
    return module.startswith("clearhead.")


def views_without_audit_policy() -> list[str]:
    """Return the routes of our own pages that declare no audit policy.

    Every view in a clearhead app must say, with `shows_patient_data` or
    `no_patient_data`, whether it shows anyone's health information. The API
    is checked per operation, since one Django view serves many.
    """
    from clearhead.config.api import api

    missing = [
        route
        for route, view in _walk(get_resolver().url_patterns)
        if _is_ours(view) and not hasattr(view, AUDIT_POLICY_ATTR)
    ]
    for router in api._get_bound_routers():  # every mount, nested ones too
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                if not hasattr(operation.view_func, AUDIT_POLICY_ATTR):
                    route = f"{router.prefix}{path}"
                    missing.append(f"api {','.join(operation.methods)} {route}")
    return missing


def until_a_session_waits_for_a_lock(seconds: float = 30) -> None:
    """Return once another session of this PostgreSQL database waits for a
    lock (a transaction let in second); AssertionError after `seconds`."""
    import time

    from django.db import connection

    for _ in range(int(seconds / 0.05)):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)
    raise AssertionError("no session waited for a lock")
