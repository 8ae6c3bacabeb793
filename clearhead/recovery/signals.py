"""Sign-out and quick exit forget the browser's reminder notifications.

The device rule (docs/architecture.md, "What a device keeps"): nothing of an
account stays on a device after sign-out. device-store.js ends the browser's
push subscription; here the server forgets it too, at the address this
session turned on (kept in the session) and the one the sign-out form sends
(`push_endpoint`, for a subscription an earlier session turned on).
"""

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from clearhead.recovery import services

# The session remembers the browser it turned notifications on for.
SESSION_PUSH_ENDPOINT = "clearhead.push_endpoint"


@receiver(user_logged_out, dispatch_uid="clearhead.recovery.push_sign_out")
def forget_push_at_sign_out(sender, request, user, **kwargs) -> None:
    if request is None or user is None:
        return
    endpoints = [request.session.get(SESSION_PUSH_ENDPOINT)]
    if request.method == "POST":
        endpoints.append(request.POST.get("push_endpoint"))
    services.push_subscriptions_forget(actor=user, endpoints=endpoints)
