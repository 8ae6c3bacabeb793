from django import forms

from clearhead.breakglass.models import DURATIONS


class EmergencyAccessForm(forms.Form):
    patient_email = forms.EmailField(label="The patient's e-mail address")
    reason = forms.CharField(
        label="Why do you need to open this record?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The patient will see this reason. Do not include health details.",
    )
    minutes = forms.TypedChoiceField(
        label="For how long",
        choices=list(DURATIONS.items()),
        coerce=int,
        initial=15,
        widget=forms.RadioSelect,
    )
