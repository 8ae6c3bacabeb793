import uuid
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from clearhead.audit.actions import AuditAction
from clearhead.audit.decorators import shows_patient_data
from clearhead.care import policy
from clearhead.care.time_zones import time_zone_for, today_for
from clearhead.core.redirects import safe_next
from clearhead.directory.selectors import meeting_get
from clearhead.flags import crisis
from clearhead.flags.definitions import EARLY_RECOVERY_WEEKS, FlagCode
from clearhead.recovery import (
    closing,
    early_recovery,
    push,
    selectors,
    services,
    wording,
)
from clearhead.recovery.charts import MEASURES, build_chart
from clearhead.recovery.checkin_days import late_day
from clearhead.recovery.early_recovery import SYMPTOMS
from clearhead.recovery.export import patient_data_export
from clearhead.recovery.forms import (
    CheckInForm,
    CloseAccountForm,
    DecisionalBalanceForm,
    EarlyRecoveryForm,
    EarlyRecoveryTurnForm,
    ProfileForm,
    RelapsePlanForm,
    RoutineItemForm,
    ThoughtRecordForm,
    profile_initial,
)
from clearhead.recovery.models import RoutineItem
from clearhead.recovery.next_step import Step
from clearhead.safety import safety_plan
from clearhead.safety.safety_plan_form import SafetyPlanForm
from clearhead.screening import questionnaires
from clearhead.screening.instruments import BLADDER_CHECK
from clearhead.screening.journey import JourneyState, validate_answers


def _patient(request):
    if not policy.is_patient(request.user):
        raise PermissionDenied
    return request.user


@shows_patient_data(
    AuditAction.RECOVERY_PROFILE_VIEWED,
    AuditAction.RECOVERY_PROFILE_SAVED,
)
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    """Onboarding, and later changes to the same answers."""
    patient = _patient(request)
    profile = selectors.profile_for(actor=patient)
    form = ProfileForm(
        request.POST or None,
        initial=profile_initial(profile, time_zone_for(patient)),
        notifications=push.notifications_available(),
    )
    if request.method == "POST" and form.is_valid():
        data = {
            key: form.cleaned_data[key]
            for key in (
                "stop_date",
                "reasons",
                "usual_triggers",
                "reminder_time",
                "time_zone",
                "weekly_spend",
                "phone",
                "best_time_to_call",
            )
        }
        services.recovery_profile_save(
            actor=patient,
            contacts=form.contacts(),
            # Absent where notifications are not offered: kept as stored.
            reminder_channel=form.cleaned_data.get("reminder_channel"),
            **data,
        )
        messages.success(
            request, gettext("Saved. You can change these answers at any time.")
        )
        # Sent here on the way to somewhere (the first check-in): go on there.
        return redirect(
            safe_next(request, request.GET.get("next")) or "recovery:dashboard"
        )
    selectors.audit_profile_view(actor=patient, profile=profile)
    return render(
        request,
        "recovery/profile_form.html",
        {
            "form": form,
            "first_time": profile is None,
            "push_key": push.vapid_public_key(),
        },
    )


# What the home page's "Recent check-ins" table shows of a check-in.
RECENT_FIELDS = ("day", "created_at", "late", "craving", "mood", "used_ketamine")


@shows_patient_data(AuditAction.CHECKINS_VIEWED, AuditAction.ROUTINE_VIEWED)
@require_http_methods(["GET"])
def dashboard(request: HttpRequest) -> HttpResponse:
    patient = _patient(request)
    profile = selectors.profile_for(actor=patient, safety_plan=True)
    if profile is None:
        return redirect("recovery:profile")
    today = today_for(patient)
    status = selectors.sober_status(profile=profile, today=today)
    flags = selectors.early_warnings_for_patient(actor=patient, patient=patient)
    # One open flag per kind: the crisis box's flag is the one in `flags`
    # (the box shows only when it holds today), not a second read.
    crisis_flag = next((flag for flag in flags if flag.code == FlagCode.CRISIS), None)
    recent = list(
        selectors.checkin_list_for_patient(actor=patient, patient=patient).only(
            *RECENT_FIELDS
        )[:7]
    )
    context = {
        "profile": profile,
        "status": status,
        "milestone": wording.milestone_note(
            status["count"].current_days,
            services.milestones_celebrate(
                actor=patient,
                run_started=status["count"].run_started,
                reached=status["milestones"],
            ),
        ),
        "flags": flags,
        "crisis": crisis_flag is not None,
        "crisis_flag": crisis_flag,
        "care_team": crisis_flag
        and crisis.care_team_status(actor=patient, flag=crisis_flag),
        "has_safety_plan": profile.has_safety_plan,
        "recent": recent,
        "checked_in_today": any(checkin.day == today for checkin in recent),
        "routine": selectors.routine_for(actor=patient, patient=patient, today=today),
        "early_recovery_on": profile.early_recovery_on,
        "early_recovery_offer": early_recovery.offer(
            status["count"].run_started, today
        ),
    }
    return render(request, "recovery/dashboard.html", context)


@shows_patient_data(
    AuditAction.RECOVERY_PROFILE_VIEWED,
    AuditAction.CHECKIN_CREATED,
    # A form sent twice (a double tap, a reload) hands back the stored one.
    AuditAction.CHECKINS_VIEWED,
)
@require_http_methods(["GET", "POST"])
def checkin_create(request: HttpRequest) -> HttpResponse:
    """Today's check-in, or yesterday's missed one (`?missed=yesterday`)."""
    patient = _patient(request)
    if selectors.profile_for(actor=patient) is None:
        return redirect(f"{reverse('recovery:profile')}?next={request.path}")
    form = CheckInForm(request.POST or None, initial=_checkin_initial(request, patient))
    if request.method == "POST" and form.is_valid():
        try:
            checkin, _ = services.checkin_create(
                actor=patient,
                client_id=form.cleaned_data["client_id"],
                data=form.checkin_data(),
            )
        except (services.CheckInConflict, ValidationError) as refusal:
            form = _refused_checkin_form(request, refusal)
        else:
            return _checkin_saved(request, checkin)
    selectors.audit_profile_view(actor=patient, profile=None)
    return render(
        request, "recovery/checkin_form.html", _checkin_context(patient, form)
    )


def _checkin_initial(request, patient) -> dict:
    late = request.GET.get("missed") == "yesterday"
    return {
        "client_id": uuid.uuid4(),
        "late": late,
        "day": late_day(day=None, today=today_for(patient)) if late else None,
        "risky_situation": "no",
        "body_symptoms": "no",
    }


def _refused_checkin_form(request, refusal) -> CheckInForm:
    """The form again, with the service's reason and a fresh client_id (the
    refused one must not be sent again)."""
    data = request.POST.copy()
    data["client_id"] = str(uuid.uuid4())
    form = CheckInForm(data)
    form.is_valid()
    messages_ = refusal.messages if isinstance(refusal, ValidationError) else []
    for message in messages_ or [str(refusal)]:
        form.add_error(None, message)
    return form


def _checkin_context(patient, form) -> dict:
    # An offline check-in is dated by the server from the instant it was
    # made, read in the patient's zone (the one "today"); the page names the
    # zone and yesterday only to say which day a late check-in is for.
    yesterday = late_day(day=None, today=today_for(patient))
    late = form.is_late()
    if late:
        form.name_the_day(yesterday)
    return {
        "form": form,
        "time_zone": time_zone_for(patient),
        "late": late,
        "yesterday": yesterday,
        "yesterday_missed": not late
        and not selectors.has_checkin_on(actor=patient, day=yesterday),
        # The offline crisis box says what happens with the care team once
        # the check-in is sent (no flag exists while it waits on the phone).
        "offline_care_team": crisis.offline_care_team_status(actor=patient),
    }


def _checkin_saved(request, checkin) -> HttpResponse:
    # Thoughts of self-harm go straight to the help lines (the result page);
    # otherwise body symptoms are checked first, and that page leads on to it.
    if checkin.body_symptoms and not checkin.self_harm_thoughts:
        return redirect("recovery:checkin_body", public_id=checkin.public_id)
    return redirect("recovery:checkin_result", public_id=checkin.public_id)


@shows_patient_data(AuditAction.CHECKINS_VIEWED)
@require_http_methods(["GET"])
def checkin_result(request: HttpRequest, public_id) -> HttpResponse:
    """After a check-in: one next step chosen from its answers (next_step)."""
    patient = _patient(request)
    context = selectors.checkin_result(actor=patient, public_id=public_id)
    if context["step"] == Step.CRISIS:
        # Beside the help lines: whether the care team will be told.
        context.update(crisis.crisis_context(actor=patient))
        # "Tell my care team now" comes back here.
        context["crisis_next"] = request.path
        context["has_safety_plan"] = selectors.has_safety_plan(actor=patient)
    return render(request, "recovery/checkin_result.html", context)


@shows_patient_data(
    AuditAction.RECOVERY_PROFILE_VIEWED,
    AuditAction.BODY_CHECK_SAVED,
    AuditAction.SCREENING_SAVED,
)
@require_http_methods(["GET", "POST"])
def checkin_body(request: HttpRequest, public_id) -> HttpResponse:
    """The bladder-and-body check, taken because a check-in reported symptoms."""
    patient = _patient(request)
    checkin = selectors.own_checkin(actor=patient, public_id=public_id)
    form = questionnaires.instrument_form(BLADDER_CHECK, request.POST or None)
    if request.method == "POST" and form.is_valid():
        answers = validate_answers(BLADDER_CHECK, form.answers())
        checkin = services.checkin_body_check_save(
            actor=patient,
            checkin=checkin,
            state=JourneyState({"bladder-check": answers}),
        )
        context = questionnaires.results_context(
            JourneyState({"bladder-check": answers}), viewer=request.user
        )
        context["checkin"] = checkin
        return render(request, "recovery/checkin_body_result.html", context)
    selectors.audit_profile_view(actor=patient, profile=None)
    return render(
        request,
        "recovery/checkin_body.html",
        {"form": form, "instrument": BLADDER_CHECK},
    )


CHART_SPANS = (7, 30, 90)


@shows_patient_data(AuditAction.CHECKINS_VIEWED)
@require_http_methods(["GET"])
def charts(request: HttpRequest) -> HttpResponse:
    patient = _patient(request)
    days = (
        int(request.GET["days"]) if request.GET.get("days") in {"7", "30", "90"} else 30
    )
    today = today_for(patient)
    since = today - timedelta(days=days - 1)
    checkins = list(
        selectors.checkin_list_for_patient(actor=patient, patient=patient, since=since)
    )
    context = {
        "days": days,
        "spans": CHART_SPANS,
        "charts": [build_chart(checkins, measure, today, days) for measure in MEASURES],
    }
    return render(request, "recovery/charts.html", context)


@shows_patient_data(AuditAction.PLAN_VIEWED)
@require_http_methods(["GET"])
def plan(request: HttpRequest) -> HttpResponse:
    patient = _patient(request)
    context = {
        "plan": selectors.relapse_plan_for(actor=patient, patient=patient),
        "profile": selectors.profile_for(actor=patient),
    }
    return render(request, "recovery/plan.html", context)


@shows_patient_data(AuditAction.PLAN_VIEWED, AuditAction.PLAN_SAVED)
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest) -> HttpResponse:
    patient = _patient(request)
    current = selectors.relapse_plan_for(actor=patient, patient=patient)
    initial = (
        {field: getattr(current, field) for field in services.PLAN_FIELDS}
        if current
        else {}
    )
    form = RelapsePlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.relapse_plan_save(actor=patient, **form.cleaned_data)
        messages.success(request, gettext("Your plan is saved."))
        return redirect("recovery:plan")
    return render(request, "recovery/plan_form.html", {"form": form})


@shows_patient_data(AuditAction.ROUTINE_VIEWED, AuditAction.ROUTINE_CHANGED)
@require_http_methods(["GET", "POST"])
def week(request: HttpRequest) -> HttpResponse:
    patient = _patient(request)
    today = today_for(patient)
    form = RoutineItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.routine_item_add(actor=patient, **form.cleaned_data)
        messages.success(request, gettext("Added to your week."))
        return redirect("recovery:week")
    routine = selectors.routine_for(actor=patient, patient=patient, today=today)
    return render(
        request,
        "recovery/week.html",
        {"routine": routine, "form": form, "today": today},
    )


def _own_item(patient, public_id):
    return selectors.own_routine_item(actor=patient, public_id=public_id)


@shows_patient_data(AuditAction.ROUTINE_CHANGED)
@require_POST
def week_toggle(request: HttpRequest, public_id) -> HttpResponse:
    patient = _patient(request)
    item = _own_item(patient, public_id)
    today = today_for(patient)
    services.routine_item_toggle(actor=patient, item=item, day=today)
    return redirect("recovery:week")


@shows_patient_data(AuditAction.ROUTINE_CHANGED)
@require_POST
def week_remove(request: HttpRequest, public_id) -> HttpResponse:
    patient = _patient(request)
    services.routine_item_remove(actor=patient, item=_own_item(patient, public_id))
    messages.success(request, gettext("Removed from your week."))
    return redirect("recovery:week")


@shows_patient_data(AuditAction.ROUTINE_CHANGED)
@require_POST
def week_add_meeting(request: HttpRequest, public_id) -> HttpResponse:
    """Add a meeting from the finder to the patient's weekly routine."""
    patient = _patient(request)
    meeting = meeting_get(public_id)
    if meeting is None:
        raise Http404
    services.routine_item_add(
        actor=patient,
        kind=RoutineItem.Kind.MEETING,
        title=meeting.name,
        weekdays=meeting.days,
        time=meeting.start_time,
        meeting=meeting,
    )
    messages.success(
        request, gettext("“%(meeting)s” is in your week.") % {"meeting": meeting.name}
    )
    return redirect("recovery:week")


TOOL_PAGES = {
    "urge-surfing": "recovery/tools/urge_surfing.html",
    "breathing": "recovery/tools/breathing.html",
    "play-the-tape-forward": "recovery/tools/tape.html",
    "delay-distract-decide": "recovery/tools/delay.html",
}


@shows_patient_data(AuditAction.RECOVERY_PROFILE_VIEWED)
@require_http_methods(["GET"])
def tools(request: HttpRequest) -> HttpResponse:
    """The coping tools, with the patient's reasons and people one tap away."""
    patient = _patient(request)
    selectors.audit_profile_view(actor=patient, profile=None)
    return render(
        request,
        "recovery/tools/index.html",
        {"profile": selectors.profile_for(actor=patient)},
    )


@shows_patient_data(AuditAction.RECOVERY_PROFILE_VIEWED)
@require_http_methods(["GET"])
def tool_page(request: HttpRequest, tool: str) -> HttpResponse:
    patient = _patient(request)
    if tool not in TOOL_PAGES:
        raise Http404
    selectors.audit_profile_view(actor=patient, profile=None)
    return render(
        request, TOOL_PAGES[tool], {"profile": selectors.profile_for(actor=patient)}
    )


@shows_patient_data(AuditAction.COPING_RECORDS_VIEWED, AuditAction.THOUGHT_RECORD_SAVED)
@require_http_methods(["GET", "POST"])
def thought_log(request: HttpRequest) -> HttpResponse:
    patient = _patient(request)
    form = ThoughtRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.thought_record_create(actor=patient, **form.cleaned_data)
        messages.success(request, gettext("Saved to your log."))
        return redirect("recovery:thought_log")
    context = selectors.coping_records_for(actor=patient, patient=patient) | {
        "form": form
    }
    return render(request, "recovery/tools/thought_log.html", context)


@shows_patient_data(
    AuditAction.COPING_RECORDS_VIEWED,
    AuditAction.DECISIONAL_BALANCE_SAVED,
)
@require_http_methods(["GET", "POST"])
def balance(request: HttpRequest) -> HttpResponse:
    patient = _patient(request)
    current = selectors.coping_records_for(actor=patient, patient=patient)["balance"]
    initial = (
        {field: getattr(current, field) for field in DecisionalBalanceForm.base_fields}
        if current
        else {}
    )
    form = DecisionalBalanceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.decisional_balance_save(actor=patient, **form.cleaned_data)
        messages.success(request, gettext("Saved."))
        return redirect("recovery:balance")
    return render(request, "recovery/tools/balance.html", {"form": form})


@shows_patient_data(AuditAction.DATA_EXPORTED)
@require_http_methods(["GET"])
def my_data(request: HttpRequest) -> HttpResponse:
    """Everything the patient entered: as JSON to download, or a printable page."""
    patient = _patient(request)
    if request.GET.get("format") == "fhir":
        # The FHIR Bundle is interop's; links made before it moved keep working.
        return redirect("interop:my_record_fhir")
    data = patient_data_export(actor=patient, patient=patient)
    if request.GET.get("format") == "json":
        response = JsonResponse(data, json_dumps_params={"indent": 2})
        response["Content-Disposition"] = (
            'attachment; filename="clearhead-my-data.json"'
        )
        return response
    return render(request, "recovery/my_data.html", {"data": data})


@shows_patient_data(AuditAction.ACCOUNT_VIEWED, AuditAction.ACCOUNT_CLOSED)
@require_http_methods(["GET", "POST"])
def close_account(request: HttpRequest) -> HttpResponse:
    """Close the account: says what is deleted and what a program keeps, first."""
    patient = _patient(request)
    form = CloseAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            kept = closing.account_close(
                actor=patient, password=form.cleaned_data["password"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            logout(request)
            return render(request, "recovery/account_closed.html", {"kept": kept})
    # The page names the programs that hold records of the patient's care.
    context = {"form": form, "kept": closing.account_close_preview(actor=patient)}
    return render(request, "recovery/close_account.html", context)


@shows_patient_data(AuditAction.ACCOUNT_VIEWED)
@require_safe
def who_has_seen(request: HttpRequest) -> HttpResponse:
    """The patient's own view of who opened their record, and what went out.

    `?from=<public id>` starts the list at that event (the next-page link).
    """
    try:
        first = uuid.UUID(request.GET["from"]) if "from" in request.GET else None
    except ValueError:
        raise Http404 from None
    history = selectors.record_history_for(actor=request.user, first=first)
    return render(request, "recovery/who_has_seen.html", history)


@shows_patient_data(AuditAction.EARLY_RECOVERY_VIEWED, AuditAction.EARLY_RECOVERY_SAVED)
@require_http_methods(["GET", "POST"])
def early_recovery_page(request: HttpRequest) -> HttpResponse:
    """The optional early-recovery daily set: turn it on, today's entry, charts."""
    patient = _patient(request)
    if selectors.profile_for(actor=patient) is None:
        return redirect(f"{reverse('recovery:profile')}?next={request.path}")
    form = EarlyRecoveryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _entry, created = services.early_recovery_entry_save(
                actor=patient, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                gettext("Saved for today.")
                if created
                else gettext("Today's answers are updated."),
            )
            return redirect("recovery:early_recovery")
    context = selectors.early_recovery_for_patient(actor=patient)
    today_entry = context["today_entry"]
    if request.method != "POST" and today_entry is not None:
        form = EarlyRecoveryForm(
            initial={
                **{name: getattr(today_entry, name) for name in SYMPTOMS},
                "self_harm_thoughts": "yes" if today_entry.self_harm_thoughts else "no",
            }
        )
    context["form"] = form
    context["charts"] = early_recovery.charts(context["entries"], context["today"])
    context["weeks"] = EARLY_RECOVERY_WEEKS
    if today_entry is not None and today_entry.self_harm_thoughts:
        # The same help a check-in gives, and whether the care team is told.
        context.update(crisis.crisis_context(actor=patient))
        context["crisis_box"] = True
        context["has_safety_plan"] = selectors.has_safety_plan(actor=patient)
        context["crisis_next"] = request.path
    return render(request, "recovery/early_recovery.html", context)


@shows_patient_data(
    AuditAction.EARLY_RECOVERY_TURNED_ON, AuditAction.EARLY_RECOVERY_TURNED_OFF
)
@require_POST
def early_recovery_turn(request: HttpRequest) -> HttpResponse:
    """Turn the daily set on or off (POST on=on|off)."""
    patient = _patient(request)
    form = EarlyRecoveryTurnForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    try:
        services.early_recovery_turn(actor=patient, on=form.cleaned_data["on"])
    except ValidationError:
        return redirect("recovery:profile")
    messages.success(
        request,
        gettext("The daily set is on.")
        if form.cleaned_data["on"]
        else gettext("The daily set is off. Your answers so far are kept."),
    )
    return redirect("recovery:early_recovery")


@shows_patient_data(AuditAction.SAFETY_PLAN_VIEWED)
@require_safe
def safety_plan_page(request: HttpRequest) -> HttpResponse:
    """The patient's safety plan, to read, print, and open offline (sw.js)."""
    patient = _patient(request)
    plan = selectors.safety_plan_for(actor=patient, patient=patient)
    context = {"plan": plan, "rows": safety_plan.rows(plan.items if plan else None)}
    return render(request, "recovery/safety_plan.html", context)


@shows_patient_data(AuditAction.SAFETY_PLAN_VIEWED, AuditAction.SAFETY_PLAN_SAVED)
@require_http_methods(["GET", "POST"])
def safety_plan_edit(request: HttpRequest) -> HttpResponse:
    """Write or change the safety plan; "Add another line" saves nothing."""
    patient = _patient(request)
    plan = selectors.safety_plan_for(actor=patient, patient=patient)
    more = request.POST.get("more")
    form = SafetyPlanForm(
        request.POST or None, items=plan.items if plan else None, more=more
    )
    if request.method == "POST" and not more and form.is_valid():
        try:
            services.safety_plan_save(
                actor=patient, patient=patient, items=form.items()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("Your safety plan is saved."))
            return redirect("recovery:safety_plan")
    return render(request, "recovery/safety_plan_form.html", {"form": form})
