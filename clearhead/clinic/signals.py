"""A drug test saved or deleted changes its week of the outcomes report.

A receiver, like care.signals, so that no path that writes one (a service,
a cascade, a fixture) leaves the report's stored weeks out of date.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from clearhead.care.models import Enrollment
from clearhead.care.services import program_outcomes_invalidate
from clearhead.clinic.models import DrugTest


@receiver([post_save, post_delete], sender=DrugTest)
def drug_test_changed(sender, instance: DrugTest, **kwargs) -> None:
    program_outcomes_invalidate(
        program_ids=Enrollment.objects.filter(pk=instance.enrollment_id).values(
            "program_id"
        )
    )
