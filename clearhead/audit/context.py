"""Where the current request came from, for audit rows written deep inside.

Services write audit rows without being handed the HTTP request: the audit
middleware records the request's origin here for the length of the request.
A context variable keeps concurrent requests (threads or tasks) apart.
"""

from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass
class RequestOrigin:
    ip_address: str | None = None
    channel: str = ""  # the page or API operation, e.g. "accounts:settings"
    method: str = ""
    events_recorded: int = field(default=0)
    # The AuditAction numbers recorded, in order: the patient-data decorator
    # checks them against the actions the view declares.
    actions: list[int] = field(default_factory=list)


_current: ContextVar[RequestOrigin | None] = ContextVar("audit_origin", default=None)


def current_origin() -> RequestOrigin | None:
    return _current.get()


def set_origin(origin: RequestOrigin | None):
    return _current.set(origin)


def reset_origin(token) -> None:
    _current.reset(token)
