"""Pages of one patient's clinical record, for their care team."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import RadioSelect
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from clearhead.audit.actions import AuditAction
from clearhead.audit.decorators import shows_patient_data
from clearhead.care import policy
from clearhead.care.middleware import activate_program_zone
from clearhead.clinic import records, selectors, services
from clearhead.clinic.forms import (
    AddendumForm,
    AppointmentForm,
    CareRatingsForm,
    ChartNumberForm,
    ContactLogForm,
    DrugTestForm,
    FlagReviewForm,
    GoalForm,
    LevelDecisionForm,
    NoteForm,
    PhaseForm,
    ReviewForm,
)
from clearhead.clinic.models import PLAN_PHASES, translated_choices
from clearhead.clinic.views import _clinician, patient_page
from clearhead.core.forms import form_errors_from
from clearhead.flags import services as flag_services
from clearhead.recovery import selectors as recovery_selectors
from clearhead.recovery import services as recovery_services
from clearhead.safety import safety_plan as safety_plan_steps
from clearhead.safety.safety_plan_form import SafetyPlanForm
from clearhead.screening.explain import level_summary
from clearhead.screening.instruments import INSTRUMENTS
from clearhead.screening.journey import validate_answers
from clearhead.screening.questionnaires import instrument_form

INTAKE_INSTRUMENTS = ("dsm5-ketamine", "phq9", "gad7")


def _enrollment(request, public_id):
    enrollment = selectors.enrollment_for_clinician(
        actor=_clinician(request), public_id=public_id
    )
    # A page about one program's patient reads in that program's zone.
    activate_program_zone(request, enrollment.program)
    return enrollment


def _record_view(request, enrollment, what: str) -> None:
    selectors.record_page_viewed(actor=request.user, enrollment=enrollment, page=what)


def _instrument_forms(data=None):
    return {
        instrument_id: instrument_form(
            INSTRUMENTS[instrument_id], data, prefix=instrument_id
        )
        for instrument_id in INTAKE_INSTRUMENTS
    }


def _field_anchor(bound) -> str:
    """The id an error-summary link jumps to: a choice group's first option."""
    if isinstance(bound.field.widget, RadioSelect):  # also CheckboxSelectMultiple
        return f"{bound.auto_id}_0"
    return bound.id_for_label or bound.auto_id


def _given(form) -> bool:
    """Whether the clinician answered any item of an optional instrument."""
    return any(form.data.get(form.add_prefix(name)) for name in form.fields)


@shows_patient_data(AuditAction.PATIENT_RECORD_VIEWED, AuditAction.INTAKE_RECORDED)
@require_http_methods(["GET", "POST"])
def intake(request: HttpRequest, public_id) -> HttpResponse:
    enrollment = _enrollment(request, public_id)
    data = request.POST if request.method == "POST" else None
    instrument_forms = _instrument_forms(data)
    care_form = CareRatingsForm(data, prefix="care")
    if request.method == "POST":
        given = {key: form for key, form in instrument_forms.items() if _given(form)}
        if care_form.is_valid() and all(form.is_valid() for form in given.values()):
            answers = {
                key: validate_answers(INSTRUMENTS[key], form.answers())
                for key, form in given.items()
            }
            answers["level-of-care"] = validate_answers(
                INSTRUMENTS["level-of-care"], care_form.answers()
            )
            assessment = records.intake_record(
                actor=request.user, enrollment=enrollment, answers=answers
            )
            return redirect(
                "clinic:intake_decide",
                public_id=enrollment.public_id,
                intake_id=assessment.public_id,
            )
        # A check left blank is skipped, not wrong: show it unbound, without errors.
        instrument_forms = {
            key: form if key in given else _instrument_forms()[key]
            for key, form in instrument_forms.items()
        }
    _record_view(request, enrollment, "intake")
    error_summary = [
        (_field_anchor(form[name]), form[name].label, message)
        for form in [*instrument_forms.values(), care_form]
        if form.is_bound
        for name, messages_ in form.errors.items()
        if name in form.fields
        for message in messages_
    ]
    context = {
        "enrollment": enrollment,
        "error_summary": error_summary,
        "instrument_forms": [
            (INSTRUMENTS[key], form) for key, form in instrument_forms.items()
        ],
        "care_form": care_form,
        "history": selectors.instrument_history(
            actor=request.user, enrollment=enrollment
        ),
    }
    return render(request, "clinic/intake.html", context)


@shows_patient_data(AuditAction.PATIENT_RECORD_VIEWED, AuditAction.LEVEL_DECIDED)
@require_http_methods(["GET", "POST"])
def intake_decide(request: HttpRequest, public_id, intake_id) -> HttpResponse:
    enrollment = _enrollment(request, public_id)
    assessment = selectors.intake_for_clinician(
        actor=request.user, enrollment=enrollment, public_id=intake_id
    )
    form = LevelDecisionForm(
        request.POST or None, initial={"level": assessment.guidance["level"]}
    )
    if request.method == "POST" and form.is_valid():
        try:
            records.intake_decide(
                actor=request.user, intake=assessment, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error("reason", error.messages)
        else:
            messages.success(request, gettext("Level of care recorded."))
            return redirect("clinic:patient_detail", public_id=enrollment.public_id)
    _record_view(request, enrollment, "intake guidance")
    context = {
        "enrollment": enrollment,
        "assessment": assessment,
        "guidance": level_summary(assessment.guidance, for_clinician=True),
        "form": form,
    }
    return render(request, "clinic/intake_decide.html", context)


@shows_patient_data(
    AuditAction.TREATMENT_PLAN_VIEWED,
    AuditAction.PLAN_CHANGED,
    AuditAction.PLAN_REVIEWED,
    AuditAction.EARLY_RECOVERY_VIEWED,
)
@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest, public_id) -> HttpResponse:
    enrollment = _enrollment(request, public_id)
    action = request.POST.get("action")
    care_team = policy.current_care_team(enrollment)
    phase_forms = {}
    if request.method == "POST" and action == "phase":
        form = PhaseForm(
            request.POST, care_team=care_team, prefix=request.POST.get("kind")
        )
        if form.is_valid():
            records.plan_phase_save(
                actor=request.user, enrollment=enrollment, **form.cleaned_data
            )
            messages.success(request, gettext("Phase saved."))
            return redirect("clinic:plan", public_id=enrollment.public_id)
        phase_forms[request.POST.get("kind")] = form
    goal_form = GoalForm(request.POST if action == "goal" else None)
    if action == "goal" and goal_form.is_valid():
        data = goal_form.cleaned_data
        records.plan_goal_add(
            actor=request.user, enrollment=enrollment, kind=data.pop("phase"), **data
        )
        messages.success(request, gettext("Goal added."))
        return redirect("clinic:plan", public_id=enrollment.public_id)
    review_form = ReviewForm(request.POST if action == "review" else None)
    if action == "review" and review_form.is_valid():
        records.plan_review_record(
            actor=request.user, enrollment=enrollment, **review_form.cleaned_data
        )
        messages.success(request, gettext("Review recorded."))
        return redirect("clinic:plan", public_id=enrollment.public_id)
    context = selectors.treatment_plan(actor=request.user, enrollment=enrollment) | {
        "phase_forms": phase_forms,
        "goal_form": goal_form,
        "review_form": review_form,
        "care_team": care_team,
    }
    context["phase_rows"] = [
        (
            kind,
            label,
            context["phases"].get(kind),
            phase_forms.get(kind)
            or PhaseForm(
                prefix=kind,
                care_team=care_team,
                initial=selectors.phase_initial(context["phases"].get(kind), kind),
            ),
        )
        for kind, label in translated_choices(PLAN_PHASES)
    ]
    return render(request, "clinic/plan.html", context)


@shows_patient_data(
    AuditAction.PATIENT_RECORD_VIEWED,
    AuditAction.NOTE_WRITTEN,
    AuditAction.NOTE_SIGNED,
)
@require_http_methods(["GET", "POST"])
def notes(request: HttpRequest, public_id) -> HttpResponse:
    enrollment = _enrollment(request, public_id)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        note = records.note_write(
            actor=request.user, enrollment=enrollment, sign=False, **form.cleaned_data
        )
        if request.POST.get("action") == "sign":
            # Signing locks the note for good, so it is saved as a draft and
            # the clinician confirms on the note's own page.
            messages.success(
                request, gettext("Note saved as a draft. Check it, then sign.")
            )
            return redirect(
                reverse(
                    "clinic:note_detail",
                    kwargs={
                        "public_id": enrollment.public_id,
                        "note_id": note.public_id,
                    },
                )
                + "?step=sign"
            )
        messages.success(request, gettext("Note saved."))
        return redirect("clinic:notes", public_id=enrollment.public_id)
    _record_view(request, enrollment, "notes")
    context = {
        "enrollment": enrollment,
        "form": form,
        "notes": selectors.notes_for_clinician(
            actor=request.user, enrollment=enrollment
        ),
    }
    return render(request, "clinic/notes.html", context)


@shows_patient_data(
    AuditAction.PATIENT_RECORD_VIEWED,
    AuditAction.NOTE_WRITTEN,
    AuditAction.NOTE_SIGNED,
    AuditAction.NOTE_ADDENDUM,
)
@require_http_methods(["GET", "POST"])
def note_detail(request: HttpRequest, public_id, note_id) -> HttpResponse:
    enrollment = _enrollment(request, public_id)
    note = selectors.note_for_clinician(
        actor=request.user, enrollment=enrollment, public_id=note_id
    )
    action = request.POST.get("action")
    form = NoteForm(
        request.POST if action == "edit" else None,
        initial={"data": note.data, "assessment": note.assessment, "plan": note.plan},
    )
    addendum_form = AddendumForm(request.POST if action == "addendum" else None)
    try:
        if action == "edit" and form.is_valid():
            records.note_edit(actor=request.user, note=note, **form.cleaned_data)
            messages.success(request, gettext("Changes saved."))
            return redirect(
                "clinic:note_detail",
                public_id=enrollment.public_id,
                note_id=note.public_id,
            )
        if action == "sign" and request.POST.get("confirm") != "yes":
            return _sign_confirmation(request, enrollment, note)
        if action == "sign":
            records.note_sign(actor=request.user, note=note)
            messages.success(
                request, gettext("Note signed. It can no longer be changed.")
            )
            return redirect(
                "clinic:note_detail",
                public_id=enrollment.public_id,
                note_id=note.public_id,
            )
        if action == "addendum" and addendum_form.is_valid():
            records.note_addendum_add(
                actor=request.user, note=note, text=addendum_form.cleaned_data["text"]
            )
            messages.success(request, gettext("Addendum added."))
            return redirect(
                "clinic:note_detail",
                public_id=enrollment.public_id,
                note_id=note.public_id,
            )
    except PermissionDenied:
        return render(
            request,
            "clinic/note_locked.html",
            {"enrollment": enrollment, "note": note},
            status=403,
        )
    if request.GET.get("step") == "sign" and not note.is_signed:
        return _sign_confirmation(request, enrollment, note)
    _record_view(request, enrollment, "note")
    context = {
        "enrollment": enrollment,
        "note": note,
        "form": form,
        "addendum_form": addendum_form,
    }
    return render(request, "clinic/note_detail.html", context)


def _sign_confirmation(request, enrollment, note) -> HttpResponse:
    """Show the stored note with "Sign and lock" / "Keep editing": signing cannot be undone."""
    if note.is_signed:
        raise PermissionDenied
    _record_view(request, enrollment, "note")
    return render(
        request,
        "clinic/note_sign_confirm.html",
        {"enrollment": enrollment, "note": note},
    )


@shows_patient_data(AuditAction.PATIENT_RECORD_VIEWED, AuditAction.DRUG_TEST_RECORDED)
@require_http_methods(["GET", "POST"])
def drug_tests(request: HttpRequest, public_id) -> HttpResponse:
    enrollment = _enrollment(request, public_id)
    form = DrugTestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {
            key: form.cleaned_data[key]
            for key in ("collected_on", "specimen", "method", "notes")
        }
        try:
            records.drug_test_record(
                actor=request.user,
                enrollment=enrollment,
                results=form.results(),
                **data,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, gettext("Test recorded."))
            return redirect("clinic:drug_tests", public_id=enrollment.public_id)
    _record_view(request, enrollment, "drug tests")
    context = {
        "enrollment": enrollment,
        "form": form,
        "timeline": selectors.test_timeline(actor=request.user, enrollment=enrollment),
    }
    return render(request, "clinic/drug_tests.html", context)


@shows_patient_data(AuditAction.PATIENT_RECORD_VIEWED, AuditAction.APPOINTMENT_SAVED)
@require_http_methods(["GET", "POST"])
def appointments(request: HttpRequest, public_id) -> HttpResponse:
    enrollment = _enrollment(request, public_id)
    form = AppointmentForm(request.POST or None, time_zone=enrollment.program.time_zone)
    if request.method == "POST" and form.is_valid():
        records.appointment_save(
            actor=request.user, enrollment=enrollment, **form.cleaned_data
        )
        messages.success(request, gettext("Appointment saved."))
        return redirect("clinic:appointments", public_id=enrollment.public_id)
    _record_view(request, enrollment, "appointments")
    context = {
        "enrollment": enrollment,
        "form": form,
        "appointments": selectors.appointments_of_enrollment(
            actor=request.user, enrollment=enrollment
        ),
    }
    return render(request, "clinic/appointments.html", context)


@shows_patient_data(AuditAction.APPOINTMENT_SAVED)
@require_POST
def appointment_attendance(
    request: HttpRequest, public_id, appointment_id
) -> HttpResponse:
    enrollment = _enrollment(request, public_id)
    appointment = selectors.appointment_for_clinician(
        actor=request.user, enrollment=enrollment, public_id=appointment_id
    )
    records.appointment_attendance(
        actor=request.user,
        appointment=appointment,
        attended=request.POST.get("attended") == "yes",
    )
    messages.success(request, gettext("Attendance saved."))
    return redirect("clinic:appointments", public_id=enrollment.public_id)


@shows_patient_data(
    AuditAction.FLAG_REVIEWED,
    AuditAction.PATIENT_RECORD_VIEWED,
    AuditAction.BODY_TRACKER_VIEWED,
)
@require_POST
def flag_review(request: HttpRequest, public_id, flag_id) -> HttpResponse:
    """Mark one of the patient's flags reviewed; errors show on the patient page."""
    enrollment = _enrollment(request, public_id)
    flag = selectors.flag_for_care_team(
        actor=request.user, enrollment=enrollment, public_id=flag_id
    )
    form = FlagReviewForm(request.POST, flag=flag)
    if form.is_valid():
        try:
            flag_services.flag_review(
                actor=request.user, flag=flag, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                form_errors_from(error, form)
            else:
                # About the flag, not the note (cleared, or reviewed by someone
                # else meanwhile): the page shows it without a form to carry it.
                for text in error.messages:
                    messages.error(request, text)
        else:
            messages.success(
                request,
                gettext("“%(flag)s” marked reviewed.") % {"flag": flag.label},
            )
            return redirect("clinic:patient_detail", public_id=enrollment.public_id)
    return patient_page(request, request.user, enrollment, review_form=form, status=400)


@shows_patient_data(
    AuditAction.PATIENT_RECORD_VIEWED,
    AuditAction.CHART_NUMBER_CHANGED,
    AuditAction.BODY_TRACKER_VIEWED,
)
@require_POST
def chart_number(request: HttpRequest, public_id) -> HttpResponse:
    """Set the program's chart number; errors show on the patient page."""
    enrollment = _enrollment(request, public_id)
    form = ChartNumberForm(request.POST)
    if form.is_valid():
        try:
            records.chart_number_set(
                actor=request.user,
                enrollment=enrollment,
                chart_number=form.cleaned_data["chart_number"],
            )
        except ValidationError as error:
            form_errors_from(error, form)
        else:
            messages.success(request, gettext("Chart number saved."))
            return redirect("clinic:patient_detail", public_id=enrollment.public_id)
    return patient_page(request, request.user, enrollment, chart_form=form, status=400)


@shows_patient_data(
    AuditAction.PATIENT_RECORD_VIEWED,
    AuditAction.CONTACT_LOGGED,
    AuditAction.BODY_TRACKER_VIEWED,
)
@require_POST
def contact_log(request: HttpRequest, public_id) -> HttpResponse:
    """Log a contact with the patient; errors show on the patient page."""
    enrollment = _enrollment(request, public_id)
    form = ContactLogForm(request.POST)
    if form.is_valid():
        try:
            contact = services.contact_log_record(
                actor=request.user, enrollment=enrollment, **form.cleaned_data
            )
        except ValidationError as error:
            form_errors_from(error, form)
        else:
            messages.success(
                request,
                gettext("Contact logged: %(kind)s.")
                % {"kind": contact.get_kind_display().lower()},
            )
            page = reverse("clinic:patient_detail", args=[enrollment.public_id])
            return redirect(f"{page}#reaching")
    return patient_page(
        request, request.user, enrollment, contact_form=form, status=400
    )


@shows_patient_data(
    AuditAction.SAFETY_PLAN_CLINICIAN_VIEWED,
    AuditAction.SAFETY_PLAN_CLINICIAN_EDITED,
    AuditAction.PATIENT_RECORD_VIEWED,
)
@require_http_methods(["GET", "POST"])
def safety_plan(request: HttpRequest, public_id) -> HttpResponse:
    """The patient's safety plan, read and written with them while they share it."""
    enrollment = _enrollment(request, public_id)
    patient = enrollment.patient
    try:
        plan = recovery_selectors.safety_plan_for(actor=request.user, patient=patient)
    except PermissionDenied:
        # Not shared: the record's page says so, and shows nothing of the plan.
        if request.method == "POST":
            raise
        _record_view(request, enrollment, "safety_plan")
        page = {"enrollment": enrollment, "shared": False}
        return render(request, "clinic/safety_plan.html", page)
    more = request.POST.get("more")
    items = plan.items if plan else None
    form = SafetyPlanForm(request.POST or None, items=items, more=more)
    if request.method == "POST" and not more and form.is_valid():
        try:
            recovery_services.safety_plan_save(
                actor=request.user, patient=patient, items=form.items()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("The safety plan is saved."))
            return redirect("clinic:safety_plan", public_id=enrollment.public_id)
    context = {"enrollment": enrollment, "shared": True, "plan": plan, "form": form}
    context["rows"] = safety_plan_steps.rows(items)
    return render(request, "clinic/safety_plan.html", context)
