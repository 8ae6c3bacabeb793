"""Deployment check: help-line numbers that still need confirming."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

from clearhead.safety.helplines import help_lines_for


@register(Tags.security, deploy=True)
def check_help_lines_verified(app_configs, **kwargs):
    region = help_lines_for(settings.CLEARHEAD_REGION)
    unverified = [str(line.name) for line in region.lines if line.needs_recheck]
    if settings.PRODUCTION and unverified:
        return [
            Warning(
                f"Help-line numbers not yet confirmed for {region.country}: "
                f"{', '.join(unverified)}.",
                hint="Confirm them on the services' own sites, then clear "
                "needs_recheck in clearhead/safety/helplines.py.",
                id="clearhead.safety.W001",
            )
        ]
    return []
