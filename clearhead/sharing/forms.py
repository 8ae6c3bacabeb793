from datetime import timedelta

from django import forms

from clearhead.care.models import PURPOSES
from clearhead.core import clock
from clearhead.sharing.kinds import supporter_kind_choices
from clearhead.sharing.models import SUPPORTER_CODE_DAYS


class SupporterInviteForm(forms.Form):
    relation = forms.CharField(
        label="Who are they to you?",
        max_length=60,
        help_text="For example: sister, partner, friend.",
    )
    days = forms.TypedChoiceField(
        label="The code works for",
        choices=[
            (days, "1 day" if days == 1 else f"{days} days")
            for days in SUPPORTER_CODE_DAYS
        ],
        coerce=int,
        required=False,
        empty_value=max(SUPPORTER_CODE_DAYS),
        initial=max(SUPPORTER_CODE_DAYS),
        help_text="After that, or once they use it, it links nobody.",
    )


class SupporterAcceptForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The code the person you support gave you.",
    )


class ConsentForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label="What they may see",
        choices=supporter_kind_choices(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose what this person may see."},
    )
    purpose = forms.ChoiceField(
        label="Why you are sharing",
        choices=list(PURPOSES.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why you are sharing."},
    )
    expires_on = forms.DateField(
        label="Until", widget=forms.DateInput(attrs={"type": "date"})
    )
    signature = forms.CharField(label="Type your name to sign", max_length=120)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = clock.today_in(
            clock.region_time_zone()
        ) + timedelta(days=365)
        # Nothing is chosen for the patient: not what is shown, nor why.
