from django import forms
from django.utils.translation import gettext_lazy as _

from clearhead.directory.models import ListingReport


class ListingReportForm(forms.Form):
    problem = forms.ChoiceField(
        label=_("What is wrong?"),
        choices=ListingReport.Problem.choices,
        widget=forms.RadioSelect,
    )
    details = forms.CharField(
        label=_("Tell us more (optional)"),
        required=False,
        max_length=1000,
        # What a person typed is theirs: never translated.
        widget=forms.Textarea(attrs={"rows": 3, "translate": "no"}),
        help_text=_("Please do not include your name or health details."),
    )
