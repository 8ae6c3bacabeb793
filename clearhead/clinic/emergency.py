"""The patient's record as an administrator reads it during emergency access.

Here rather than in breakglass: the record is the companion's
(`recovery.export`), which sits above breakglass. breakglass decides whether
the access is open and records the reading; this module adds the record.
"""

from clearhead.breakglass.models import EmergencyAccess
from clearhead.breakglass.services import emergency_record_viewed
from clearhead.recovery.export import patient_record_collect


def emergency_record(*, actor, access: EmergencyAccess) -> dict:
    """The patient's record, while the access is open and only to its admin."""
    emergency_record_viewed(actor=actor, access=access)
    return patient_record_collect(access.patient)
