"""Whole public pages, cached for people who are not signed in.

`@public_page` on a view (home, the self-check's first page, an article,
the program and meeting finders) serves the page from Django's cache
(Redis in production, each process's memory without it) and stores it
after a fresh render. Safe by design:

* **Nothing personal.** Only a GET carrying no cookie but the CSRF and
  language cookies (so no session, no sign-in, no flash message) and no
  Authorization header is served from or stored to the cache; anyone else,
  and every signed-in person, gets a fresh render, stored nowhere. A
  response is stored only when it is a plain 200 HTML page that sets no
  cookie and no header of its own, left the session untouched and queued no
  message.
* **The key is everything the page depends on** (`page_key`): the code and
  content of this release (`release()`, a fingerprint of the package's
  files: templates, translations, help lines, articles), the public content
  version in the database (`content_version()`), the region
  (CLEARHEAD_REGION: its help lines), the language the page is shown in and
  the one the reader chose (LanguageMiddleware: the switch differs), the
  host and scheme, the path with its query string (the finders), and what
  the view adds (`vary`: an article's text, the minute for "starts in 20
  minutes").
* **A change shows at once.** Public content in the database is written
  through services that call `public_content_changed()` in the write's own
  transaction (the directory's imports and edits); it moves the one number
  in `PublicContentVersion` on, and every process reads that number (one
  query, as /healthz asks) before each cached page. A reader that read the
  old number can only store under the old key, which nobody asks for again.
  Files change only with a release, and change `release()`. The cache's
  timeout only bounds its size; correctness never waits for it.
* **CSRF stays per person.** The cached HTML holds no token: while a page
  is rendered for the cache, `{% csrf_token %}` writes a placeholder
  (`csrf_placeholder`, a context processor), and every response, the first
  one included, has it replaced by `get_token(request)`: this visitor's own
  masked token, with the CSRF cookie set or kept by CsrfViewMiddleware as
  on any page. No visitor ever receives another's token, and the check on
  POST is Django's, unchanged.
* **Headers are the middleware's, on every response**: the view runs inside
  the whole stack, so the Content-Security-Policy (which uses no nonce: a
  nonce in a cached page would be replayed, and this module would have to
  refuse it), X-Frame-Options, Permissions-Policy and Content-Language are
  added to a cached page as to a fresh one. Quick exit and sign-out are not
  cached pages and keep their Clear-Site-Data and no-store.
"""

import functools
import hashlib
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers

from clearhead.core.models import PublicContentVersion

# How long a page is kept: a bound on the cache's size, never on staleness.
PAGE_SECONDS = 10 * 60
# What the cached HTML holds where a CSRF token goes; replaced per response.
CSRF_PLACEHOLDER = "clearhead-public-page-csrf-token"
_RENDERING_FOR_CACHE = "_public_page_rendering"
PACKAGE_DIR = Path(__file__).resolve().parent.parent


@functools.cache
def release() -> str:
    """A fingerprint of this release's files (code, templates, translations,
    help lines, articles): a new release never reads an old release's pages.
    Read once per process."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        relative = path.relative_to(PACKAGE_DIR)
        if not path.is_file() or {"tests", "__pycache__"} & set(relative.parts):
            continue
        digest.update(str(relative).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def content_version() -> int:
    """The public content version, as every process sees it now: one query,
    written out so that it costs about what /healthz's does (asked before
    every cached page, it is most of what one costs)."""
    table = connection.ops.quote_name(PublicContentVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT number FROM {table} WHERE id = 1")  # noqa: S608  (our table)
        row = cursor.fetchone()
    return row[0] if row else 0


def public_content_changed() -> None:
    """Say that what public pages show has changed: every cached page is
    rendered afresh from the next request on. Call it in the transaction of
    the write (the directory's services do), so no reader sees the new
    number before the new content."""
    if not PublicContentVersion.objects.filter(pk=1).update(number=F("number") + 1):
        PublicContentVersion.objects.get_or_create(pk=1, defaults={"number": 1})


def may_use_cache(request: HttpRequest) -> bool:
    """Whether `request` may be served from, and stored to, the page cache:
    a GET by someone not signed in, carrying no cookie but the CSRF and
    language ones and no credentials."""
    return (
        request.method == "GET"
        and set(request.COOKIES)
        <= {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.user.is_authenticated
    )


def page_key(request: HttpRequest, vary: tuple[str, ...] = ()) -> str:
    """The cache key of the page `request` asks for (see the module's docstring)."""
    parts = (
        release(),
        str(content_version()),
        settings.CLEARHEAD_REGION,
        getattr(request, "LANGUAGE_CODE", ""),
        getattr(request, "chosen_language", ""),
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        *vary,
    )
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"public-page:{digest}"


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    """A plain HTML page with nothing of this visitor's in it or on it."""
    messages = getattr(request, "_messages", None)
    return (
        response.status_code == 200
        and not response.streaming
        and {name.lower() for name in response.headers} == {"content-type"}
        and response["Content-Type"].startswith("text/html")
        and not response.cookies
        and not request.session.modified
        and not (messages is not None and len(messages))
    )


def _with_csrf_token(request: HttpRequest, content: bytes) -> bytes:
    """The page with this visitor's own CSRF token where the placeholder is."""
    placeholder = CSRF_PLACEHOLDER.encode()
    if placeholder not in content:
        return content
    return content.replace(placeholder, get_token(request).encode())


def csrf_placeholder(request: HttpRequest) -> dict:
    """Context processor: while a page is rendered for the cache,
    `{% csrf_token %}` writes the placeholder instead of a token."""
    if getattr(request, _RENDERING_FOR_CACHE, False):
        return {"csrf_token": CSRF_PLACEHOLDER}
    return {}


def public_page(*vary: Callable[[HttpRequest], str]):
    """Cache the decorated public view's page for people not signed in.

    Each of `vary` names something else the page depends on, as a string
    (an article's version, the minute); it joins the key.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not may_use_cache(request):
                return view(request, *args, **kwargs)
            key = page_key(request, tuple(part(request) for part in vary))
            cached = cache.get(key)
            if cached is None:
                setattr(request, _RENDERING_FOR_CACHE, True)
                try:
                    response = view(request, *args, **kwargs)
                    if not getattr(response, "is_rendered", True):
                        response.render()  # a TemplateResponse: render it now
                finally:
                    setattr(request, _RENDERING_FOR_CACHE, False)
                if response.streaming:
                    return response
                if _storable(request, response):
                    cache.set(key, response.content, PAGE_SECONDS)
                response.content = _with_csrf_token(request, response.content)
            else:
                response = HttpResponse(_with_csrf_token(request, cached))
            # Served alike from the cache or fresh: the page depends on the
            # cookies (signed in or not, language) and the browser's language.
            patch_vary_headers(response, ("Cookie", "Accept-Language"))
            return response

        return wrapper

    return decorator
