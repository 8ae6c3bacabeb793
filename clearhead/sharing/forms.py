from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from clearhead.care.models import PURPOSES
from clearhead.core import clock
from clearhead.sharing.kinds import supporter_kind_choices
from clearhead.sharing.models import SUPPORTER_CODE_DAYS


class SupporterInviteForm(forms.Form):
    relation = forms.CharField(
        label=_("Who are they to you?"),
        max_length=60,
        help_text=_("For example: sister, partner, friend."),
    )
    days = forms.TypedChoiceField(
        label=_("The code works for"),
        choices=[
            (
                days,
                ngettext_lazy("%(days)d day", "%(days)d days", "days") % {"days": days},
            )
            for days in SUPPORTER_CODE_DAYS
        ],
        coerce=int,
        required=False,
        empty_value=max(SUPPORTER_CODE_DAYS),
        initial=max(SUPPORTER_CODE_DAYS),
        help_text=_("After that, or once they use it, it links nobody."),
    )


class SupporterAcceptForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The code the person you support gave you."),
    )


class ConsentForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("What they may see"),
        choices=supporter_kind_choices(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose what this person may see.")},
    )
    purpose = forms.ChoiceField(
        label=_("Why you are sharing"),
        choices=list(PURPOSES.items()),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose why you are sharing.")},
    )
    expires_on = forms.DateField(
        label=_("Until"), widget=forms.DateInput(attrs={"type": "date"})
    )
    signature = forms.CharField(label=_("Type your name to sign"), max_length=120)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = clock.today_in(
            clock.region_time_zone()
        ) + timedelta(days=365)
        # Nothing is chosen for the patient: not what is shown, nor why.
