"""One audit event for every sign-in, and for every failed one, whatever the page.

Django sends `user_logged_in` from `login()` and `user_login_failed` from
`authenticate()`, so the sign-in page, the self-assessment's save page,
registration and accepting an invitation all write the same `LOGGED_IN` (or
`LOGIN_FAILED`) row, with the page it came through as its channel. Only
requests through our pages count: outside one (a test's `force_login`, the
shell) there is no request origin and nothing is recorded.
"""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from clearhead.audit.actions import AuditAction
from clearhead.audit.context import current_origin
from clearhead.audit.services import audit_record


@receiver(user_logged_in, dispatch_uid="clearhead.accounts.signed_in")
def _signed_in(sender, request, user, **kwargs) -> None:
    if current_origin() is not None:
        audit_record(actor=user, action=AuditAction.LOGGED_IN)


@receiver(user_login_failed, dispatch_uid="clearhead.accounts.sign_in_failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    # The address typed is not kept: it may not be the person's own.
    if current_origin() is not None:
        audit_record(actor=None, action=AuditAction.LOGIN_FAILED)
