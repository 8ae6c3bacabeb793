"""The send form: where to, which parts, how to reach the person, consent."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from clearhead.core.phones import phone_example, phone_normalize

DETAILS = ("listing", "parts", "name", "phone", "email", "best_time")
CONSENT = ("consent", "signature")


class ReferralForm(forms.Form):
    """Both steps: the details (`stage="details"`), then the same details,
    carried as hidden fields, with the consent (`stage="consent"`)."""

    listing = forms.ChoiceField(
        label=_("Which program?"), widget=forms.RadioSelect, required=True
    )
    parts = forms.MultipleChoiceField(
        label=_("Which parts of your results to send"),
        help_text=_("Nothing is ticked for you. Send only what you want them to see."),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    name = forms.CharField(
        label=_("Your name, or what they should call you"), max_length=100
    )
    phone = forms.CharField(label=_("Phone (optional)"), max_length=40, required=False)
    email = forms.EmailField(
        label=_("E-mail (optional)"), max_length=254, required=False
    )
    best_time = forms.CharField(
        label=_("Best time to reach you (optional)"),
        help_text=_("For example: weekdays after 5 pm."),
        max_length=100,
        required=False,
    )
    consent = forms.BooleanField(
        label=_("I have read this consent and I agree to it."), required=True
    )
    signature = forms.CharField(
        label=_("Type your name to sign"), max_length=100, required=True
    )

    def __init__(self, *args, listings, parts, stage="details", **kwargs):
        super().__init__(*args, **kwargs)
        self.stage = stage
        self.fields["listing"].choices = listings
        self.fields["parts"].choices = [(p["instrument"], p["title"]) for p in parts]
        self.fields["phone"].help_text = _("For example: %(example)s") % {
            "example": phone_example()
        }
        if stage == "details":
            for name in CONSENT:
                del self.fields[name]

    def clean_phone(self):
        return phone_normalize(self.cleaned_data["phone"])

    def clean(self):
        data = super().clean()
        if not (data.get("phone") or data.get("email")) and not (
            self.has_error("phone") or self.has_error("email")
        ):
            raise ValidationError(
                _("Give a phone number or an e-mail address, so they can reach you.")
            )
        return data
