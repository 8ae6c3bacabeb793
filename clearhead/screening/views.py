from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from clearhead.accounts.inline_sign_in import sign_in_or_register
from clearhead.audit.actions import AuditAction
from clearhead.audit.decorators import no_patient_data, shows_patient_data
from clearhead.core.public_cache import public_page
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

BROKEN = _("We could not read your earlier answers. Please start again.")


def _render_step(request, step, state, form=None):
    """One step of the journey.

    Shown after a POST (the answers so far came with it), the page hands them
    to self-check.js, which keeps them in this tab's sessionStorage and makes
    the history entry a plain GET of the step; shown after that GET (Back,
    Forward, reload), the page asks the script to show it again from them.
    """
    instrument = journey.in_reader_language(INSTRUMENTS[step])
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
        instrument = journey.in_reader_language(INSTRUMENTS[step])
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
@public_page()
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


# The session remembers which results the last save made (their public ids,
# never answers), so the page after saving can say what was saved.
JUST_SAVED = "screening:just_saved"


def _save_and_show(request, state):
    saved = services.screening_results_save(actor=request.user, state=state)
    request.session[JUST_SAVED] = [str(result.public_id) for result in saved]
    return redirect(f"{reverse('screening:saved')}?saved=1")


def _focus_first_error(*forms) -> None:
    """Put the cursor on the first field with an error in the form that was
    sent, and nowhere else: the save page has two forms, and the sign-in
    box must not take the focus from an error in the other one."""
    for form in forms:
        for field in form.fields.values():
            field.widget.attrs.pop("autofocus", None)
    for form in forms:
        if form.is_bound and form.errors:
            names = [name for name in form.fields if name in form.errors]
            first = names[0] if names else next(iter(form.fields))
            form.fields[first].widget.attrs["autofocus"] = True
            return


def _sign_in_then_save(request, state):
    """Sign in (or register) from the save page, then save, in one step."""
    forms = sign_in_or_register(request)
    if forms.needs_second_factor:
        # The password alone writes nothing into a record with two-step on.
        messages.info(
            request,
            gettext(
                "Your results were not saved. Enter the code from your "
                "authenticator app, then take the self-check again to save them."
            ),
        )
        return redirect("accounts:two_factor_verify")
    if policies.can_save_own_results(request.user):
        return _save_and_show(request, state)
    _focus_first_error(forms.signin_form, forms.register_form)
    context = {
        "state": state,
        "signin_form": forms.signin_form,
        "register_form": forms.register_form,
    }
    return render(request, "screening/save.html", context)


@login_not_required
@no_patient_data
@never_cache
@require_http_methods(["GET", "POST"])
def save(request: HttpRequest) -> HttpResponse:
    """Save the results into the person's own account, signing in if needed.

    GET (Back, reload) sends a page without answers for self-check.js to
    fill from the answers kept in the tab (it posts them with
    `action=show`, which never saves).
    """
    if request.method == "GET" or request.POST.get("action") == "show":
        if policies.can_save_own_results(request.user):
            return redirect("screening:saved")  # Back after saving
        if request.method == "GET" and not request.user.is_authenticated:
            return render(request, "screening/save.html", {"restore": True})
    state = _posted_state(request)
    if request.method == "POST" and (state is None or not state.answers):
        return render(request, "screening/start.html", {"error": BROKEN}, status=400)
    if request.POST.get("action") == "show" and request.POST.get("how"):
        # "show" never signs in, registers or saves: not a request of ours.
        return render(request, "screening/start.html", {"error": BROKEN}, status=400)
    if policies.can_save_own_results(request.user):
        return _save_and_show(request, state)
    if request.user.is_authenticated:
        return render(request, "screening/save.html", {"wrong_role": True}, status=403)
    return _sign_in_then_save(request, state)


@shows_patient_data(AuditAction.SCREENING_VIEWED)
@require_safe
def saved(request: HttpRequest) -> HttpResponse:
    """The person's saved results; straight after a save (`?saved=1`), what
    was just saved and what to do next."""
    if not policies.can_save_own_results(request.user):
        raise PermissionDenied
    results = selectors.screening_result_list_for_patient(
        actor=request.user, patient=request.user
    )
    rows = [
        (
            saved,
            journey.in_reader_language(INSTRUMENTS[saved.instrument_id]).title,
            summary_of(saved),
        )
        for saved in results
    ]
    context = {"rows": rows, **selectors.crisis_after_saving(actor=request.user)}
    if request.GET.get("saved") == "1":
        context.update(_next_steps(request, rows))
    return render(request, "screening/saved.html", context)


def _next_steps(request, rows) -> dict:
    """What the last save made, and the finder link its answers suggest."""
    ids = set(request.session.get(JUST_SAVED, ()))
    batch = [row for row in rows if str(row[0].public_id) in ids]
    if not batch:
        return {}
    results = {saved.instrument_id: saved.result for saved, _, _ in batch}
    care = next(
        (s.answers for s, _, _ in batch if s.instrument_id == "level-of-care"), None
    )
    context = {
        "just_saved": batch,
        "finder_url": explain.finder_url(results, care),
    }
    if "level-of-care" in results:
        context["care"] = explain.level_summary(results["level-of-care"])
    return context


def summary_of(saved) -> str:
    """One plain sentence for a saved result, as on the results page, in the
    reader's language."""
    result = saved.result
    if saved.instrument_id in questionnaires.EXPLAINERS:
        return questionnaires.EXPLAINERS[saved.instrument_id](result)
    if saved.instrument_id == "bladder-check":
        emergency = help_lines_for(settings.CLEARHEAD_REGION).emergency_number
        return f"{explain.body_advice(result, emergency)[0]}."
    return gettext("Suggested: %(level)s.") % {
        "level": explain.level_summary(result)["name"]
    }
