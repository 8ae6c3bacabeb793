from django.db import models


class AuditAction(models.IntegerChoices):
    """What happened, in numbered blocks by area (as zulip's RealmAuditLog).

    1xx accounts and sign-in, 2xx clinic, 3xx recovery, 4xx safety,
    5xx interoperability and export, 6xx emergency access, 9xx operations.
    Numbers are stored, so an existing number never changes meaning; new
    actions take new numbers.
    """

    # Accounts and sign-in.
    USER_REGISTERED = 101, "registered"
    USER_CREATED = 102, "account created by an operator"
    LOGGED_IN = 103, "signed in"
    LOGGED_OUT = 104, "signed out"
    LOGIN_FAILED = 105, "sign-in failed"
    PASSWORD_CHANGED = 106, "password changed"
    PASSWORD_RESET_REQUESTED = 107, "password reset requested"
    PASSWORD_RESET_COMPLETED = 108, "password reset completed"
    PROFILE_UPDATED = 109, "account details changed"
    INVITATION_CREATED = 110, "invitation created"
    INVITATION_ACCEPTED = 111, "invitation accepted"
    API_TOKEN_CREATED = 112, "API token created"
    API_TOKEN_REVOKED = 113, "API token revoked"
    ACCOUNT_VIEWED = 114, "account viewed"
    SESSIONS_ENDED = 115, "signed out on all other devices"
    TWO_FACTOR_ENABLED = 116, "two-factor sign-in turned on"
    TWO_FACTOR_VERIFIED = 117, "second factor checked at sign-in"
    ACCOUNT_CLOSED = 118, "account closed by its owner"
    TWO_FACTOR_REPLACED = 119, "authenticator replaced by its owner"
    TWO_FACTOR_RESET = 120, "two-step sign-in reset by an administrator or operator"
    ADMIN_ACCOUNT_VIEWED = 121, "account opened in the Django admin"
    ADMIN_ACCOUNTS_LISTED = 122, "account shown in the Django admin's list of accounts"
    ROLE_CHANGED = 123, "account type changed by its owner, before it held health data"
    RECOVERY_CODES_RENEWED = 124, "new two-step recovery codes made; the old ones stop"

    # Clinic: care teams and clinical records.
    PATIENT_INVITED = 201, "patient invited to a program"
    ENROLLMENT_CREATED = 202, "patient joined a program"
    CASELOAD_VIEWED = 203, "patient shown on a caseload"
    PATIENT_RECORD_VIEWED = 204, "patient record viewed by a clinician"
    SHARING_CHANGED = 205, "what the patient shares was changed"
    INTAKE_RECORDED = 206, "intake instruments recorded"
    LEVEL_DECIDED = 207, "level of care decided"
    PLAN_CHANGED = 208, "treatment plan changed"
    PLAN_REVIEWED = 209, "treatment plan reviewed"
    APPOINTMENT_SAVED = 210, "appointment saved"
    NOTE_WRITTEN = 211, "progress note written"
    NOTE_SIGNED = 212, "progress note signed"
    NOTE_ADDENDUM = 213, "addendum added to a signed note"
    DRUG_TEST_RECORDED = 214, "drug test recorded"
    OUTCOMES_VIEWED = 215, "outcomes report viewed"
    TREATMENT_PLAN_VIEWED = 216, "treatment plan viewed"

    SUPPORTER_INVITED = 217, "supporter invited"
    SUPPORTER_JOINED = 218, "supporter accepted"
    CONSENT_SIGNED = 219, "consent signed"
    CONSENT_REVOKED = 220, "consent revoked"
    SUPPORTER_VIEWED = 221, "shared information viewed by a supporter"
    SUPPORTER_ALERTED = 222, "supporter e-mailed that check-ins were missed"
    PROGRAM_CREATED = 223, "program created by an administrator"
    PROGRAM_UPDATED = 224, "program details changed by an administrator"
    MEMBERSHIP_ADDED = 225, "clinician added to a program"
    MEMBERSHIP_ENDED = 226, "clinician's program membership ended"
    SUPPORTER_INVITE_CANCELLED = 227, "supporter code cancelled"
    SUPPORTER_CODE_REFUSED = 228, "supporter code refused"
    JOIN_CODE_REFUSED = 229, "care team invitation code refused"
    APPOINTMENTS_DOWNLOADED = (
        230,
        "appointment times downloaded by a clinician to a calendar file (no names)",
    )
    CHART_NUMBER_CHANGED = 231, "program's chart number for a patient changed"
    CONTACT_LOGGED = 232, "contact with the patient logged by the care team"

    # Recovery records: the patient's own self-assessments, check-ins, plans.
    SCREENING_SAVED = 301, "self-assessment results saved"
    SCREENING_VIEWED = 302, "self-assessment results viewed"
    RECOVERY_PROFILE_SAVED = 303, "recovery profile saved"
    CHECKIN_CREATED = 304, "check-in recorded"
    CHECKINS_VIEWED = 305, "check-ins viewed"
    EARLY_WARNINGS_VIEWED = 306, "early warnings viewed"
    BODY_CHECK_SAVED = 307, "bladder-and-body check saved with a check-in"
    PLAN_SAVED = 308, "relapse-prevention plan saved"
    PLAN_VIEWED = 309, "relapse-prevention plan viewed"
    ROUTINE_CHANGED = 310, "recovery routine changed"
    ROUTINE_VIEWED = 311, "recovery routine viewed"
    DATA_EXPORTED = 312, "own data downloaded"
    THOUGHT_RECORD_SAVED = 313, "coping tool entry saved"
    RECOVERY_PROFILE_VIEWED = (
        314,
        "recovery profile viewed (reasons, people, time zone)",
    )
    COPING_RECORDS_VIEWED = 315, "coping tool entries viewed"
    DECISIONAL_BALANCE_SAVED = 316, "decisional balance saved"
    NOTIFICATIONS_TURNED_ON = 317, "reminder notifications turned on in a browser"
    NOTIFICATIONS_TURNED_OFF = 318, "reminder notifications turned off in a browser"

    # The body tracker for ketamine harms (issue 19, capability 2).
    BODY_TRACKER_SAVED = 720, "weekly body check saved"
    BODY_TRACKER_VIEWED = 721, "body checks viewed"
    BODY_LETTER_MADE = 722, "letter for the doctor made from the body checks"

    # The early-recovery daily set (issue 19, capability 3).
    EARLY_RECOVERY_VIEWED = 740, "early-recovery daily set viewed"
    EARLY_RECOVERY_SAVED = 741, "early-recovery daily entry saved"
    EARLY_RECOVERY_TURNED_ON = 742, "early-recovery daily set turned on"
    EARLY_RECOVERY_TURNED_OFF = 743, "early-recovery daily set turned off"
    WITHDRAWAL_PHASE_SUGGESTED = (
        744,
        ("withdrawal phase added to the plan from the patient's saved self-check"),
    )

    # Referrals that reach a program (issue 19, capability 4). The person
    # has no account: their events name no patient.
    REFERRAL_SENT = 760, "referral sent to a program"
    REFERRAL_STATUS_VIEWED = 761, "referral status viewed through its secret link"
    REFERRAL_WITHDRAWN = 762, "referral withdrawn by the person; what they sent deleted"
    REFERRAL_QUEUE_VIEWED = 763, "referral shown in a program's queue"
    REFERRAL_VIEWED = 764, "referral opened by the program's staff"
    REFERRAL_STATUS_CHANGED = 765, "referral status changed by the program's staff"
    REFERRAL_DELETED = 766, "closed referral deleted after the retention period"
    REFERRAL_SETTINGS_CHANGED = (
        767,
        "program's finder listings or referral retention changed by an administrator",
    )
    REFERRAL_CONSENT_ENDED = (
        768,
        (
            "open referral closed when the person's consent ended; what they sent deleted"
        ),
    )

    # The safety plan (issue 19, capability 1).
    SAFETY_PLAN_VIEWED = 700, "safety plan viewed by the patient"
    SAFETY_PLAN_SAVED = 701, "safety plan saved by the patient"
    SAFETY_PLAN_CLINICIAN_VIEWED = 702, "safety plan viewed by the care team"
    SAFETY_PLAN_CLINICIAN_EDITED = 703, "safety plan written with the care team"

    # Safety: early-warning flags.
    FLAG_REVIEWED = 401, "early-warning flag marked reviewed by the care team"
    # 410, apart from 401's neighbours, which other flag actions may take.
    CRISIS_ALERT_SENT = 410, "care team e-mailed to sign in about an urgent flag"

    # Interoperability and export.
    FHIR_EXPORTED = 501, "FHIR bundle exported"

    # Emergency access by an administrator.
    EMERGENCY_ACCESS_STARTED = 601, "emergency access opened by an administrator"
    EMERGENCY_RECORD_VIEWED = 602, "record viewed under emergency access"

    # Operations.
    DATABASE_RESTORED = 901, "database restored from a backup"
    AUDIT_KEY_ROTATED = 902, "audit key changed"
