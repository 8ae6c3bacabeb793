"""Asking an instrument's questions and explaining its results: screening's
public API for pages outside the self-assessment.

The instruments are data (`instruments.py`) and scoring is pure
(`scoring.py`), but a page that asks an instrument's questions needs the form
that fits it (Likert items, the bladder-and-body symptom checklist, the
level-of-care ratings), and a page that shows results needs the same
plain-language texts, body advice and emergency number the self-assessment
shows. The companion's body check (recovery) and the clinic's intake do both;
they do it through this module, so a change to how an instrument is asked or
explained reaches every page at once. screening's forms, views and templates
stay private to screening.
"""

from django import forms
from django.conf import settings
from django.utils.translation import gettext

from clearhead.safety.helplines import help_lines_for
from clearhead.screening import explain, journey, policies
from clearhead.screening.forms import form_class_for
from clearhead.screening.instruments import INSTRUMENTS, Instrument

EXPLAINERS = {
    "ketamine-self-check": explain.self_check_text,
    "dsm5-ketamine": explain.dsm_text,
    "phq9": explain.mood_text,
    "gad7": explain.anxiety_text,
}


def instrument_form(
    instrument: Instrument, data=None, *, prefix: str | None = None, initial=None
) -> forms.Form:
    """The form that asks `instrument`'s items; `.answers()` once it is valid."""
    return form_class_for(instrument)(
        data, instrument=instrument, prefix=prefix, initial=initial
    )


def explanations(results: dict) -> dict[str, str]:
    """Each explained instrument's plain-language text, by instrument id."""
    return {
        key: EXPLAINERS[key](value)
        for key, value in results.items()
        if key in EXPLAINERS
    }


def results_context(state: journey.JourneyState, *, viewer) -> dict:
    """Everything a results page shows, worked out from the answers.

    `viewer` is the person looking (anonymous on the public self-assessment):
    it decides whether the page offers to save the results.
    """
    results = state.results()
    texts = explanations(results)
    context = {
        "state": state,
        "use_texts": [
            texts[key]
            for key in ("ketamine-self-check", "dsm5-ketamine")
            if key in texts
        ],
        "mood_texts": [texts[key] for key in ("phq9", "gad7") if key in texts],
        "finder_url": explain.finder_url(results, state.answers.get("level-of-care")),
        "can_save": policies.can_save_own_results(viewer),
    }
    if "level-of-care" in results:
        context["care"] = explain.level_summary(results["level-of-care"])
        context["detox_first"] = results["level-of-care"]["detox_first"]
    if "bladder-check" in results:
        emergency = help_lines_for(settings.CLEARHEAD_REGION).emergency_number
        context["body_heading"], context["body_text"] = explain.body_advice(
            results["bladder-check"], emergency
        )
        context["body_emergency"] = results["bladder-check"]["advice"] == "emergency"
    return context


def result_summaries(state: journey.JourneyState) -> list[dict]:
    """Each answered part of a self-check as {instrument, title, summary}: its
    title and the one plain sentence the results page shows, in the reader's
    language, in the journey's order. What a person may choose to send to a
    program (the `referrals` app)."""
    results = state.results()
    texts = explanations(results)
    emergency = help_lines_for(settings.CLEARHEAD_REGION).emergency_number
    summaries = []
    for instrument_id in journey.STEP_IDS:
        if instrument_id not in results:
            continue
        result = results[instrument_id]
        if instrument_id in texts:
            summary = texts[instrument_id]
        elif instrument_id == "bladder-check":
            heading, text = explain.body_advice(result, emergency)
            summary = f"{heading}. {text}"
        else:
            summary = gettext("Suggested: %(level)s.") % {
                "level": explain.level_summary(result)["name"]
            }
        summaries.append(
            {
                "instrument": instrument_id,
                "title": str(
                    journey.in_reader_language(INSTRUMENTS[instrument_id]).title
                ),
                "summary": str(summary),
            }
        )
    return summaries
