from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from clearhead.accounts.models import Role

STAFF_ROLES = {Role.CLINICIAN, Role.ADMIN}


class StaffIdleTimeoutMiddleware:
    """Sign clinicians and administrators out after a few idle minutes.

    Their screens show many patients' records; a computer left open in a
    clinic should not stay signed in. Each request pushes the expiry back.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.role in STAFF_ROLES:
            request.session.set_expiry(settings.STAFF_IDLE_TIMEOUT_SECONDS)
        return self.get_response(request)
