from dataclasses import dataclass
from datetime import date, timedelta

from django import forms
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clearhead.core import clock
from clearhead.core.phones import phone_example, phone_for_display, phone_normalize
from clearhead.recovery.body_check import QUESTIONS, SCALE, WARNING_SIGNS
from clearhead.recovery.choices import (
    COPING,
    MOODS,
    OTHER_SUBSTANCES,
    TRIGGERS,
    WEEKDAYS,
)
from clearhead.recovery.early_recovery import SYMPTOMS
from clearhead.recovery.models import BEST_TIME_MAX, RecoveryProfile, RoutineItem

YES_NO = [("no", _("No")), ("yes", _("Yes"))]
MAX_CONTACTS = 5


def _scale_field(
    label: str, hint: str, required: bool = True
) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=hint,
        choices=[(str(value), str(value)) for value in range(11)],
        coerce=int,
        empty_value=None,
        required=required,
        widget=forms.RadioSelect(attrs={"class": "scale"}),
        error_messages={"required": _("Choose a number.")},
    )


def _yes_no(label: str, required: bool = True, initial=None) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        required=required,
        initial=initial,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes or no.")},
    )


def _text_area(
    label: str,
    *,
    max_length: int,
    rows: int,
    help_text: str = "",
    required: bool = False,
) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _checkboxes(label: str, choices: dict) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        required=False,
        choices=list(choices.items()),
        widget=forms.CheckboxSelectMultiple,
    )


def profile_initial(profile, time_zone: str) -> dict:
    """The profile form's starting values: the stored profile (its contacts
    loaded with it, `selectors.profile_for`) and the zone of the patient's
    "today" (their own, else their program's, else the region's)."""
    initial = {"time_zone": time_zone}
    if profile is None:
        return initial
    initial |= {
        "stop_date": profile.stop_date,
        "reasons": profile.reasons,
        "usual_triggers": profile.usual_triggers,
        "reminder_time": profile.reminder_time,
        "reminder_channel": profile.reminder_channel,
        "weekly_spend": profile.weekly_spend,
        # Shown the way people write it, not as stored (E.164).
        "phone": phone.display if (phone := phone_for_display(profile.phone)) else "",
        "best_time_to_call": profile.best_time_to_call,
    }
    for number, contact in enumerate(profile.contacts.all(), start=1):
        initial |= {
            f"contact_{number}_name": contact.name,
            f"contact_{number}_relation": contact.relation,
            f"contact_{number}_phone": contact.phone,
        }
    return initial


@dataclass(frozen=True)
class ContactRow:
    """One person's fields on the profile form: name, relation, phone."""

    number: int
    fields: list
    filled: bool


# How far ahead a planned stop day may be: a plan, not a date the sober
# count, milestones and early-recovery weeks would count towards forever
# (a day near 9999-12-31 left them past the calendar's end).
PLANNED_STOP_MAX_DAYS = 2 * 365


class ProfileForm(forms.Form):
    stop_date = forms.DateField(
        label=_("The day you stopped, or plan to stop, using ketamine"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Enter the day you stopped, or plan to stop."),
            "invalid": _("Enter a real date, for example 1 March 2026."),
        },
    )
    reasons = _text_area(
        _("Your reasons for recovery"),
        help_text=_(
            "In your own words. We will show them to you when things get hard."
        ),
        max_length=2000,
        rows=3,
    )
    usual_triggers = _checkboxes(_("What usually makes you want to use?"), TRIGGERS)
    reminder_time = forms.TimeField(
        label=_("When should we remind you to check in?"),
        help_text=_(
            "Optional. We will remind you once a day at this time, "
            "unless you have checked in already."
        ),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    # Only where notifications are set up (`notifications=True`).
    reminder_channel = forms.ChoiceField(
        label=_("How should we remind you?"),
        help_text=_(
            "A notification comes to each phone where you turn "
            "notifications on. If none can show it, we send an e-mail instead."
        ),
        choices=RecoveryProfile.ReminderChannel.choices,
        initial=RecoveryProfile.ReminderChannel.EMAIL,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how to be reminded.")},
    )
    time_zone = forms.ChoiceField(
        label=_("Your time zone"), choices=clock.TIME_ZONE_CHOICES
    )
    weekly_spend = forms.DecimalField(
        label=_("What did you spend on ketamine in a typical week?"),
        help_text=_("Optional. We use it to show the money you keep."),
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=2,
    )

    phone = forms.CharField(
        label=_("Your phone number"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    best_time_to_call = forms.CharField(
        label=_("Best time to call you"),
        help_text=_("Optional. For example: weekday evenings after 6."),
        max_length=BEST_TIME_MAX,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, notifications: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not notifications:
            del self.fields["reminder_channel"]
        self.fields["phone"].help_text = gettext(
            "Optional. For example: %(phone)s."
        ) % {"phone": phone_example()}
        # Other people's details: the browser must not offer the patient's
        # own name and number here ("off"); type=tel brings the phone's
        # number pad.
        for number in range(1, MAX_CONTACTS + 1):
            self.fields[f"contact_{number}_name"] = forms.CharField(
                label=_("Name"),
                max_length=80,
                required=False,
                widget=forms.TextInput(attrs={"autocomplete": "off"}),
            )
            self.fields[f"contact_{number}_relation"] = forms.CharField(
                label=_("Who they are to you"),
                max_length=60,
                required=False,
                widget=forms.TextInput(attrs={"autocomplete": "off"}),
            )
            self.fields[f"contact_{number}_phone"] = forms.CharField(
                label=_("Phone"),
                max_length=40,
                required=False,
                widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            )

    def clean_phone(self) -> str:
        """The patient's own number as stored (core.phones), or ""."""
        try:
            return phone_normalize(self.cleaned_data["phone"])
        except forms.ValidationError as error:
            raise forms.ValidationError(error.messages) from None

    def contact_rows(self) -> list[ContactRow]:
        """Every person's fields, numbered from 1, for the template."""
        rows = []
        for number in range(1, MAX_CONTACTS + 1):
            fields = [
                self[f"contact_{number}_{part}"]
                for part in ("name", "relation", "phone")
            ]
            rows.append(
                ContactRow(number, fields, any(field.value() for field in fields))
            )
        return rows

    def contact_rows_split(self) -> tuple[list[ContactRow], list[ContactRow]]:
        """The people shown at once and those behind "Add more people".

        Shown: every person up to the last one filled in, and one empty row
        to add someone (so a page of five empty people is one short row on
        a phone). A row with an error always has a value, so it is shown.
        """
        rows = self.contact_rows()
        last_filled = max((row.number for row in rows if row.filled), default=0)
        shown = min(last_filled + 1, MAX_CONTACTS)
        return rows[:shown], rows[shown:]

    def clean(self):
        cleaned = super().clean()
        stop_date, zone = cleaned.get("stop_date"), cleaned.get("time_zone")
        if stop_date and zone:
            latest = clock.today_in(zone) + timedelta(days=PLANNED_STOP_MAX_DAYS)
            if stop_date > latest:
                self.add_error(
                    "stop_date",
                    gettext(
                        "Choose a day within the next two years, on or before %(day)s."
                    )
                    % {"day": date_format(latest, "j F Y")},
                )
        for number in range(1, MAX_CONTACTS + 1):
            name = cleaned.get(f"contact_{number}_name")
            phone = cleaned.get(f"contact_{number}_phone")
            if name and not phone:
                self.add_error(
                    f"contact_{number}_phone",
                    gettext("Add a phone number, or remove the name."),
                )
            if phone and not name:
                self.add_error(
                    f"contact_{number}_name", gettext("Add a name for this number.")
                )
        return cleaned

    def contacts(self) -> list[dict]:
        return [
            {
                "name": self.cleaned_data[f"contact_{n}_name"],
                "relation": self.cleaned_data[f"contact_{n}_relation"],
                "phone": self.cleaned_data[f"contact_{n}_phone"],
            }
            for n in range(1, MAX_CONTACTS + 1)
            if self.cleaned_data.get(f"contact_{n}_name")
        ]


class CheckInForm(forms.Form):
    client_id = forms.UUIDField(widget=forms.HiddenInput)
    # Yesterday's missed check-in, logged now ("?missed=yesterday").
    late = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # The day the late page named: sent after midnight, it is no longer
    # yesterday and is refused, rather than filed under the new yesterday.
    day = forms.DateField(required=False, widget=forms.HiddenInput)
    craving = _scale_field(
        _("How strong were your cravings today?"),
        _("0 = none, 10 = the strongest ever."),
    )
    mood = forms.TypedChoiceField(
        label=_("How is your mood?"),
        choices=[(str(value), label) for value, label in MOODS.items()],
        coerce=int,
        # Five answers in one row on a phone (clearhead.css, 17-H1).
        widget=forms.RadioSelect(attrs={"class": "choice-row"}),
        error_messages={"required": _("Choose your mood.")},
    )
    used_ketamine = _yes_no(_("Have you used ketamine since your last check-in?"))
    self_harm_thoughts = _yes_no(_("Have you had thoughts of harming yourself?"))
    stress = _scale_field(
        _("How stressed do you feel?"),
        _("0 = calm, 10 = extremely stressed."),
        required=False,
    )
    confidence = _scale_field(
        _("How sure are you that you can stay stopped?"),
        _("0 = not at all, 10 = completely."),
        required=False,
    )
    sleep_hours = forms.DecimalField(
        label=_("Hours of sleep last night"),
        required=False,
        min_value=0,
        max_value=24,
        decimal_places=1,
    )
    triggers = _checkboxes(_("Did anything make you want to use?"), TRIGGERS)
    risky_situation = _yes_no(
        _("Were you in a risky situation?"), required=False, initial="no"
    )
    coping = _checkboxes(_("What helped you cope?"), COPING)
    other_substances = _checkboxes(_("Did you use anything else?"), OTHER_SUBSTANCES)
    body_symptoms = _yes_no(
        _("Any bladder or stomach problems, like pain or needing to pee often?"),
        required=False,
        initial="no",
    )
    note = _text_area(_("Anything else? (optional)"), max_length=2000, rows=2)

    # Yesterday's missed check-in asks about that day, not "today" or "since
    # your last check-in": {field: label, with "{day}" for the day's name}.
    LATE_LABELS = {
        "craving": _("How strong were your cravings on {day}?"),
        "mood": _("How was your mood on {day}?"),
        "used_ketamine": _("Did you use ketamine on {day}?"),
        "self_harm_thoughts": _("Did you have thoughts of harming yourself on {day}?"),
        "stress": _("How stressed did you feel on {day}?"),
        "confidence": _("On {day}, how sure were you that you could stay stopped?"),
        "sleep_hours": _("Hours of sleep the night before {day}"),
        "triggers": _("Did anything make you want to use on {day}?"),
        "risky_situation": _("Were you in a risky situation on {day}?"),
        "coping": _("What helped you cope on {day}?"),
        "other_substances": _("Did you use anything else on {day}?"),
        "body_symptoms": _(
            "Any bladder or stomach problems on {day}, like pain or "
            "needing to pee often?"
        ),
    }

    def name_the_day(self, day: date) -> None:
        """Word the questions for `day` (yesterday's late check-in): "on Sunday"."""
        name = date_format(day, "l")  # as the page names it
        for field, label in self.LATE_LABELS.items():
            self.fields[field].label = label.format(day=name)

    def is_late(self) -> bool:
        """Whether this form is yesterday's missed check-in (bound or not)."""
        return self.fields["late"].to_python(self["late"].value())

    def checkin_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("client_id")
        if not data.get("late"):
            data.pop("day", None)  # today's page names no day
        data["risky_situation"] = bool(data.get("risky_situation"))
        data["body_symptoms"] = bool(data.get("body_symptoms"))
        return data


class RelapsePlanForm(forms.Form):
    warning_signs = _text_area(
        _("My warning signs"),
        help_text=_(
            "Thoughts, feelings or habits that tell me I am at risk. For example: skipping meals, seeing old friends."
        ),
        max_length=3000,
        rows=4,
    )
    high_risk_situations = _text_area(
        _("My high-risk situations"),
        help_text=_("Places, people, times or moods when using is more likely."),
        max_length=3000,
        rows=4,
    )
    coping_strategies = _text_area(
        _("What I will do instead"),
        help_text=_("Things that help me through a craving or a hard moment."),
        max_length=3000,
        rows=4,
    )
    after_a_lapse = _text_area(
        _("If I slip"),
        help_text=_(
            "What I will do right away, and who I will tell. A slip is a signal to adjust, not a reason to give up."
        ),
        max_length=3000,
        rows=4,
    )


WEEKDAY_CHOICES = [(str(number), name) for number, name in WEEKDAYS.items()]


class RoutineItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=RoutineItem.Kind.choices)
    title = forms.CharField(label=_("What"), max_length=120)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Which days?"),
        choices=WEEKDAY_CHOICES,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one day.")},
    )
    time = forms.TimeField(
        label=_("Time (optional)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
    )


class ThoughtRecordForm(forms.Form):
    situation = _text_area(_("What happened?"), max_length=1000, rows=2, required=True)
    thoughts = _text_area(_("What went through your mind?"), max_length=1000, rows=2)
    feelings = _text_area(_("How did you feel?"), max_length=1000, rows=2)
    craving = _scale_field(
        _("How strong was the craving?"),
        _("0 = none, 10 = the strongest ever."),
        required=False,
    )
    what_i_did = _text_area(_("What did you do?"), max_length=1000, rows=2)
    how_it_went = _text_area(_("How did it go?"), max_length=1000, rows=2)


class DecisionalBalanceForm(forms.Form):
    good_things_about_using = _text_area(
        _("Good things about using"), max_length=2000, rows=3
    )
    costs_of_using = _text_area(_("What using costs me"), max_length=2000, rows=3)
    good_things_about_stopping = _text_area(
        _("Good things about stopping"), max_length=2000, rows=3
    )
    costs_of_stopping = _text_area(_("What stopping costs me"), max_length=2000, rows=3)


class CloseAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password, to confirm"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    understood = forms.BooleanField(
        label=_("I understand this cannot be undone. My own entries will be deleted."),
    )


def _symptom_field(field: str) -> forms.TypedChoiceField:
    title, hint = SYMPTOMS[field]
    return _scale_field(title, hint)


class EarlyRecoveryForm(forms.Form):
    """The early-recovery daily set: six symptoms 0-10 and the check-in's
    own self-harm question (the same words, the same crisis rule)."""

    anxiety = _symptom_field("anxiety")
    low_mood = _symptom_field("low_mood")
    poor_sleep = _symptom_field("poor_sleep")
    fatigue = _symptom_field("fatigue")
    irritability = _symptom_field("irritability")
    craving = _symptom_field("craving")
    self_harm_thoughts = _yes_no(CheckInForm.base_fields["self_harm_thoughts"].label)


class EarlyRecoveryTurnForm(forms.Form):
    on = forms.TypedChoiceField(
        choices=[("on", "on"), ("off", "off")],
        coerce=lambda value: value == "on",
        widget=forms.HiddenInput,
    )


def _body_field(name: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=QUESTIONS[name],
        choices=[(str(value), label) for value, label in SCALE],
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one of the answers.")},
    )


def _warning_field(name: str) -> forms.TypedChoiceField:
    return _yes_no(WARNING_SIGNS[name])


class BodyCheckForm(forms.Form):
    """The weekly body check: eight symptoms of the past 7 days on our own
    0-3 scale, and three yes/no warning signs (recovery.body_check)."""

    frequency = _body_field("frequency")
    night_urination = _body_field("night_urination")
    urgency = _body_field("urgency")
    pain = _body_field("pain")
    blood = _body_field("blood")
    leaking = _body_field("leaking")
    k_cramps = _body_field("k_cramps")
    memory = _body_field("memory")
    cannot_urinate = _warning_field("cannot_urinate")
    fever = _warning_field("fever")
    flank_pain = _warning_field("flank_pain")


class BodyLetterForm(forms.Form):
    """What the patient chooses to put in the letter beyond their symptoms.
    Nothing is ticked at first."""

    mention = forms.BooleanField(
        required=False, label=_("Say that I have used ketamine")
    )
    stop = forms.BooleanField(
        required=False,
        label=_("The day I stopped and how many days I have been without ketamine"),
    )
    uses = forms.BooleanField(
        required=False,
        label=_("The days I said I used ketamine in the last 12 weeks"),
    )
