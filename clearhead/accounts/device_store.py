"""The opaque id under which a browser keeps one account's offline data.

Public (other apps import it) because it is the one rule for everything the
app keeps on a device (docs/architecture.md, "What a device keeps"): the
page carries this id, `static/js/device-store.js` keys every stored item by
it, and a queued write sent back carries it as its `account_tag`, which the
service compares with the signed-in account (`matches`).

The id is an HMAC of the account's primary key under SECRET_KEY, so it is
stable for one account, differs between accounts, and names nobody: it is
neither the key nor the e-mail address, and cannot be turned back into them.
"""

from django.utils.crypto import constant_time_compare, salted_hmac

_SALT = "clearhead.accounts.device_store"


def device_store_id(user) -> str:
    """Return the 32-hex-character storage id of a signed-in account."""
    return salted_hmac(_SALT, str(user.pk), algorithm="sha256").hexdigest()[:32]


def matches(user, tag: str) -> bool:
    """Whether `tag` (sent with a queued write) is this account's id."""
    return constant_time_compare(device_store_id(user), tag)
