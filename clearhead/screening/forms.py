"""Forms for each step of the self-assessment, built from the instrument data."""

from django import forms

from clearhead.screening.instruments import Instrument
from clearhead.screening.scoring import CARE_FLAGS

YES_NO_CHOICES = [("yes", "Yes"), ("no", "No")]


def _radio(label: str, choices) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose an answer."},
    )


class InstrumentForm(forms.Form):
    """One radio question per item; answers come back in the instrument's shape."""

    def __init__(self, *args, instrument: Instrument, **kwargs):
        self.instrument = instrument
        super().__init__(*args, **kwargs)
        for item in instrument.items:
            if instrument.options and isinstance(instrument.options[0].value, bool):
                choices = YES_NO_CHOICES
            else:
                options = item.options or instrument.options
                choices = [(str(option.value), option.label) for option in options]
            self.fields[item.key] = _radio(item.text, choices)

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
        return {
            key: ("yes" if value else "no") if isinstance(value, bool) else str(value)
            for key, value in values.items()
        }


class SymptomForm(forms.Form):
    """The bladder and body check: tick every symptom that applies."""

    symptoms = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, instrument: Instrument, **kwargs):
        self.instrument = instrument
        super().__init__(*args, **kwargs)
        field = self.fields["symptoms"]
        field.label = instrument.stem
        field.choices = [(item.key, item.text) for item in instrument.items]

    def answers(self) -> dict:
        return dict.fromkeys(self.cleaned_data["symptoms"], True)

    @classmethod
    def initial_from(cls, instrument: Instrument, answers) -> dict:
        return {"symptoms": [key for key, value in (answers or {}).items() if value]}


class CareForm(InstrumentForm):
    """Level of care: six rated questions, suicidal thoughts, and life factors."""

    def __init__(self, *args, instrument: Instrument, **kwargs):
        super().__init__(*args, instrument=instrument, **kwargs)
        extra = {item.key: item for item in instrument.extra_items}
        self.fields["suicidal_thoughts"] = _radio(
            extra["suicidal_thoughts"].text, YES_NO_CHOICES
        )
        self.fields["life"] = forms.MultipleChoiceField(
            label="Do any of these apply to you? Tick all that do.",
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
