from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django_otp import user_has_device


class StaffIdleTimeoutMiddleware:
    """Sign clinicians and administrators out after a few idle minutes.

    Their screens show many patients' records; a computer left open in a
    clinic should not stay signed in. Each request pushes the expiry back.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.has_staff_role:
            request.session.set_expiry(settings.STAFF_IDLE_TIMEOUT_SECONDS)
        return self.get_response(request)


NO_SECOND_FACTOR = "clearhead.no_second_factor"

# Pages a signed-in person may reach before the second factor is checked.
OPEN_BEFORE_SECOND_FACTOR = (
    "/account/two-factor/",
    "/account/sign-out/",
    "/static/",
    "/help/",
    "/exit/",
    "/healthz",
    "/sw.js",
    "/manifest.webmanifest",
    "/api/",
)


class TwoFactorMiddleware:
    """Send anyone who needs a second factor to set it up or enter it first.

    The API is left to its own authentication, which refuses an unverified
    session (see accounts.api_auth).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from clearhead.accounts.two_factor import requires_two_factor

        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not request.session.get(NO_SECOND_FACTOR)
            and not request.path.startswith(OPEN_BEFORE_SECOND_FACTOR)
        ):
            if requires_two_factor(user):
                has_device = user_has_device(user)
                return redirect(
                    f"accounts:two_factor_{'verify' if has_device else 'setup'}"
                )
            # Asked once per session: turning two-step sign-in on starts afresh.
            request.session[NO_SECOND_FACTOR] = True
        return self.get_response(request)
