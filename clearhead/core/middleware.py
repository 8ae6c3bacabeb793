from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from clearhead.core import languages

# Features no Clearhead page uses; denying them shrinks what injected code
# could reach. Geolocation only for our own origin ("Use my location").
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=(self)" if feature == "geolocation" else f"{feature}=()"
    for feature in (
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
    )
)


class PrivacyHeadersMiddleware:
    """Add headers that keep personal pages out of shared caches and history.

    Pages shown to a signed-in person are never stored by the browser or a
    proxy, so someone else on the same device cannot page back through them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)  # includes no-store and private
        return response


class LanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, in English where a page is not translated.

    The reader's language comes from their language cookie (the switch on
    every page sets it; no account needed), else their browser's
    Accept-Language, else English. Pages outside the translated areas
    (`clearhead.core.languages.is_translated`) are served in English with
    `request.chosen_language` kept, so the switch can say so.
    """

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        request.chosen_language = request.LANGUAGE_CODE
        if request.LANGUAGE_CODE != languages.ENGLISH and not languages.is_translated(
            request.path_info
        ):
            translation.activate(languages.ENGLISH)
            request.LANGUAGE_CODE = languages.ENGLISH
