from django.conf import settings

from clearhead.safety.helplines import help_lines_for


def help_lines(request):
    """Give every template the deployment's help lines (shown on every page)."""
    return {"help_lines": help_lines_for(settings.CLEARHEAD_REGION)}
