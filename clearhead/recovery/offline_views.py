"""The page a phone shows, without a connection, instead of a recovery page
that needs one.

The service worker (static/js/sw.js) fetches it without cookies and keeps it
for everyone, so it names no one and shows nothing of an account: it says
which pages open offline and that calls to the help lines need no internet.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from clearhead.audit.decorators import no_patient_data


@login_not_required
@no_patient_data
@require_safe
def offline_page(request: HttpRequest) -> HttpResponse:
    """ "You are offline", with links to the pages kept on the phone."""
    return render(request, "recovery/offline.html")
