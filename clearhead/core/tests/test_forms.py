"""The one way a service's ValidationError reaches a form."""

from django import forms
from django.core.exceptions import ValidationError

from clearhead.core.forms import form_errors_from


class NameForm(forms.Form):
    name = forms.CharField(required=False)


def _bound() -> NameForm:
    form = NameForm({"name": "x"})
    assert form.is_valid()
    return form


def test_an_error_keyed_by_a_field_goes_to_that_field():
    form = _bound()
    form_errors_from(ValidationError({"name": "Give a name."}), form)
    assert form.errors == {"name": ["Give a name."]}


def test_an_error_keyed_by_an_unknown_name_goes_to_the_top():
    form = _bound()
    form_errors_from(ValidationError({"sharing": "Unknown kind."}), form)
    assert form.non_field_errors() == ["Unknown kind."]
    assert "sharing" not in form.errors


def test_an_unkeyed_error_goes_to_the_top():
    form = _bound()
    form_errors_from(ValidationError("Already used."), form)
    assert form.non_field_errors() == ["Already used."]
