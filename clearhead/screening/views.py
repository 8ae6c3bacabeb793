from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from clearhead.accounts.inline_sign_in import sign_in_or_register
from clearhead.audit.actions import AuditAction
from clearhead.audit.decorators import no_patient_data, shows_patient_data
from clearhead.safety.helplines import help_lines_for
from clearhead.screening import (
    explain,
    journey,
    policies,
    questionnaires,
    selectors,
    services,
)
from clearhead.screening.forms import form_class_for
from clearhead.screening.instruments import INSTRUMENTS

BROKEN = "We could not read your earlier answers. Please start again."


def _render_step(request, step, state, form=None):
    """One step of the journey.

    Shown after a POST (the answers so far came with it), the page hands them
    to self-check.js, which keeps them in this tab's sessionStorage and makes
    the history entry a plain GET of the step; shown after that GET (Back,
    Forward, reload), the page asks the script to show it again from them.
    """
    instrument = INSTRUMENTS[step]
    form_class = form_class_for(instrument)
    if form is None:
        initial = form_class.initial_from(instrument, state.answers.get(step))
        form = form_class(instrument=instrument, initial=initial)
    context = {
        "instrument": instrument,
        "form": form,
        "state": state,
        "step_number": journey.STEP_IDS.index(step) + 1,
        "step_count": len(journey.STEP_IDS),
        "optional": step in journey.OPTIONAL,
        "has_previous": journey.step_before(step) is not None,
        "previous": questionnaires.explanations(state.results()),
        "posted": request.method == "POST",
        "step_url": f"{reverse('screening:take')}?step={step}",
    }
    return render(request, "screening/step.html", context)


def _render_results(request, state):
    context = questionnaires.results_context(state, viewer=request.user)
    return render(request, "screening/results.html", context)


def _advance(request, step: str, state: journey.JourneyState):
    """Take the posted step's answers (or its skip) and show what comes next."""
    action = request.POST.get("action", "next")
    if action == "show":
        return _render_step(request, step, state)
    if action == "back":
        return _render_step(request, journey.step_before(step) or step, state)
    if action == "skip" and step in journey.OPTIONAL:
        state.answers.pop(step, None)
    else:
        instrument = INSTRUMENTS[step]
        form = form_class_for(instrument)(request.POST, instrument=instrument)
        if not form.is_valid():
            return _render_step(request, step, state, form=form)
        state.answers[step] = journey.validate_answers(instrument, form.answers())
    following = journey.step_after(step)
    if following:
        return _render_step(request, following, state)
    return _render_results(request, state)


def _posted_state(request) -> journey.JourneyState | None:
    try:
        return journey.parse_state(request.POST.get("state", ""))
    except journey.BrokenState:
        return None


@login_not_required
@no_patient_data
@require_safe
def start(request: HttpRequest) -> HttpResponse:
    return render(request, "screening/start.html")


@login_not_required
@no_patient_data
@never_cache
@require_http_methods(["GET", "POST"])
def take(request: HttpRequest) -> HttpResponse:
    """Every step of the journey, one page at a time; nothing is stored."""
    if request.method == "GET":
        step = request.GET.get("step", "")
        step = step if step in journey.STEP_IDS else journey.STEP_IDS[0]
        return _render_step(request, step, journey.JourneyState({}))
    state, step = _posted_state(request), request.POST.get("step", "")
    if state is None or step not in journey.STEP_IDS:
        return render(request, "screening/start.html", {"error": BROKEN}, status=400)
    return _advance(request, step, state)


@login_not_required
@no_patient_data
@never_cache
@require_http_methods(["GET", "POST"])
def results(request: HttpRequest) -> HttpResponse:
    """The results, worked out again from answers posted by this tab.

    GET (Back, Forward, reload, a link) sends a page without answers: with
    answers kept in this tab, self-check.js posts them here and shows the
    answer; without, the page says they are gone. Nothing is stored.
    """
    if request.method == "GET":
        return render(request, "screening/results_gone.html")
    state = _posted_state(request)
    if state is None or not state.answers:
        return render(request, "screening/start.html", {"error": BROKEN}, status=400)
    return _render_results(request, state)


def _save_and_show(request, state):
    services.screening_results_save(actor=request.user, state=state)
    return redirect("screening:saved")


def _sign_in_then_save(request, state):
    """Sign in (or register) from the save page, then save, in one step."""
    forms = sign_in_or_register(request)
    if forms.needs_second_factor:
        # The password alone writes nothing into a record with two-step on.
        messages.info(
            request,
            "Your results were not saved. Enter the code from your "
            "authenticator app, then take the self-check again to save them.",
        )
        return redirect("accounts:two_factor_verify")
    if policies.can_save_own_results(request.user):
        return _save_and_show(request, state)
    context = {
        "state": state,
        "signin_form": forms.signin_form,
        "register_form": forms.register_form,
    }
    return render(request, "screening/save.html", context)


@login_not_required
@no_patient_data
@require_POST
def save(request: HttpRequest) -> HttpResponse:
    """Save the results into the person's own account, signing in if needed."""
    state = _posted_state(request)
    if state is None or not state.answers:
        return render(request, "screening/start.html", {"error": BROKEN}, status=400)
    if policies.can_save_own_results(request.user):
        return _save_and_show(request, state)
    if request.user.is_authenticated:
        return render(request, "screening/save.html", {"wrong_role": True}, status=403)
    return _sign_in_then_save(request, state)


@shows_patient_data(AuditAction.SCREENING_VIEWED)
@require_safe
def saved(request: HttpRequest) -> HttpResponse:
    if not policies.can_save_own_results(request.user):
        raise PermissionDenied
    results = selectors.screening_result_list_for_patient(
        actor=request.user, patient=request.user
    )
    rows = [
        (saved, INSTRUMENTS[saved.instrument_id].title, summary_of(saved))
        for saved in results
    ]
    context = {"rows": rows, **selectors.crisis_after_saving(actor=request.user)}
    return render(request, "screening/saved.html", context)


def summary_of(saved) -> str:
    """One plain sentence for a saved result, as on the results page."""
    result = saved.result
    if saved.instrument_id in questionnaires.EXPLAINERS:
        return questionnaires.EXPLAINERS[saved.instrument_id](result)
    if saved.instrument_id == "bladder-check":
        emergency = help_lines_for(settings.CLEARHEAD_REGION).emergency_number
        return f"{explain.body_advice(result, emergency)[0]}."
    return "Suggested: {}.".format(explain.level_summary(result)["name"])
