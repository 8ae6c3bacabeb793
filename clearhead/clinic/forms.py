import re
import uuid
from datetime import UTC, timedelta

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from clearhead.care.models import (
    CHART_NUMBER_MAX,
    LEVELS_OF_CARE,
    SHARE_KINDS,
    Program,
)
from clearhead.clinic.caseload import (
    DEFAULT_SORT,
    REVIEW_FILTERS,
    SEARCH_MAX,
    SORTS,
)
from clearhead.clinic.models import (
    INTERVENTIONS,
    PLAN_PHASES,
    STATUSES,
    SUBSTANCES,
    Appointment,
    ContactLog,
    DrugTest,
    translated_choices,
)
from clearhead.clinic.outcomes import last_complete_sunday
from clearhead.core import clock, local_times
from clearhead.flags.definitions import FLAG_CODES
from clearhead.flags.services import REVIEW_NOTE_MAX
from clearhead.screening.scoring import CARE_FLAGS, CARE_RATINGS


class PatientInvitationForm(forms.Form):
    program = forms.ModelChoiceField(
        label=_("Program"), queryset=None, empty_label=None
    )
    email = forms.EmailField(
        label=_("Patient's e-mail (optional)"),
        required=False,
        help_text=_("Leave empty to give the patient a code in person instead."),
    )
    level_of_care = forms.ChoiceField(label=_("Level of care"), choices=LEVELS_OF_CARE)

    def __init__(self, *args, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs


class ProgramForm(forms.Form):
    """A program's details; clinic.services validates them again (time zone)."""

    name = forms.CharField(label=_("Program name"), max_length=200)
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        help_text=_("Where the program works. Staff see dates and times in it."),
    )
    address = forms.CharField(
        label=_("Street address (optional)"), max_length=200, required=False
    )
    city = forms.CharField(label=_("City (optional)"), max_length=120, required=False)
    state = forms.CharField(label=_("State (optional)"), max_length=40, required=False)
    phone = forms.CharField(
        label=_("Phone number for patients (optional)"),
        max_length=40,
        required=False,
        help_text=_("Shown to the program's patients, with the address."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = list(clock.TIME_ZONE_CHOICES)
        # A zone set before (or by the region's default) stays choosable.
        current = self.initial.get("time_zone")
        if current and current not in dict(choices):
            choices.append((current, current))
        self.fields["time_zone"].choices = choices


class MembershipAddForm(forms.Form):
    clinician = forms.ModelChoiceField(
        label=_("Clinician to add"), queryset=None, empty_label=_("Choose a clinician")
    )

    def __init__(self, *args, clinicians, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clinician"].queryset = clinicians
        # Two clinicians may share a name; their addresses tell them apart.
        self.fields["clinician"].label_from_instance = lambda user: (
            f"{user.display_name or user.email} ({user.email})"
        )


class SharingForm(forms.Form):
    """What a care team may see, in two steps so the consent is read before it is signed.

    Choosing (`confirming=False`): the boxes, none ticked unless already
    shared, and no signature. Confirming (`confirming=True`): the choice
    carried hidden under a summary of the consent (clinic/_consent_summary.html)
    and the signature, asked only when something is shared.
    """

    sharing = forms.MultipleChoiceField(
        label=_("What your care team can see"),
        required=False,
        choices=list(SHARE_KINDS.items()),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Tick only what you want to share. You can change this at any time. "
            "Your care team sees nothing you do not tick."
        ),
    )
    signature = forms.CharField(
        label=_("Type your full name to sign"),
        max_length=120,
        required=False,
        help_text=_("You can revoke this consent at any time; it stops at once."),
    )

    def __init__(self, *args, confirming: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.confirming = confirming
        if confirming:
            self.fields["sharing"].widget = forms.MultipleHiddenInput()
        else:
            del self.fields["signature"]

    def needs_signature(self) -> bool:
        return self.confirming and bool(self.cleaned_data.get("sharing"))

    def clean(self):
        cleaned = super().clean()
        signature = (cleaned.get("signature") or "").strip()
        if self.confirming and cleaned.get("sharing") and len(signature) < 2:
            self.add_error("signature", gettext("Type your name to sign."))
        return cleaned


class ChartNumberForm(forms.Form):
    """The program's chart number for a patient (clinic.records validates it)."""

    chart_number = forms.CharField(
        label=_("Chart number (optional)"),
        max_length=CHART_NUMBER_MAX,
        required=False,
        help_text=_(
            "Your program's number for this patient. It shows beside their name "
            "at the top of each page about them. Leave empty to remove it."
        ),
    )


class JoinCodeForm(forms.Form):
    """The first step of joining: the code, so the next step can name the program."""

    code = forms.CharField(
        label=_("Invitation code"),
        max_length=20,
        help_text=_("8 letters and numbers, from your clinician."),
    )


class JoinForm(JoinCodeForm, SharingForm):
    """The next steps: what the named program's care team may see, then signed."""

    field_order = ["code", "sharing", "signature"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Found in the first step (or in the e-mailed link): carried, not retyped.
        self.fields["code"].widget = forms.HiddenInput()


RATING_CHOICES = [
    ("0", _("0 none")),
    ("1", _("1 low")),
    ("2", _("2 moderate")),
    ("3", _("3 high")),
    ("4", _("4 severe")),
]
DIMENSIONS = {
    "withdrawal": _("Intoxication and withdrawal risk"),
    "medical": _("Physical health and complications"),
    "mental_health": _("Emotional, behavioral or cognitive conditions"),
    "readiness": _("Readiness to change (4 = not ready at all)"),
    "relapse_risk": _("Relapse or continued-use risk"),
    "environment": _("Recovery environment (4 = works hard against recovery)"),
}
LIFE_FACTOR_LABELS = {
    "suicidal_thoughts": _("Suicidal thoughts"),
    "homeless": _("Homeless or unstable housing"),
    "no_transport": _("No transport to appointments"),
    "far_from_services": _("Far from services"),
    "home_problems": _("Problems at home"),
    "work_problems": _("Problems at work or school"),
    "legal_problems": _("Legal problems"),
    "strong_home_support": _("Strong support at home"),
}


class CareRatingsForm(forms.Form):
    """The six level-of-care ratings, rated by the clinician, and the life factors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for rating in CARE_RATINGS:
            self.fields[rating] = forms.ChoiceField(
                label=DIMENSIONS[rating],
                choices=RATING_CHOICES,
                widget=forms.RadioSelect,
                error_messages={"required": _("Rate this dimension.")},
            )
        self.fields["flags"] = forms.MultipleChoiceField(
            label=_("Also present"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            choices=[(flag, LIFE_FACTOR_LABELS[flag]) for flag in CARE_FLAGS],
        )

    def answers(self) -> dict:
        answers = {rating: int(self.cleaned_data[rating]) for rating in CARE_RATINGS}
        answers.update(
            {flag: flag in self.cleaned_data["flags"] for flag in CARE_FLAGS}
        )
        return answers


class LevelDecisionForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Level of care chosen"),
        choices=LEVELS_OF_CARE,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (needed if it differs from the guidance)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PhaseForm(forms.Form):
    kind = forms.ChoiceField(choices=PLAN_PHASES, widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=STATUSES)
    target_date = forms.DateField(
        label=_("Target date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    responsible = forms.ModelChoiceField(
        label=_("Responsible clinician"), queryset=None, required=False
    )
    interventions = forms.MultipleChoiceField(
        label=_("Interventions"),
        required=False,
        choices=translated_choices(INTERVENTIONS.items()),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, care_team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = care_team


class GoalForm(forms.Form):
    phase = forms.ChoiceField(label=_("Phase"), choices=translated_choices(PLAN_PHASES))
    description = forms.CharField(label=_("Goal"), max_length=300)
    objective = forms.CharField(
        label=_("Measurable objective"),
        max_length=300,
        help_text=_("For example: 4 weeks of daily check-ins with no use."),
    )
    target_date = forms.DateField(
        label=_("Target date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class ReviewForm(forms.Form):
    decision = forms.CharField(
        label=_("What was decided"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    new_level = forms.ChoiceField(
        label=_("Change the level of care to"),
        required=False,
        choices=[("", _("Keep the current level")), *LEVELS_OF_CARE],
    )


class FlagReviewForm(forms.Form):
    """Mark one flag reviewed, with an optional note (flags.services.flag_review).

    One form per flag on the patient page: `flag` gives its field a label and
    an id of its own.
    """

    note = forms.CharField(
        required=False,
        max_length=REVIEW_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=format_lazy(
            _("Optional. Up to {count} characters."), count=REVIEW_NOTE_MAX
        ),
    )

    def __init__(self, *args, flag, **kwargs):
        kwargs.setdefault("auto_id", f"id_review_{flag.public_id.hex}_%s")
        super().__init__(*args, **kwargs)
        self.flag = flag
        self.fields["note"].label = gettext("Note on “%(flag)s”") % {"flag": flag.label}


class ContactLogForm(forms.Form):
    """Log one contact with the patient (clinic.services.contact_log_record).

    Its ids start "id_contact_", apart from the other forms of the patient
    page it sits on.
    """

    kind = forms.ChoiceField(
        label=_("How did you reach them?"),
        choices=ContactLog.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how you reached them, or tried to.")},
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=ContactLog.NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=format_lazy(
            _(
                "Optional. What the next person to reach them should know. "
                "Up to {count} characters."
            ),
            count=f"{ContactLog.NOTE_MAX_LENGTH:,}",
        ),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_contact_%s")
        super().__init__(*args, **kwargs)


class NoteForm(forms.Form):
    data = forms.CharField(
        label=_("Data"),
        help_text=_("What happened and what was observed."),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    assessment = forms.CharField(
        label=_("Assessment"),
        help_text=_("Your clinical reading of it."),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    plan = forms.CharField(
        label=_("Plan"),
        help_text=_("What happens next."),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AddendumForm(forms.Form):
    text = forms.CharField(
        label=_("Addendum"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


RESULT_CHOICES = [
    ("", _("Not tested")),
    ("negative", _("Negative")),
    ("positive", _("Positive")),
    ("inconclusive", _("Inconclusive")),
]


class DrugTestForm(forms.Form):
    collected_on = forms.DateField(
        label=_("Collected on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    specimen = forms.ChoiceField(
        label=_("Specimen"), choices=translated_choices(DrugTest.Specimen.choices)
    )
    method = forms.ChoiceField(
        label=pgettext_lazy("a drug test's kind", "Test"),
        choices=translated_choices(DrugTest.Method.choices),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in SUBSTANCES.items():
            self.fields[f"result_{code}"] = forms.ChoiceField(
                label=_(label), choices=RESULT_CHOICES, required=False
            )

    def results(self) -> dict[str, str]:
        return {
            code: self.cleaned_data[f"result_{code}"]
            for code in SUBSTANCES
            if self.cleaned_data.get(f"result_{code}")
        }

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.results():
            raise forms.ValidationError(
                gettext("Record a result for at least one substance.")
            )
        return cleaned


class WallTimeField(forms.DateTimeField):
    """A date and time as typed, with no zone attached (a naive datetime).

    The zone is the caller's to name (an appointment's is its program's), so
    the active zone of the request never decides what a typed time means.
    """

    def to_python(self, value):
        # Parsed as if in UTC, where every wall time exists once, then the
        # zone is dropped: what remains is exactly what was typed.
        with timezone.override(UTC):
            parsed = super().to_python(value)
        return None if parsed is None else timezone.make_naive(parsed, UTC)


# How far from the program's today an appointment may be typed, either way:
# wide enough for any real one, and far from the calendar's ends (a time
# near 0001 or 9999 broke the calendar feeds and the FHIR export).
APPOINTMENT_YEARS = 5


class AppointmentForm(forms.Form):
    """An appointment, its date and time typed in the program's zone.

    `time_zone` (an IANA name, the program's) is named in the field's label
    and used to refuse a time the clocks skip. `cleaned_data` gives
    `starts_on` (date) and `start_time` (time) in place of `starts_at`.
    """

    kind = forms.ChoiceField(
        label=pgettext_lazy("an appointment's kind", "Kind"),
        choices=translated_choices(Appointment.Kind.choices),
    )
    starts_at = WallTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    minutes = forms.IntegerField(
        label=_("Length (minutes)"), min_value=10, max_value=480, initial=50
    )
    place = forms.CharField(label=_("Place"), required=False, max_length=200)
    video_url = forms.URLField(
        label=_("Video link"), required=False, assume_scheme="https"
    )

    def __init__(self, *args, time_zone: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.time_zone = time_zone
        self.fields["starts_at"].label = gettext("Date and time (%(zone)s time)") % {
            "zone": clock.time_zone_label(time_zone)
        }

    def clean(self):
        cleaned = super().clean()
        typed = cleaned.pop("starts_at", None)
        if typed is None:
            return cleaned
        today = clock.today_in(self.time_zone)
        reach = timedelta(days=APPOINTMENT_YEARS * 365)
        if not today - reach <= typed.date() <= today + reach:
            self.add_error(
                "starts_at",
                gettext("Choose a date within %(years)s years of today.")
                % {"years": APPOINTMENT_YEARS},
            )
            return cleaned
        if not local_times.exists(typed.date(), typed.time(), self.time_zone):
            self.add_error(
                "starts_at",
                gettext(
                    "The clocks change at that time, so it does not happen on "
                    "that day. Choose a time an hour later."
                ),
            )
            return cleaned
        cleaned["starts_on"], cleaned["start_time"] = typed.date(), typed.time()
        return cleaned


class CaseloadForm(forms.Form):
    """The caseload's search, order and filters, read from the query string.

    A value that is not one of the choices (an old or edited link) is
    dropped and its default applies: the list still shows, never an error.
    """

    q = forms.CharField(
        label=_("Name or chart number"),
        required=False,
        widget=forms.SearchInput(
            attrs={"maxlength": SEARCH_MAX, "autocomplete": "off"}
        ),
    )
    sort = forms.ChoiceField(label=_("Order"), choices=SORTS.items(), required=False)
    review = forms.ChoiceField(
        label=_("Flag review"),
        choices=[("", _("Everyone")), *REVIEW_FILTERS.items()],
        required=False,
    )
    flag = forms.ChoiceField(
        choices=[(code, code) for code in FLAG_CODES],
        required=False,
        widget=forms.HiddenInput,
    )

    def query(self) -> dict:
        """{"q": str, "sort": str, "review": str | None, "flag": str | None}:
        each value as asked if it is valid, otherwise its default."""
        self.is_valid()
        data = self.cleaned_data
        return {
            # Longer text is cut, not refused: it still finds what it can.
            "q": data.get("q", "")[:SEARCH_MAX],
            "sort": data.get("sort") or DEFAULT_SORT,
            "review": data.get("review") or None,
            "flag": data.get("flag") or None,
        }


class OutcomesForm(forms.Form):
    program = forms.ModelChoiceField(
        label=_("Program"), queryset=None, empty_label=None
    )
    start = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.programs = programs
        self.fields["program"].queryset = Program.objects.filter(
            pk__in=[p.pk for p in programs]
        )

    def names_another_program(self) -> bool:
        """Whether the request asks for a program the clinician is not in."""
        asked = self.data.get("program")
        return bool(asked) and asked not in {str(p.pk) for p in self.programs}

    def defaults(self) -> dict:
        # The last 13 whole weeks (outcomes.whole_weeks snaps any period).
        end = last_complete_sunday(clock.today_in(self.programs[0].time_zone))
        return {
            "program": self.programs[0],
            "start": end - timedelta(weeks=13, days=-1),
            "end": end,
        }

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("start")
            and cleaned.get("end")
            and cleaned["start"] > cleaned["end"]
        ):
            raise forms.ValidationError(
                gettext("The start date must be before the end date.")
            )
        return cleaned


class ReferralStatusForm(forms.Form):
    """A program's staff move a referral on; closing needs a reason."""

    status = forms.ChoiceField(label=_("Status"), widget=forms.RadioSelect)
    close_reason = forms.ChoiceField(
        label=_("Why it is closed (only when closing)"), required=False
    )

    def __init__(self, *args, statuses, reasons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = statuses
        self.fields["close_reason"].choices = [("", "—"), *reasons]


class ProgramReferralsForm(forms.Form):
    """An administrator's referral settings for one program."""

    retention_days = forms.IntegerField(
        label=_("Delete closed referrals after (days)"),
        help_text=_("From 30 days to 10 years. The default is 365 days (1 year)."),
        min_value=30,
        max_value=3650,
    )
    add_listing = forms.CharField(
        label=_("Add a listing (optional)"),
        help_text=_(
            "Open the program's page in the finder and paste its address here."
        ),
        max_length=500,
        required=False,
    )
    remove = forms.MultipleChoiceField(
        label=_("Take these listings off the program"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, listings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remove"].choices = [
            (str(link.facility_id), f"{link.facility.name}, {link.facility.city}")
            for link in listings
        ]

    def clean_add_listing(self):
        raw = self.cleaned_data["add_listing"].strip()
        if not raw:
            return None
        match = re.search(
            r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", raw, re.I
        )
        if not match:
            raise forms.ValidationError(
                _("Paste the address of a program's page in the finder.")
            )
        return uuid.UUID(match.group(0))
