from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from clearhead.audit.actions import AuditAction
from clearhead.audit.decorators import no_patient_data, shows_patient_data
from clearhead.care import policy
from clearhead.care.middleware import activate_program_zone
from clearhead.care.models import (
    PURPOSES,
    REDISCLOSURE_NOTICE,
    REVOCATION_STATEMENT,
    SHARE_KINDS,
    Enrollment,
)
from clearhead.care.policy import is_patient
from clearhead.care.time_zones import today_for
from clearhead.clinic import selectors, services
from clearhead.clinic.calendar import appointments_ical
from clearhead.clinic.caseload import REVIEW_FILTERS, SORTS, query_params
from clearhead.clinic.forms import (
    CaseloadForm,
    ChartNumberForm,
    ContactLogForm,
    FlagReviewForm,
    JoinCodeForm,
    JoinForm,
    OutcomesForm,
    PatientInvitationForm,
    SharingForm,
)
from clearhead.clinic.outcomes import (
    WHOLE_WEEKS,
    level_change_rows,
    measure_display,
    outcomes_csv,
    outcomes_without_program,
    program_outcomes,
    weekly_craving_chart,
)
from clearhead.core.forms import form_errors_from
from clearhead.core.paging import page_links
from clearhead.flags import crisis
from clearhead.flags.definitions import ADHERENCE_DAYS, flag_kind
from clearhead.recovery.charts import series_chart, timeline_chart


def _clinician(request):
    if not policy.is_clinician(request.user):
        raise PermissionDenied
    return request.user


def _no_program(request: HttpRequest) -> HttpResponse:
    """Tell a clinician outside every program who can add them to one."""
    return render(
        request,
        "clinic/no_program.html",
        {"administrators": selectors.administrator_list_active()},
    )


@shows_patient_data(AuditAction.CASELOAD_VIEWED)
@require_http_methods(["GET"])
def caseload(request: HttpRequest) -> HttpResponse:
    clinician = _clinician(request)
    query = CaseloadForm(request.GET).query()
    caseload = selectors.caseload_for_clinician(
        actor=clinician, page_number=request.GET.get("page", 1), **query
    )
    # Asked only of an empty caseload, so a full one costs no extra query.
    if not caseload.total and not policy.programs_of(clinician).exists():
        return _no_program(request)
    return render(request, "clinic/caseload.html", _caseload_context(caseload, query))


def _caseload_context(caseload, query: dict) -> dict:
    """The caseload page's context; `query`: CaseloadForm.query()."""
    # Links keep the search, order and filters, and drop what is a default
    # or was not valid, so they stay short and never carry a bad value on.
    params = QueryDict(mutable=True)
    params.update(query_params(query))
    return {
        "caseload": caseload,
        "rows": caseload.rows,
        "form": CaseloadForm(initial=query),
        "query": query,
        "narrowed": bool(query_params(query, sort=None)),
        "adherence_days": ADHERENCE_DAYS,
        # (code, label, patients whose flag awaits review, reviewed, link)
        "flag_filters": [
            (
                code,
                flag_kind(code).clinician_label,
                awaiting,
                count - awaiting,
                "?" + urlencode(query_params(query, flag=code)),
            )
            for (code, count), awaiting in zip(
                caseload.flag_counts.items(),
                caseload.awaiting_review.values(),
                strict=True,
            )
        ],
        "links": page_links(
            params,
            caseload.page.number,
            has_previous=caseload.page.has_previous(),
            has_next=caseload.page.has_next(),
        ),
        "flag_label": flag_kind(caseload.flag).clinician_label
        if caseload.flag
        else None,
        "review_label": REVIEW_FILTERS.get(query["review"]),
        "sort_label": SORTS[query["sort"]],
    }


@shows_patient_data(AuditAction.PATIENT_RECORD_VIEWED, AuditAction.BODY_TRACKER_VIEWED)
@require_http_methods(["GET"])
def patient_detail(request: HttpRequest, public_id) -> HttpResponse:
    clinician = _clinician(request)
    enrollment = selectors.enrollment_for_clinician(
        actor=clinician, public_id=public_id
    )
    return patient_page(request, clinician, enrollment)


def patient_page(
    request,
    clinician,
    enrollment,
    *,
    review_form=None,
    chart_form=None,
    contact_form=None,
    status=200,
) -> HttpResponse:
    """The patient page; `review_form`, `chart_form`, `contact_form`: a form
    sent back with errors."""
    activate_program_zone(request, enrollment.program)
    record = selectors.patient_record_for_clinician(
        actor=clinician, enrollment=enrollment
    )
    history = selectors.instrument_history(actor=clinician, enrollment=enrollment)
    context = record | {
        "shared_labels": [SHARE_KINDS[kind] for kind in enrollment.sharing],
        "adherence_days": ADHERENCE_DAYS,
        "history": history,
        "chart_form": chart_form
        or ChartNumberForm(initial={"chart_number": enrollment.chart_number}),
        # The "Reaching <name>" panel (clinic/_patient_contact.html).
        "reaching": selectors.contact_panel_for_care_team(
            actor=clinician, enrollment=enrollment, flags=record["flags"]
        ),
        "contact_form": contact_form or ContactLogForm(),
        "score_charts": [
            series_chart(key, title, "points", 0, maximum, history[key]["points"])
            for key, title, maximum in (
                ("phq9", gettext("PHQ-9 over time"), 27),
                ("gad7", gettext("GAD-7 over time"), 21),
            )
            if history[key]["points"]
        ],
        "timeline": timeline_chart(
            checkins=record.get("checkins"),
            tests=selectors.drug_test_marks_for_care_team(
                actor=clinician,
                enrollment=enrollment,
                since=record["today"] - timedelta(days=selectors.RECORD_CHECKIN_DAYS),
            ),
            today=record["today"],
            days=selectors.RECORD_CHECKIN_DAYS,
        ),
        "flag_rows": [
            (
                item,
                review_form
                if review_form is not None and review_form.flag.pk == item.flag.pk
                else FlagReviewForm(flag=item.flag),
            )
            for item in record["flags"]
        ],
    }
    return render(request, "clinic/patient_detail.html", context, status=status)


@no_patient_data
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest) -> HttpResponse:
    clinician = _clinician(request)
    programs = policy.programs_of(clinician)
    if not programs.exists():
        return _no_program(request)
    form = PatientInvitationForm(request.POST or None, programs=programs)
    if request.method == "POST" and form.is_valid():
        invitation, code = services.patient_invitation_create(
            actor=clinician, **form.cleaned_data
        )
        return render(
            request,
            "clinic/invitation_code.html",
            {
                "invitation": invitation,
                "code": code,
                "join_url": settings.CLEARHEAD_BASE_URL + reverse("clinic:join"),
            },
        )
    return render(request, "clinic/invite.html", {"form": form})


def _confirming(data) -> bool:
    """Whether a POST comes from the consent's summary, and is not "Change"."""
    return data is not None and "confirm" in data and "change" not in data


def _consent_summary(enrollment_program, kinds, patient) -> dict:
    """What the summary before the signature names (42 CFR 2.31, in plain words)."""
    return {
        "program": enrollment_program,
        "kind_labels": [SHARE_KINDS[kind] for kind in kinds],
        "purpose": PURPOSES["treatment"],
        "revocation": REVOCATION_STATEMENT,
        "redisclosure": REDISCLOSURE_NOTICE,
        "patient_name": patient.display_name or patient.email,
        "today": today_for(patient),
    }


@no_patient_data
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    """A patient accepts a care team's invitation, choosing what to share.

    Three steps, so that the consent is read in full before it is signed:
    the code (typed, or from the e-mailed link's ?code=); the program's name
    with what its care team may see, nothing ticked; then a summary of the
    consent (who, what, why, until when, the right to revoke) and the
    signature. "Change" on the summary goes back with the ticks kept.
    """
    if not is_patient(request.user):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    code = (data or request.GET).get("code", "")
    if not code:
        return render(request, "clinic/join.html", {"form": JoinCodeForm()})
    try:
        invitation = services.patient_invitation_for_code(actor=request.user, code=code)
    except ValidationError as error:
        form = JoinCodeForm({"code": code})
        form_errors_from(error, form)
        return render(request, "clinic/join.html", {"form": form}, status=400)
    confirming = _confirming(data)
    form = JoinForm(data, initial={"code": code}, confirming=confirming)
    if data is not None and form.is_valid():
        if not confirming and "change" not in data:
            return _join_summary(request, invitation, form.cleaned_data)
        if "change" in data:
            form = JoinForm(initial=form.cleaned_data)
        else:
            try:
                services.patient_invitation_accept(
                    actor=request.user,
                    invitation=invitation,
                    sharing=form.cleaned_data["sharing"],
                    signature=form.cleaned_data.get("signature", ""),
                )
            except ValidationError as error:
                form_errors_from(error, form)
            else:
                messages.success(
                    request,
                    gettext("You are now connected with %(program)s.")
                    % {"program": invitation.program},
                )
                return redirect("clinic:my_care")
    if confirming and form.errors and "sharing" in form.cleaned_data:
        return _join_summary(request, invitation, None, form=form, status=400)
    # A form that failed (unknown kind, wrong address, …) is a 400 with the reason.
    status = 400 if form.is_bound and form.errors else 200
    context = {"form": form, "invitation": invitation}
    return render(request, "clinic/join.html", context, status=status)


def _join_summary(request, invitation, chosen, *, form=None, status=200):
    """The consent to a care team, summed up, with the signature (the last step)."""
    if form is None:
        form = JoinForm(initial=chosen, confirming=True)
    kinds = form.cleaned_data["sharing"] if form.is_bound else chosen["sharing"]
    context = _consent_summary(invitation.program, kinds, request.user) | {
        "form": form,
        "invitation": invitation,
        "joining": True,
    }
    return render(request, "clinic/consent_confirm.html", context, status=status)


@shows_patient_data(
    AuditAction.PATIENT_RECORD_VIEWED,
    AuditAction.SHARING_CHANGED,
    AuditAction.CONSENT_SIGNED,
    AuditAction.CONSENT_REVOKED,
)
@require_http_methods(["GET", "POST"])
def my_care(request: HttpRequest) -> HttpResponse:
    """The patient's programs and what each care team may see."""
    if not is_patient(request.user):
        raise PermissionDenied
    enrollments = selectors.enrollments_of_patient(actor=request.user)
    bound_form, bound_enrollment = None, None
    if request.method == "POST":
        bound_enrollment = next(
            (
                e
                for e in enrollments
                if str(e.public_id) == request.POST.get("enrollment")
            ),
            None,
        )
        if bound_enrollment is None:
            raise Http404
        confirming = _confirming(request.POST)
        bound_form = SharingForm(
            request.POST, auto_id=_form_ids(bound_enrollment), confirming=confirming
        )
        if bound_form.is_valid() and _asks_summary(request.POST, bound_form):
            # Sharing anything is a new consent: read in full, then signed.
            selectors.audit_own_care_view(actor=request.user)
            summary = SharingForm(initial=bound_form.cleaned_data, confirming=True)
            return _my_care_summary(request, bound_enrollment, summary)
        if "change" in request.POST:
            bound_form = SharingForm(
                initial=bound_form.cleaned_data, auto_id=_form_ids(bound_enrollment)
            )
        elif _save_sharing(request, bound_enrollment, bound_form):
            messages.success(
                request, gettext("Saved. Your care team sees only what you ticked.")
            )
            return redirect("clinic:my_care")
        elif confirming and "sharing" in bound_form.cleaned_data:
            selectors.audit_own_care_view(actor=request.user)
            return _my_care_summary(request, bound_enrollment, bound_form, status=400)
    selectors.audit_own_care_view(actor=request.user)
    forms = [
        (
            e,
            policy.current_care_team(e),
            bound_form
            if e is bound_enrollment
            else SharingForm(initial={"sharing": e.sharing}, auto_id=_form_ids(e)),
        )
        for e in enrollments
    ]
    # Alerts the patient asked us to tell a care team of, to revoke here.
    disclosures = crisis.disclosures_in_force(actor=request.user)
    return render(
        request, "clinic/my_care.html", {"forms": forms, "disclosures": disclosures}
    )


def _asks_summary(data, form) -> bool:
    """A choice that shares something, not yet seen summed up: show the summary.

    Withdrawing everything signs nothing, so it is saved at once.
    """
    return (
        not form.confirming
        and "change" not in data
        and bool(form.cleaned_data["sharing"])
    )


def _my_care_summary(request, enrollment, form, *, status=200) -> HttpResponse:
    kinds = form.cleaned_data["sharing"] if form.is_bound else form.initial["sharing"]
    context = _consent_summary(enrollment.program, kinds, request.user) | {
        "form": form,
        "enrollment": enrollment,
        "joining": False,
    }
    return render(request, "clinic/consent_confirm.html", context, status=status)


def _form_ids(enrollment: Enrollment) -> str:
    """Each program's form on one page needs its own element ids."""
    return f"id_{enrollment.public_id.hex[:8]}_%s"


def _save_sharing(request: HttpRequest, enrollment: Enrollment, form) -> bool:
    if not form.is_valid():
        return False
    try:
        services.enrollment_sharing_update(
            actor=request.user,
            enrollment=enrollment,
            sharing=form.cleaned_data["sharing"],
            signature=form.cleaned_data.get("signature", ""),
        )
    except ValidationError as error:
        form_errors_from(error, form)
        return False
    return True


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@shows_patient_data(AuditAction.CASELOAD_VIEWED, AuditAction.APPOINTMENTS_DOWNLOADED)
@require_http_methods(["GET"])
def clinician_appointments_ics(request: HttpRequest) -> HttpResponse:
    clinician = _clinician(request)
    appointments = selectors.appointments_for_clinician(actor=clinician)
    content = appointments_ical(
        appointments, for_patient=False, base_url=settings.CLEARHEAD_BASE_URL
    )
    return _ics_response(content, "clearhead-appointments.ics")


@shows_patient_data(AuditAction.PATIENT_RECORD_VIEWED)
@require_http_methods(["GET"])
def my_appointments_ics(request: HttpRequest) -> HttpResponse:
    if not is_patient(request.user):
        raise PermissionDenied
    appointments = selectors.appointments_for_patient(actor=request.user)
    return _ics_response(
        appointments_ical(appointments, for_patient=True), "my-appointments.ics"
    )


@shows_patient_data(AuditAction.OUTCOMES_VIEWED)
@require_http_methods(["GET"])
def outcomes(request: HttpRequest) -> HttpResponse:
    clinician = _clinician(request)
    programs = list(policy.programs_of(clinician))
    if not programs:
        # As the caseload does: the visit is on the record, no program named.
        outcomes_without_program(actor=clinician)
        return _no_program(request)
    form = OutcomesForm(request.GET or None, programs=programs)
    if form.names_another_program():
        raise PermissionDenied
    asked_well = form.is_valid()
    data = form.cleaned_data if asked_well else form.defaults()
    report = program_outcomes(
        actor=clinician, program=data["program"], start=data["start"], end=data["end"]
    )
    # A CSV only of the period asked for: dates the form refused show the
    # page, with its errors, not a file of other dates.
    if request.GET.get("format") == "csv" and (asked_well or not form.is_bound):
        return outcomes_csv(report, data)
    chart = weekly_craving_chart(report)
    context = {
        "form": form,
        "report": report,
        "measures": measure_display(report),
        "level_changes": level_change_rows(report),
        "query": data,
        "chart": chart,
        "whole_weeks": gettext(WHOLE_WEEKS),
        "widened": (data["start"], data["end"]) != (report["start"], report["end"]),
    }
    return render(request, "clinic/outcomes.html", context)


@shows_patient_data(AuditAction.TREATMENT_PLAN_VIEWED)
@require_http_methods(["GET"])
def my_treatment_plan(request: HttpRequest) -> HttpResponse:
    """The patient's treatment plan and appointments, as their care team wrote them."""
    if not is_patient(request.user):
        raise PermissionDenied
    plans = selectors.treatment_plans_for_patient(actor=request.user)
    return render(request, "clinic/my_treatment_plan.html", {"plans": plans})
