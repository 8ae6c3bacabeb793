from datetime import UTC, timedelta

from django import forms
from django.utils import timezone

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
)
from clearhead.core import clock, local_times
from clearhead.flags.definitions import FLAG_CODES
from clearhead.flags.services import REVIEW_NOTE_MAX
from clearhead.screening.scoring import CARE_FLAGS, CARE_RATINGS


class PatientInvitationForm(forms.Form):
    program = forms.ModelChoiceField(label="Program", queryset=None, empty_label=None)
    email = forms.EmailField(
        label="Patient's e-mail (optional)",
        required=False,
        help_text="Leave empty to give the patient a code in person instead.",
    )
    level_of_care = forms.ChoiceField(label="Level of care", choices=LEVELS_OF_CARE)

    def __init__(self, *args, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs


class ProgramForm(forms.Form):
    """A program's details; clinic.services validates them again (time zone)."""

    name = forms.CharField(label="Program name", max_length=200)
    time_zone = forms.ChoiceField(
        label="Time zone",
        help_text="Where the program works. Staff see dates and times in it.",
    )
    address = forms.CharField(
        label="Street address (optional)", max_length=200, required=False
    )
    city = forms.CharField(label="City (optional)", max_length=120, required=False)
    state = forms.CharField(label="State (optional)", max_length=40, required=False)
    phone = forms.CharField(
        label="Phone number for patients (optional)",
        max_length=40,
        required=False,
        help_text="Shown to the program's patients, with the address.",
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
        label="Clinician to add", queryset=None, empty_label="Choose a clinician"
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
        label="What your care team can see",
        required=False,
        choices=list(SHARE_KINDS.items()),
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "Tick only what you want to share. You can change this at any time. "
            "Your care team sees nothing you do not tick."
        ),
    )
    signature = forms.CharField(
        label="Type your full name to sign",
        max_length=120,
        required=False,
        help_text="You can revoke this consent at any time; it stops at once.",
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
            self.add_error("signature", "Type your name to sign.")
        return cleaned


class ChartNumberForm(forms.Form):
    """The program's chart number for a patient (clinic.records validates it)."""

    chart_number = forms.CharField(
        label="Chart number (optional)",
        max_length=CHART_NUMBER_MAX,
        required=False,
        help_text=(
            "Your program's number for this patient. It shows beside their name "
            "at the top of each page about them. Leave empty to remove it."
        ),
    )


class JoinCodeForm(forms.Form):
    """The first step of joining: the code, so the next step can name the program."""

    code = forms.CharField(
        label="Invitation code",
        max_length=20,
        help_text="8 letters and numbers, from your clinician.",
    )


class JoinForm(JoinCodeForm, SharingForm):
    """The next steps: what the named program's care team may see, then signed."""

    field_order = ["code", "sharing", "signature"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Found in the first step (or in the e-mailed link): carried, not retyped.
        self.fields["code"].widget = forms.HiddenInput()


RATING_CHOICES = [
    ("0", "0 none"),
    ("1", "1 low"),
    ("2", "2 moderate"),
    ("3", "3 high"),
    ("4", "4 severe"),
]
DIMENSIONS = {
    "withdrawal": "Intoxication and withdrawal risk",
    "medical": "Physical health and complications",
    "mental_health": "Emotional, behavioral or cognitive conditions",
    "readiness": "Readiness to change (4 = not ready at all)",
    "relapse_risk": "Relapse or continued-use risk",
    "environment": "Recovery environment (4 = works hard against recovery)",
}
LIFE_FACTOR_LABELS = {
    "suicidal_thoughts": "Suicidal thoughts",
    "homeless": "Homeless or unstable housing",
    "no_transport": "No transport to appointments",
    "far_from_services": "Far from services",
    "home_problems": "Problems at home",
    "work_problems": "Problems at work or school",
    "legal_problems": "Legal problems",
    "strong_home_support": "Strong support at home",
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
                error_messages={"required": "Rate this dimension."},
            )
        self.fields["flags"] = forms.MultipleChoiceField(
            label="Also present",
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
        label="Level of care chosen", choices=LEVELS_OF_CARE, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label="Reason (needed if it differs from the guidance)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PhaseForm(forms.Form):
    kind = forms.ChoiceField(choices=PLAN_PHASES, widget=forms.HiddenInput)
    status = forms.ChoiceField(label="Status", choices=STATUSES)
    target_date = forms.DateField(
        label="Target date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    responsible = forms.ModelChoiceField(
        label="Responsible clinician", queryset=None, required=False
    )
    interventions = forms.MultipleChoiceField(
        label="Interventions",
        required=False,
        choices=list(INTERVENTIONS.items()),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, care_team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = care_team


class GoalForm(forms.Form):
    phase = forms.ChoiceField(label="Phase", choices=PLAN_PHASES)
    description = forms.CharField(label="Goal", max_length=300)
    objective = forms.CharField(
        label="Measurable objective",
        max_length=300,
        help_text="For example: 4 weeks of daily check-ins with no use.",
    )
    target_date = forms.DateField(
        label="Target date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class ReviewForm(forms.Form):
    decision = forms.CharField(
        label="What was decided",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    new_level = forms.ChoiceField(
        label="Change the level of care to",
        required=False,
        choices=[("", "Keep the current level"), *LEVELS_OF_CARE],
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
        help_text=f"Optional. Up to {REVIEW_NOTE_MAX} characters.",
    )

    def __init__(self, *args, flag, **kwargs):
        kwargs.setdefault("auto_id", f"id_review_{flag.public_id.hex}_%s")
        super().__init__(*args, **kwargs)
        self.flag = flag
        self.fields["note"].label = f"Note on “{flag.label}”"


class ContactLogForm(forms.Form):
    """Log one contact with the patient (clinic.services.contact_log_record).

    Its ids start "id_contact_", apart from the other forms of the patient
    page it sits on.
    """

    kind = forms.ChoiceField(
        label="How did you reach them?",
        choices=ContactLog.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you reached them, or tried to."},
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=ContactLog.NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=(
            "Optional. What the next person to reach them should know. "
            f"Up to {ContactLog.NOTE_MAX_LENGTH:,} characters."
        ),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_contact_%s")
        super().__init__(*args, **kwargs)


class NoteForm(forms.Form):
    data = forms.CharField(
        label="Data",
        help_text="What happened and what was observed.",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    assessment = forms.CharField(
        label="Assessment",
        help_text="Your clinical reading of it.",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    plan = forms.CharField(
        label="Plan",
        help_text="What happens next.",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AddendumForm(forms.Form):
    text = forms.CharField(
        label="Addendum", max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


RESULT_CHOICES = [
    ("", "Not tested"),
    ("negative", "Negative"),
    ("positive", "Positive"),
    ("inconclusive", "Inconclusive"),
]


class DrugTestForm(forms.Form):
    collected_on = forms.DateField(
        label="Collected on", widget=forms.DateInput(attrs={"type": "date"})
    )
    specimen = forms.ChoiceField(label="Specimen", choices=DrugTest.Specimen.choices)
    method = forms.ChoiceField(label="Test", choices=DrugTest.Method.choices)
    notes = forms.CharField(
        label="Notes",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in SUBSTANCES.items():
            self.fields[f"result_{code}"] = forms.ChoiceField(
                label=label, choices=RESULT_CHOICES, required=False
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
            raise forms.ValidationError("Record a result for at least one substance.")
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


class AppointmentForm(forms.Form):
    """An appointment, its date and time typed in the program's zone.

    `time_zone` (an IANA name, the program's) is named in the field's label
    and used to refuse a time the clocks skip. `cleaned_data` gives
    `starts_on` (date) and `start_time` (time) in place of `starts_at`.
    """

    kind = forms.ChoiceField(label="Kind", choices=Appointment.Kind.choices)
    starts_at = WallTimeField(
        label="Date and time",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    minutes = forms.IntegerField(
        label="Length (minutes)", min_value=10, max_value=480, initial=50
    )
    place = forms.CharField(label="Place", required=False, max_length=200)
    video_url = forms.URLField(
        label="Video link", required=False, assume_scheme="https"
    )

    def __init__(self, *args, time_zone: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.time_zone = time_zone
        self.fields[
            "starts_at"
        ].label = f"Date and time ({clock.time_zone_label(time_zone)} time)"

    def clean(self):
        cleaned = super().clean()
        typed = cleaned.pop("starts_at", None)
        if typed is None:
            return cleaned
        if not local_times.exists(typed.date(), typed.time(), self.time_zone):
            self.add_error(
                "starts_at",
                "The clocks change at that time, so it does not happen on "
                "that day. Choose a time an hour later.",
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
        label="Name or chart number",
        required=False,
        widget=forms.SearchInput(
            attrs={"maxlength": SEARCH_MAX, "autocomplete": "off"}
        ),
    )
    sort = forms.ChoiceField(label="Order", choices=SORTS.items(), required=False)
    review = forms.ChoiceField(
        label="Flag review",
        choices=[("", "Everyone"), *REVIEW_FILTERS.items()],
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
    program = forms.ModelChoiceField(label="Program", queryset=None, empty_label=None)
    start = forms.DateField(
        label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(label="To", widget=forms.DateInput(attrs={"type": "date"}))

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
        today = clock.today_in(self.programs[0].time_zone)
        end = today - timedelta(days=today.weekday() + 1)
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
            raise forms.ValidationError("The start date must be before the end date.")
        return cleaned
