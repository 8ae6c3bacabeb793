"""The safety plan's form: a few lines per step, and more on request.

Shared by the patient's page (recovery) and the care team's (clinic), which
both sit above this app, as `screening.questionnaires` gives the clinic the
self-check's forms (a `forms` module would be private to its app). Input parsing only: the service
(recovery.services.safety_plan_save) checks the lines again and saves them.
"""

from django import forms
from django.utils.translation import gettext

from clearhead.safety.safety_plan import (
    EMPTY_ROWS,
    ITEM_MAX,
    ITEMS_MAX,
    MORE_ROWS,
    STEP_KEYS,
    STEPS,
)

# How far a posted form is read for a step's lines (more is an error).
_READ_AT_MOST = 50


def field_name(key: str, n: int) -> str:
    return f"{key}-{n}"


def _posted_rows(data, key: str) -> int:
    n = 0
    while n < _READ_AT_MOST and field_name(key, n) in data:
        n += 1
    return n


class SafetyPlanForm(forms.Form):
    """Each step's lines as text boxes: what is written, then empty ones.

    `items`: the plan as saved ({step key: [line, ...]}), for a new form.
    `more`: the step whose "Add another line" was pressed: a posted form
    comes back with MORE_ROWS more empty lines there (up to ITEMS_MAX).
    A line holds at most ITEM_MAX characters, and no NUL character (Django
    refuses one as a form error).
    """

    def __init__(self, data=None, *, items=None, more: str | None = None):
        super().__init__(data)
        items = items or {}
        self.too_many: list[str] = []
        self.rows: dict[str, int] = {}
        for step in STEPS:
            if data is not None:
                rows = _posted_rows(data, step.key)
                if any(
                    (data.get(field_name(step.key, n)) or "").strip()
                    for n in range(ITEMS_MAX, rows)
                ):
                    self.too_many.append(step.key)
                rows = min(max(rows, 1), ITEMS_MAX)
                if more == step.key:
                    rows = min(rows + MORE_ROWS, ITEMS_MAX)
            else:
                written = list(items.get(step.key) or [])
                rows = min(max(len(written) + EMPTY_ROWS, 1), ITEMS_MAX)
            self.rows[step.key] = rows
            written = list(items.get(step.key) or []) if data is None else []
            for n in range(rows):
                self.fields[field_name(step.key, n)] = forms.CharField(
                    required=False,
                    max_length=ITEM_MAX,
                    label=gettext("%(step)s, line %(number)d")
                    % {"step": step.title, "number": n + 1},
                    initial=written[n] if n < len(written) else "",
                )

    def clean(self):
        cleaned = super().clean()
        if self.too_many:
            raise forms.ValidationError(
                gettext("A step can have at most %(count)d lines.")
                % {"count": ITEMS_MAX}
            )
        return cleaned

    def items(self) -> dict[str, list[str]]:
        """The lines written, step by step, blank ones left out."""
        return {
            key: [
                self.cleaned_data[field_name(key, n)]
                for n in range(self.rows[key])
                if self.cleaned_data.get(field_name(key, n))
            ]
            for key in STEP_KEYS
        }

    def steps(self) -> list[dict]:
        """For the template: each step, its text boxes, and whether more fit."""
        return [
            {
                "step": step,
                "fields": [
                    self[field_name(step.key, n)] for n in range(self.rows[step.key])
                ],
                "more": self.rows[step.key] < ITEMS_MAX,
            }
            for step in STEPS
        ]
