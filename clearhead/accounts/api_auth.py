"""How the JSON API knows who is calling: a bearer token or the browser session."""

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from clearhead.accounts.services import api_token_authenticate


class BearerTokenAuth(HttpBearer):
    """`Authorization: Bearer ch_…` with a personal token made in settings."""

    def authenticate(self, request: HttpRequest, token: str):
        # The patient's own time zone, which every check-in needs, is on the
        # account itself (User.time_zone), loaded with the token.
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class VerifiedSessionAuth(SessionAuth):
    """The browser session, once any second factor it needs has been checked."""

    def authenticate(self, request: HttpRequest, key):
        from clearhead.accounts.two_factor import requires_two_factor

        user = super().authenticate(request, key)
        if user is not None and requires_two_factor(user) and not user.is_verified():
            return None
        return user


# Tried in order; the browser session needs the CSRF token on unsafe methods.
API_AUTH = [BearerTokenAuth(), VerifiedSessionAuth(csrf=True)]
