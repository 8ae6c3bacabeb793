from django import forms

from clearhead.directory.models import ListingReport


class ListingReportForm(forms.Form):
    problem = forms.ChoiceField(
        label="What is wrong?",
        choices=ListingReport.Problem.choices,
        widget=forms.RadioSelect,
    )
    details = forms.CharField(
        label="Tell us more (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Please do not include your name or health details.",
    )
