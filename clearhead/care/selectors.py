"""Reads of the care relationship that other apps' pages show."""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet

from clearhead.care import policy
from clearhead.care.models import Consent, SupporterLink


def supporter_links_waiting(*, actor) -> QuerySet[SupporterLink]:
    """The patient's own supporters who used a code and wait for a consent.

    Linked (the code was used), not ended, and never given a consent: the
    patient has not yet chosen what they may see. A link whose consent was
    revoked or has ended is not waiting: the patient already chose, and is
    not asked again. For the patient's home page ("Maria asked to support
    you"); it names the people, never anything shared.
    """
    if not policy.is_patient(actor):
        raise PermissionDenied
    return (
        SupporterLink.objects.filter(
            patient=actor, ended_at=None, supporter__isnull=False
        )
        .exclude(Exists(Consent.objects.filter(link=OuterRef("pk"))))
        .select_related("supporter")
        .order_by("accepted_at")
    )
