from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from clearhead.audit.context import RequestOrigin, reset_origin, set_origin


def client_ip(request: HttpRequest) -> str | None:
    """Return the client's address, trusting only the configured proxies.

    Behind N load balancers the real client is the Nth address from the right
    of X-Forwarded-For; anything further left could have been sent by the
    client itself.
    """
    proxies = settings.CLEARHEAD_TRUSTED_PROXIES
    if proxies:
        forwarded = request.headers.get("X-Forwarded-For", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR") or None


class AuditContextMiddleware:
    """Make the request's origin available to audit_record() during the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        origin = RequestOrigin(ip_address=client_ip(request), method=request.method)
        request.audit_origin = origin
        token = set_origin(origin)
        try:
            return self.get_response(request)
        finally:
            reset_origin(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        request.audit_origin.channel = (match.view_name if match else "")[:120]
