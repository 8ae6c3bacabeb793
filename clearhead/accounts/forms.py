from dataclasses import dataclass

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from clearhead.accounts.models import Role, is_supporter_role, may_register_itself

SELF_REGISTRATION_CHOICES = [
    (Role.PATIENT, _("I want support with my own ketamine use or recovery")),
    (Role.SUPPORTER, _("I'm a family member or friend of someone who uses ketamine")),
]


class EmailAuthenticationForm(AuthenticationForm):
    """Django's sign-in form, labelled for an e-mail address."""

    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("That e-mail address and password do not match an account."),
    }


class NewPasswordFields(forms.Form):
    """Two password fields that must match and pass the password rules."""

    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters. Not a common password, not all numbers."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_password2(self) -> str:
        first = self.cleaned_data.get("password1")
        second = self.cleaned_data.get("password2")
        if first and second and first != second:
            raise forms.ValidationError(_("The two passwords are not the same."))
        return second

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password1")
        if password and not self.errors:
            try:
                password_validation.validate_password(password)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class RegistrationForm(NewPasswordFields):
    role = forms.ChoiceField(
        label=_("Which fits you best?"),
        choices=SELF_REGISTRATION_CHOICES,
        widget=forms.RadioSelect,
        initial=Role.PATIENT,
    )
    display_name = forms.CharField(
        label=_("What should we call you?"),
        max_length=80,
        required=False,
        help_text=_("Optional. A first name or nickname is fine."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("Used to sign in and to reset your password. We never share it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    field_order = ["role", "display_name", "email", "password1", "password2"]

    def __init__(self, *args, role: str | None = None, **kwargs):
        """`role`: the account the link that led here is for ("supporter" from
        a family page); only a self-registration choice is taken."""
        super().__init__(*args, **kwargs)
        if may_register_itself(role):
            self.fields["role"].initial = role

    @property
    def for_supporter(self) -> bool:
        """Whether the page is making a supporter's account (as chosen now)."""
        return is_supporter_role(self["role"].value())


class InvitationAcceptForm(NewPasswordFields):
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=80,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    field_order = ["display_name", "email", "password1", "password2"]

    def __init__(self, *args, invited_email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if invited_email:
            # The address was chosen by whoever invited; it cannot change here.
            self.fields["email"].initial = invited_email
            self.fields["email"].disabled = True


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Name to show"),
        max_length=80,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=60,
        help_text=_("So you can tell your tokens apart, e.g. “my phone”."),
    )


class StaffInvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            (Role.CLINICIAN, Role.CLINICIAN.label),
            (Role.ADMIN, Role.ADMIN.label),
        ],
        widget=forms.RadioSelect,
        initial=Role.CLINICIAN,
    )


@dataclass(frozen=True)
class CodeWording:
    """What a two-step code box asks for: its label and hint."""

    label: str
    help_text: str


# Signing in: the app's number, or a recovery code when the phone is lost.
SIGN_IN_CODE = CodeWording(
    label=_("Code"),
    help_text=_(
        "The 6-digit number in your authenticator app, or an 8-digit recovery code."
    ),
)
# Setting up the app or making new recovery codes: only the app's number
# proves the phone is at hand (a recovery code is not taken there).
APP_CODE = CodeWording(
    label=_("Code from your authenticator app"),
    help_text=_("The 6-digit number your app shows now."),
)


class TwoFactorCodeForm(forms.Form):
    """One code for two-step sign-in, worded by the page that asks for it:
    `TwoFactorCodeForm(data, wording=APP_CODE)` (default SIGN_IN_CODE)."""

    code = forms.CharField(
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )

    def __init__(self, *args, wording: CodeWording = SIGN_IN_CODE, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = wording.label
        self.fields["code"].help_text = wording.help_text


class RoleSwitchForm(forms.Form):
    """The role asked for: the other one a person may choose themselves."""

    role = forms.ChoiceField(
        choices=SELF_REGISTRATION_CHOICES,
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Choose which account you want."),
            "invalid_choice": _("Choose which account you want."),
        },
    )
