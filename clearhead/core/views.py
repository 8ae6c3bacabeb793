import logging
from datetime import date

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from django.views.i18n import set_language as django_set_language

from clearhead.core import languages
from clearhead.core.device import forget_this_device
from clearhead.core.public_cache import public_page
from clearhead.core.view_policy import no_patient_data

logger = logging.getLogger("clearhead.health")

# When the privacy page was last checked against what the site does.
PRIVACY_REVIEWED_ON = date(2026, 11, 22)


@login_not_required
@no_patient_data
@require_safe
@public_page()
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@login_not_required
@no_patient_data
@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html", {"reviewed_on": PRIVACY_REVIEWED_ON})


@login_not_required
@no_patient_data
@never_cache
@require_safe
def quick_exit(request: HttpRequest) -> HttpResponse:
    """A blank, neutral page to leave Clearhead for in a hurry.

    It carries no name, logo or words that point back to Clearhead, and asks
    the browser to drop what it cached and stored from this site (an unsent
    offline check-in included: nothing is left on a shared phone). It also
    signs the person out, or ends the session of someone not signed in:
    pressing Back afterwards asks the server again, and the server must then
    have nobody's pages to give.
    """
    if request.user.is_authenticated:
        logout(request)
    else:
        # Someone not signed in has a session too (a referral's status link
        # for the page after sending): end it as signing out would.
        request.session.flush()
    response = forget_this_device(render(request, "core/quick_exit.html"))
    # The language choice and the form token name no one, but they show this
    # site was used.
    response.delete_cookie(
        settings.LANGUAGE_COOKIE_NAME, samesite=settings.LANGUAGE_COOKIE_SAMESITE
    )
    response.delete_cookie(
        settings.CSRF_COOKIE_NAME, samesite=settings.CSRF_COOKIE_SAMESITE
    )
    return response


@login_not_required
@no_patient_data
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Remember the reader's language (clearhead.core.languages) and go back.

    Django's set_language: POST `language` (a code of settings.LANGUAGES;
    another is ignored) and `next` (a path on this site; another goes home).
    It sets the language cookie, so it works without an account; quick exit
    clears it with the rest of the site's data.
    """
    if request.POST.get("language") not in languages.NAMES:
        # Django's view would keep any language Django itself knows.
        return django_set_language(_without_language(request))
    return django_set_language(request)


def _without_language(request: HttpRequest) -> HttpRequest:
    request.POST = request.POST.copy()
    request.POST.pop("language", None)
    return request


@login_not_required
@no_patient_data
@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Report whether the app can reach its database (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Health check failed: %s", type(error).__name__)
        return JsonResponse(
            {"status": "unavailable", "reason": "The database cannot be reached."},
            status=503,
        )
    return JsonResponse({"status": "ok"})


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "errors/404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/500.html", status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Explain an expired or blocked form in words, with the page around it."""
    return render(request, "403_csrf.html", status=403)


@login_not_required
@no_patient_data
@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served from the root so it may cover every page."""
    from django.contrib.staticfiles import finders

    path = finders.find("js/sw.js")
    with open(path, encoding="utf-8") as source:
        response = HttpResponse(source.read(), content_type="application/javascript")
    response["Cache-Control"] = "no-cache"
    return response


@login_not_required
@no_patient_data
@require_safe
def web_manifest(request: HttpRequest) -> JsonResponse:
    """Lets a phone install the daily check-in like an app."""
    from django.templatetags.static import static

    manifest = {
        "name": gettext("Clearhead check-in"),
        "short_name": gettext("Check-in"),
        "start_url": "/recovery/check-in/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0d5c63",
        "icons": [
            {"src": static("img/logo.svg"), "sizes": "any", "type": "image/svg+xml"}
        ],
    }
    return JsonResponse(manifest, content_type="application/manifest+json")
