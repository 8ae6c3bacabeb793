"""Signing in, or registering as a patient, from another app's page.

accounts' public API for it. The self-assessment's save page (screening) lets
a visitor who is not signed in either sign in or register as a patient and
have their results saved in the same step. The rules of both (the e-mail
address as login, password rules, lockout, the LOGGED_IN audit event) belong
to accounts, so the forms and the step that acts on them live here; the page
that shows them only renders what this returns.

A sign-in here passes the password only. When the account has two-step
sign-in on, `needs_second_factor` is set and the page must write nothing:
it sends the person on to enter their code, as the sign-in page does.
"""

from dataclasses import dataclass

from django import forms
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from clearhead.accounts import services, two_factor
from clearhead.accounts.forms import EmailAuthenticationForm, RegistrationForm
from clearhead.accounts.models import Role


@dataclass
class SignInOrRegister:
    signin_form: forms.Form
    register_form: forms.Form
    needs_second_factor: bool = False


def sign_in_or_register(request: HttpRequest) -> SignInOrRegister:
    """Act on a posted sign-in or patient registration (`how` says which).

    A valid sign-in signs the person in; a valid registration creates a
    patient account and signs it in. Either way the two forms come back,
    bound to what was posted and carrying its errors, to show again.
    """
    how = request.POST.get("how")
    signin = EmailAuthenticationForm(
        request, data=request.POST if how == "signin" else None, prefix="signin"
    )
    register = RegistrationForm(
        request.POST if how == "register" else None, prefix="register"
    )
    if how == "signin" and signin.is_valid():
        login(request, signin.get_user())
    elif how == "register" and register.is_valid():
        try:
            user = services.user_register(
                email=register.cleaned_data["email"],
                password=register.cleaned_data["password1"],
                role=Role.PATIENT,
                display_name=register.cleaned_data["display_name"],
            )
        except ValidationError as error:
            register.add_error("email", error.messages)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    user = request.user
    return SignInOrRegister(
        signin_form=signin,
        register_form=register,
        needs_second_factor=bool(
            user.is_authenticated
            and two_factor.requires_two_factor(user)
            and not two_factor.session_is_verified(user)
        ),
    )
