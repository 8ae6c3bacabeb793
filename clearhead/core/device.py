"""What the server asks a browser to forget when someone leaves.

Sign-out and quick exit send `Clear-Site-Data: "cache", "storage"`:
"storage" drops this site's localStorage, sessionStorage, IndexedDB, service
worker registrations and Cache Storage (the offline check-in page) in
browsers that honour it; `static/js/device-store.js` clears the same itself
for those that do not (docs/architecture.md, "What a device keeps").
Cookies are left alone: the session is ended on the server, by signing out
or by quick exit (core.views.quick_exit), not by dropping cookies.
"""

from django.http import HttpResponse

CLEAR_SITE_DATA = '"cache", "storage"'


def forget_this_device(response: HttpResponse) -> HttpResponse:
    """Add the Clear-Site-Data header to `response` and return it."""
    response["Clear-Site-Data"] = CLEAR_SITE_DATA
    return response
