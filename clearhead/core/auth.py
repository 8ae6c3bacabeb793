"""How the JSON API knows who is calling: a bearer token or the browser session."""

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from clearhead.accounts.services import api_token_authenticate


class BearerTokenAuth(HttpBearer):
    """`Authorization: Bearer ch_…` with a personal token made in settings."""

    def authenticate(self, request: HttpRequest, token: str):
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


# Tried in order; the browser session needs the CSRF token on unsafe methods.
API_AUTH = [BearerTokenAuth(), SessionAuth(csrf=True)]
