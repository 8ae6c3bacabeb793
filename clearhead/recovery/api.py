"""The patient's own check-ins, early warnings and reminder notifications
(session or token)."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.errors import HttpError

from clearhead.audit.actions import AuditAction
from clearhead.audit.decorators import no_patient_data, shows_patient_data
from clearhead.care import policy
from clearhead.care.time_zones import today_for
from clearhead.recovery import selectors, services
from clearhead.recovery.schemas import (
    CheckInIn,
    CheckInOut,
    EarlyWarningsOut,
    PushEndpointIn,
    PushStatusOut,
    PushSubscriptionIn,
)
from clearhead.recovery.signals import SESSION_PUSH_ENDPOINT

router = Router(tags=["recovery"])


def _patient(request: HttpRequest):
    if not policy.is_patient(request.auth):
        raise PermissionDenied
    return request.auth


@router.post("/checkins", response={200: CheckInOut, 201: CheckInOut})
@shows_patient_data(AuditAction.CHECKIN_CREATED, AuditAction.CHECKINS_VIEWED)
def create_checkin(request: HttpRequest, payload: CheckInIn):
    """Record a check-in. The same client_id again returns the first one (200).

    409 when the client_id was used for a different check-in, or the
    check-in was queued under another account (`account_tag`).
    """
    patient = _patient(request)
    data = payload.model_dump(exclude={"client_id"})
    if data["day"] is not None and data["recorded_at"] is None:
        # A day other than today is the late rule's to judge (yesterday, once).
        data["late"] = data["day"] != today_for(patient)
    try:
        checkin, created = services.checkin_create(
            actor=patient, client_id=payload.client_id, data=data
        )
    except services.CheckInConflict as conflict:
        raise HttpError(409, str(conflict)) from conflict
    return Status(201 if created else 200, checkin)


@router.get("/checkins", response=list[CheckInOut])
@shows_patient_data(AuditAction.CHECKINS_VIEWED)
def list_checkins(request: HttpRequest, since: date | None = Query(None)):  # noqa: B008
    """The patient's own check-ins, newest first, from `since` when given."""
    patient = _patient(request)
    return list(
        selectors.checkin_list_for_patient(actor=patient, patient=patient, since=since)
    )


@router.get("/me/early-warnings", response=EarlyWarningsOut)
@shows_patient_data(AuditAction.EARLY_WARNINGS_VIEWED)
def get_early_warnings(request: HttpRequest):
    """The patient's current early-warning flags, most urgent first."""
    patient = _patient(request)
    flags = selectors.early_warnings_for_patient(
        actor=patient, patient=patient, audited=True
    )
    return {"flags": [flag.as_dict() for flag in flags]}


@router.put("/me/push-subscription", response=PushStatusOut)
@no_patient_data
def save_push_subscription(request: HttpRequest, payload: PushSubscriptionIn):
    """Turn reminder notifications on for this browser (its PushSubscription).

    422 when notifications are not set up on this site, or the subscription
    is not at a browser's push service. Saving it again is safe.
    """
    patient = _patient(request)
    services.push_subscription_save(
        actor=patient,
        endpoint=payload.endpoint,
        p256dh=payload.keys.p256dh,
        auth=payload.keys.auth,
    )
    if request.user.is_authenticated and request.user.pk == patient.pk:
        # Signing out of this session forgets it (recovery.signals).
        request.session[SESSION_PUSH_ENDPOINT] = payload.endpoint
    return {"notifications_on": True}


@router.delete("/me/push-subscription", response=PushStatusOut)
@no_patient_data
def delete_push_subscription(request: HttpRequest, payload: PushEndpointIn):
    """Turn reminder notifications off for this browser. Safe to repeat."""
    patient = _patient(request)
    services.push_subscriptions_forget(actor=patient, endpoints=[payload.endpoint])
    if request.session.get(SESSION_PUSH_ENDPOINT) == payload.endpoint:
        del request.session[SESSION_PUSH_ENDPOINT]
    return {"notifications_on": False}
