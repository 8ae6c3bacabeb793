"""Deployment checks: mistakes that should stop a release, not reach a patient."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_production_email(app_configs, **kwargs):
    if settings.PRODUCTION and settings.EMAIL_BACKEND.endswith("console.EmailBackend"):
        return [
            Warning(
                "E-mail is printed to the console, so invitations, password "
                "resets and reminders never reach anyone.",
                hint="Set EMAIL_BACKEND=smtp and EMAIL_HOST (see the README).",
                id="clearhead.core.W001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_base_url(app_configs, **kwargs):
    if settings.PRODUCTION and not settings.CLEARHEAD_BASE_URL.startswith("https://"):
        return [
            Warning(
                "CLEARHEAD_BASE_URL is not an https:// address, so links in "
                "e-mails would send people to an unencrypted page.",
                hint="Set CLEARHEAD_BASE_URL to the public https:// address.",
                id="clearhead.core.W002",
            )
        ]
    return []
