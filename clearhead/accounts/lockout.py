"""How django-axes tells accounts and addresses apart for lockouts."""

from clearhead.accounts.models import normalize_email
from clearhead.audit.middleware import client_ip


def username_of(request, credentials) -> str:
    """The same account whatever the case of the address typed."""
    # django-axes keys the address by the user model's USERNAME_FIELD
    # ("email") when it comes from authenticate(), or by the form field name.
    credentials = {str(key): value for key, value in (credentials or {}).items()}
    return normalize_email(
        credentials.get("email") or credentials.get("username") or ""
    )


def address_of(request) -> str:
    return client_ip(request) or ""
