"""Every request reads times in its reader's zone."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from clearhead.care.time_zones import reader_time_zone


class ReaderTimeZoneMiddleware:
    """Activate the reader's zone (`care.time_zones.reader_time_zone`).

    So `{{ instant|date }}` and `{% local_time %}` show local time on every
    page. A page about one program's patient narrows it to that program's
    zone (`activate_program_zone`). Placed after authentication; the zone is
    reset after the response so a thread never carries one reader's zone to
    the next request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timezone.activate(reader_time_zone(getattr(request, "user", None)))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


def activate_program_zone(request: HttpRequest, program) -> None:
    """On a page about one program's patient, staff read in that program's zone."""
    timezone.activate(reader_time_zone(request.user, program=program))
