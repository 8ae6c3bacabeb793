"""Writes that change closed weeks of a program's outcomes report.

Receivers rather than calls in each writer, so that no path that saves or
deletes a care team's consent or an enrollment (a service, a cascade, a
test's fixture) can leave the report's stored weeks counting what changed.
Bulk writes that send no signal (QuerySet.update, bulk_create) call
care.services.program_outcomes_invalidate themselves.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from clearhead.care.models import Consent, Enrollment
from clearhead.care.services import program_outcomes_invalidate


@receiver([post_save, post_delete], sender=Consent)
def consent_changed(sender, instance: Consent, **kwargs) -> None:
    # Only a care team's consent to kinds of information counts in the
    # report: a supporter's, or one to a single disclosure, does not.
    if instance.enrollment_id is not None and instance.record_id is None:
        program_outcomes_invalidate(
            program_ids=Enrollment.objects.filter(pk=instance.enrollment_id).values(
                "program_id"
            )
        )


@receiver(post_save, sender=Enrollment)
def enrollment_saved(sender, instance: Enrollment, created: bool, **kwargs) -> None:
    # An enrollment starting today holds no check-in of a closed week; one
    # made with an earlier start (data loaded, a fixture) may.
    if created:
        program_outcomes_invalidate(program_ids=[instance.program_id])


@receiver(post_delete, sender=Enrollment)
def enrollment_deleted(sender, instance: Enrollment, **kwargs) -> None:
    program_outcomes_invalidate(program_ids=[instance.program_id])
