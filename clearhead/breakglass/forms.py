from django import forms
from django.utils.translation import gettext_lazy as _

from clearhead.breakglass.models import DURATIONS


class EmergencyAccessForm(forms.Form):
    patient_email = forms.EmailField(label=_("The patient's e-mail address"))
    reason = forms.CharField(
        label=_("Why do you need to open this record?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The patient will see this reason. Do not include health details."),
    )
    minutes = forms.TypedChoiceField(
        label=_("For how long"),
        choices=list(DURATIONS.items()),
        coerce=int,
        initial=15,
        widget=forms.RadioSelect,
    )
