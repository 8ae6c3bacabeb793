"""Deployment check: a notification sender the push services cannot reach."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_vapid_subject(app_configs, **kwargs):
    subject = settings.CLEARHEAD_VAPID_SUBJECT
    if (
        settings.PRODUCTION
        and settings.CLEARHEAD_VAPID_PRIVATE_KEY
        and subject.endswith(("@localhost", "://localhost"))
    ):
        # Apple's push service refuses a subject at localhost outright.
        return [
            Warning(
                f"Reminder notifications are signed as {subject!r}, which no "
                "push service can reach; some refuse such notifications.",
                hint="Set CLEARHEAD_VAPID_SUBJECT to mailto: an address that "
                "is read, or set DEFAULT_FROM_EMAIL to one.",
                id="clearhead.recovery.W001",
            )
        ]
    return []
