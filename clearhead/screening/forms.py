"""Forms for each step of the self-assessment, built from the instrument data.

Questions and answer labels are the instrument's, in the language of the page
(`Instrument.in_language`): Spanish on a Spanish page, English elsewhere (the
clinic and the companion are served in English). Field names and submitted
values are the instrument's keys and values in every language, so the answers
and their scores do not depend on the language they were given in.
"""

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from clearhead.screening.instruments import Instrument, Option
from clearhead.screening.scoring import CARE_FLAGS

CHOOSE_AN_ANSWER = _("Choose an answer.")


def _radio(label: str, options: tuple[Option, ...]) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[(_form_value(option.value), option.label) for option in options],
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_AN_ANSWER},
    )


def _form_value(value: int | bool) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _as_shown(instrument: Instrument) -> Instrument:
    """`instrument` in the language of the page being built."""
    return instrument.in_language(translation.get_language() or "en")


class InstrumentForm(forms.Form):
    """One radio question per item; answers come back in the instrument's shape."""

    def __init__(self, *args, instrument: Instrument, **kwargs):
        self.instrument = instrument
        super().__init__(*args, **kwargs)
        shown = _as_shown(instrument)
        for item in shown.items:
            self.fields[item.key] = _radio(item.text, item.options or shown.options)

    def answers(self):
        values = [
            self._value(self.cleaned_data[item.key]) for item in self.instrument.items
        ]
        if self.instrument.answers_as == "list":
            return values
        return dict(
            zip((item.key for item in self.instrument.items), values, strict=True)
        )

    @staticmethod
    def _value(raw: str):
        return raw == "yes" if raw in ("yes", "no") else int(raw)

    @classmethod
    def initial_from(cls, instrument: Instrument, answers) -> dict:
        """Turn stored answers back into form values, for the Back button."""
        if answers is None:
            return {}
        values = (
            answers
            if isinstance(answers, dict)
            else dict(
                zip((item.key for item in instrument.items), answers, strict=True)
            )
        )
        return {key: _form_value(value) for key, value in values.items()}


class SymptomForm(forms.Form):
    """The bladder and body check: tick every symptom that applies."""

    symptoms = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, instrument: Instrument, **kwargs):
        self.instrument = instrument
        super().__init__(*args, **kwargs)
        shown = _as_shown(instrument)
        field = self.fields["symptoms"]
        field.label = shown.stem
        field.choices = [(item.key, item.text) for item in shown.items]

    def answers(self) -> dict:
        return dict.fromkeys(self.cleaned_data["symptoms"], True)

    @classmethod
    def initial_from(cls, instrument: Instrument, answers) -> dict:
        return {"symptoms": [key for key, value in (answers or {}).items() if value]}


class CareForm(InstrumentForm):
    """Level of care: six rated questions, suicidal thoughts, and life factors."""

    def __init__(self, *args, instrument: Instrument, **kwargs):
        super().__init__(*args, instrument=instrument, **kwargs)
        extra = {item.key: item for item in _as_shown(instrument).extra_items}
        suicidal_thoughts = extra["suicidal_thoughts"]
        self.fields["suicidal_thoughts"] = _radio(
            suicidal_thoughts.text, suicidal_thoughts.options
        )
        self.fields["life"] = forms.MultipleChoiceField(
            label=_("Do any of these apply to you? Tick all that do."),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            choices=[
                (key, extra[key].text)
                for key in CARE_FLAGS
                if key != "suicidal_thoughts"
            ],
        )

    def answers(self) -> dict:
        answers = {
            item.key: int(self.cleaned_data[item.key]) for item in self.instrument.items
        }
        answers["suicidal_thoughts"] = self.cleaned_data["suicidal_thoughts"] == "yes"
        answers.update(dict.fromkeys(self.cleaned_data["life"], True))
        return answers

    @classmethod
    def initial_from(cls, instrument: Instrument, answers) -> dict:
        if not answers:
            return {}
        initial = {item.key: str(answers[item.key]) for item in instrument.items}
        initial["suicidal_thoughts"] = "yes" if answers["suicidal_thoughts"] else "no"
        initial["life"] = [
            key for key in CARE_FLAGS if key != "suicidal_thoughts" and answers[key]
        ]
        return initial


def form_class_for(instrument: Instrument):
    if instrument.id == "bladder-check":
        return SymptomForm
    if instrument.id == "level-of-care":
        return CareForm
    return InstrumentForm
