from django import forms
from django.utils.translation import gettext_lazy as _


class FeedbackForm(forms.Form):
    helpful = forms.TypedChoiceField(
        label=_("Was this page helpful?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything we could do better? (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Please do not include your name or other personal details."),
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the library"), max_length=100, required=False)
