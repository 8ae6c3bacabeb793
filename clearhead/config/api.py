"""The one JSON API, version 1, mounted at /api/v1/.

Each app adds its own router. Errors always come back as JSON of one shape:
`{"detail": "<one sentence>", "errors": [{"field": "...", "message": "..."}]}`
where `errors` lists field-level problems when there are any.
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.throttling import AnonRateThrottle

from clearhead.accounts.api_auth import API_AUTH
from clearhead.audit.decorators import no_patient_data

logger = logging.getLogger("clearhead.api")

api = NinjaAPI(
    title="Clearhead API",
    version="1",
    description=(
        "Self-assessment, recovery check-ins and clinical records for "
        "ketamine addiction care. Authenticate with a personal token "
        "(`Authorization: Bearer …`, made in account settings) or a browser "
        "session with its CSRF token."
    ),
    auth=API_AUTH,
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def error_response(request, status: int, detail: str, errors=None) -> HttpResponse:
    body = {"detail": detail}
    if errors:
        body["errors"] = errors
    return api.create_response(request, body, status=status)


def _field_name(location: list) -> str:
    """Turn ninja's error location into the field a client sent.

    ("body", "payload", "answers", 3) → "answers.3": the source and, for a
    body, the handler's parameter name are ours, not the client's.
    """
    parts = list(location)
    if parts and parts[0] == "body":
        parts = parts[2:]
    elif parts and parts[0] in {"query", "path", "header", "cookie", "form"}:
        parts = parts[1:]
    return ".".join(str(part) for part in parts) or "body"


@api.exception_handler(ValidationError)
def validation_failed(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"field": _field_name(error.get("loc", [])), "message": error.get("msg", "")}
        for error in exc.errors
    ]
    return error_response(request, 422, "Some fields are not valid.", errors)


@api.exception_handler(DjangoValidationError)
def service_refused(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = [
            {"field": field, "message": message}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"field": "body", "message": message} for message in exc.messages]
    return error_response(request, 422, "Some fields are not valid.", errors)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(request, 401, "Sign in or send a valid API token.")


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error_response(request, 403, "You do not have access to this.")


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, 404, "Not found.")


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        # A body that is not JSON at all is as malformed as a wrong field.
        errors = [{"field": "body", "message": "The request body is not valid JSON."}]
        return error_response(request, 422, "Some fields are not valid.", errors)
    return error_response(request, exc.status_code, str(exc))


@api.exception_handler(RequestDataTooBig)
def too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    # Over DATA_UPLOAD_MAX_MEMORY_SIZE: the client's mistake, not ours.
    return error_response(request, 413, "The request is too large.")


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    # The exception type only: messages and tracebacks can carry the data
    # that was being handled.
    logger.error("API error %s in %s", type(exc).__name__, request.path)
    return error_response(request, 500, "Something went wrong on our side.")


class ApiRootOut(Schema):
    name: str
    version: str
    authenticated: bool
    links: dict[str, str]


class MeOut(Schema):
    id: str
    email: str
    display_name: str
    role: str


def _add_routers() -> None:
    from clearhead.directory.api import router as directory_router
    from clearhead.recovery.api import router as recovery_router
    from clearhead.screening.api import router as screening_router

    api.add_router("/screening", screening_router)
    api.add_router("/", directory_router)
    api.add_router("/", recovery_router)
    from clearhead.interop.api import router as interop_router

    api.add_router("/", interop_router)
    if settings.CLEARHEAD_BENCH_FLOOR:
        from clearhead.benchfloor.api import router as floor_router

        api.add_router("/bench", floor_router)


_add_routers()


@api.get("/", auth=None, response=ApiRootOut, throttle=[AnonRateThrottle("120/m")])
@no_patient_data
def api_root(request: HttpRequest):
    """Describe the API and link to its schema and documentation."""
    return {
        "name": "Clearhead API",
        "version": "1",
        "authenticated": request.user.is_authenticated,
        "links": {
            "openapi": "/api/v1/openapi.json",
            "docs": "/api/v1/docs",
            "health": "/healthz",
        },
    }


@api.get("/me", response=MeOut)
@no_patient_data
def get_me(request: HttpRequest):
    """Return the account the request is authenticated as."""
    user = request.auth
    return {
        "id": str(user.public_id),
        "email": user.email,
        "display_name": user.display_name,
        "role": user.role,
    }
