from django import forms

from clearhead.clinic.models import LEVELS_OF_CARE, SHARE_KINDS


class PatientInvitationForm(forms.Form):
    program = forms.ModelChoiceField(label="Program", queryset=None, empty_label=None)
    email = forms.EmailField(
        label="Patient's e-mail (optional)",
        required=False,
        help_text="Leave empty to give the patient a code in person instead.",
    )
    level_of_care = forms.ChoiceField(label="Level of care", choices=LEVELS_OF_CARE)

    def __init__(self, *args, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs


class SharingForm(forms.Form):
    sharing = forms.MultipleChoiceField(
        label="What your care team can see",
        required=False,
        choices=list(SHARE_KINDS.items()),
        widget=forms.CheckboxSelectMultiple,
        help_text="You can change this at any time. Your care team sees nothing you do not tick.",
    )


class JoinForm(SharingForm):
    code = forms.CharField(
        label="Invitation code",
        max_length=20,
        help_text="8 letters and numbers, from your clinician.",
    )
    field_order = ["code", "sharing"]
