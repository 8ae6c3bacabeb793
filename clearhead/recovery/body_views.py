"""The body tracker's pages: history and trend, the weekly check, its result,
and the letter for the patient's doctor."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from clearhead.audit.actions import AuditAction
from clearhead.audit.decorators import shows_patient_data
from clearhead.care import policy
from clearhead.recovery import body_check, selectors, services
from clearhead.recovery.forms import BodyCheckForm, BodyLetterForm
from clearhead.recovery.models import BODY_CHECK_SYMPTOMS, BODY_CHECK_WARNING_SIGNS
from clearhead.safety.helplines import help_lines_for
from clearhead.screening import explain


def _patient(request):
    if not policy.is_patient(request.user):
        raise PermissionDenied
    return request.user


def _tracker_words() -> dict:
    return {
        "facts": body_check.FACTS,
        "facts_reviewed": body_check.FACTS_REVIEWED,
    }


@shows_patient_data(AuditAction.BODY_TRACKER_VIEWED)
@require_http_methods(["GET"])
def body_tracker(request: HttpRequest) -> HttpResponse:
    """The patient's body checks: the trend against days without ketamine."""
    patient = _patient(request)
    context = selectors.body_history(actor=patient, patient=patient)
    context |= _tracker_words()
    context["checked_today"] = any(
        row["check"].day == context["today"] for row in context["rows"]
    )
    return render(request, "recovery/body_tracker.html", context)


@shows_patient_data(AuditAction.BODY_TRACKER_VIEWED, AuditAction.BODY_TRACKER_SAVED)
@require_http_methods(["GET", "POST"])
def body_check_page(request: HttpRequest) -> HttpResponse:
    """The weekly body check: eight symptoms and three warning signs."""
    patient = _patient(request)
    form = BodyCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            check, created = services.body_check_save(
                actor=patient, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if not created:
                messages.success(request, gettext("Today's body check is updated."))
            return redirect("recovery:body_check_result", check.public_id)
    history = selectors.body_history(actor=patient, patient=patient)
    today_check = next(
        (
            row["check"]
            for row in history["rows"]
            if row["check"].day == history["today"]
        ),
        None,
    )
    if request.method != "POST" and today_check is not None:
        form = BodyCheckForm(
            initial={
                **{n: getattr(today_check, n) for n in BODY_CHECK_SYMPTOMS},
                **{
                    n: "yes" if getattr(today_check, n) else "no"
                    for n in BODY_CHECK_WARNING_SIGNS
                },
            }
        )
    return render(
        request,
        "recovery/body_check.html",
        {"form": form, "today_check": today_check},
    )


@shows_patient_data(AuditAction.BODY_TRACKER_VIEWED)
@require_http_methods(["GET"])
def body_check_result(request: HttpRequest, public_id) -> HttpResponse:
    """What a body check means: the bladder check's advice for these answers."""
    patient = _patient(request)
    context = selectors.own_body_check(actor=patient, public_id=public_id)
    emergency = help_lines_for(settings.CLEARHEAD_REGION).emergency_number
    heading, text = explain.body_advice(context["result"], emergency)
    check = context["check"]
    context |= {
        "advice_heading": heading,
        "advice_text": text,
        "red_flag": context["result"]["advice"] in body_check.ADVICE_RED_FLAGS,
        "emergency": context["result"]["advice"] == "emergency",
        "emergency_number": emergency,
        "answers": [
            (body_check.QUESTIONS[n], body_check.answer_label(getattr(check, n)))
            for n in BODY_CHECK_SYMPTOMS
        ],
        "signs": [
            (body_check.WARNING_SIGNS[n], getattr(check, n))
            for n in BODY_CHECK_WARNING_SIGNS
        ],
    }
    return render(request, "recovery/body_check_result.html", context)


@shows_patient_data(AuditAction.BODY_TRACKER_VIEWED, AuditAction.BODY_LETTER_MADE)
@require_http_methods(["GET"])
def body_letter(request: HttpRequest) -> HttpResponse:
    """A printable letter for the patient's doctor, with what they chose."""
    patient = _patient(request)
    form = BodyLetterForm(request.GET or None)
    choices = (
        form.cleaned_data
        if form.is_bound and form.is_valid()
        else {"mention": False, "stop": False, "uses": False}
    )
    letter = selectors.body_letter(actor=patient, **choices)
    context = {
        "form": form if form.is_bound else BodyLetterForm(),
        "letter": letter,
        "names": body_check.letter_names(letter["mention"]),
        "tests": body_check.TESTS,
        "drug_test_note": body_check.URINE_DRUG_TEST_NOTE,
    }
    return render(request, "recovery/body_letter.html", context)
