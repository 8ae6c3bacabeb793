from datetime import datetime, timedelta

from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from clearhead.accounts import policies, selectors, services, two_factor
from clearhead.accounts.forms import (
    ApiTokenForm,
    EmailAuthenticationForm,
    InvitationAcceptForm,
    ProfileForm,
    RegistrationForm,
    RoleSwitchForm,
    StaffInvitationForm,
)
from clearhead.accounts.models import is_supporter_role, switched_role
from clearhead.audit.actions import AuditAction
from clearhead.audit.decorators import no_patient_data
from clearhead.core import clock
from clearhead.core.device import forget_this_device
from clearhead.core.forms import form_errors_from
from clearhead.core.redirects import safe_next


@method_decorator([login_not_required, no_patient_data], name="dispatch")
class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    # Signing in and failing to are audited by accounts/signals.py, the same
    # on every page that signs people in.


@method_decorator(no_patient_data, name="dispatch")
class SignOutView(auth_views.LogoutView):
    """Sign out (POST), and the page that asks first (GET).

    The header's sign-out button posts here directly. When an offline
    check-in is still on the device and cannot be sent, device-store.js
    brings the person to the GET page instead, which offers "Send it now" or
    "Delete it and sign out". Signing out asks the browser to forget what
    this site stored (Clear-Site-Data), so nothing is left on a shared phone.
    """

    http_method_names = ["get", "post", "options"]
    template_name = "accounts/sign_out.html"

    def get(self, request, *args, **kwargs):
        return render(request, self.template_name)

    def post(self, request, *args, **kwargs):
        services.signed_out(user=request.user)
        messages.success(request, gettext("You have signed out."))
        return forget_this_device(super().post(request, *args, **kwargs))


def _tokens_note(revoked: int) -> str:
    """What the page says when a change of password or sessions revoked tokens."""
    if not revoked:
        return ""
    return ngettext(
        "Your API token was revoked too: make a new one in settings if an app "
        "needs it.",
        "Your %(count)s API tokens were revoked too: make a new one in settings "
        "if an app needs it.",
        revoked,
    ) % {"count": revoked}


def _with_tokens_note(message: str, revoked: int) -> str:
    """`message` (a sentence), then what happened to the API tokens, if anything."""
    return " ".join(filter(None, [message, _tokens_note(revoked)]))


@method_decorator(no_patient_data, name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:settings")

    def form_valid(self, form):
        response = super().form_valid(form)
        revoked = services.password_changed(
            user=self.request.user, action=AuditAction.PASSWORD_CHANGED
        )
        messages.success(
            self.request,
            _with_tokens_note(gettext("Your password has been changed."), revoked),
        )
        return response


@method_decorator([login_not_required, no_patient_data], name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/emails/password_reset.txt"
    html_email_template_name = "accounts/emails/password_reset.html"
    subject_template_name = "accounts/emails/password_reset.subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        services.password_reset_requested()
        return super().form_valid(form)


@method_decorator([login_not_required, no_patient_data], name="dispatch")
class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


@method_decorator([login_not_required, no_patient_data], name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form):
        response = super().form_valid(form)
        revoked = services.password_changed(
            user=form.user, action=AuditAction.PASSWORD_RESET_COMPLETED
        )
        messages.success(
            self.request,
            _with_tokens_note(
                gettext("Your password has been reset. You can sign in now."), revoked
            ),
        )
        return response


@login_not_required
@no_patient_data
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:settings")
    # "?as=supporter" from a family page chooses the supporter's account, so
    # a family member does not become a patient by not noticing the choice.
    form = RegistrationForm(request.POST or None, role=request.GET.get("as"))
    # Where the person was going before they were asked to sign in (an
    # e-mailed invitation link, say): they go on there once registered.
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_register(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
                role=form.cleaned_data["role"],
                display_name=form.cleaned_data["display_name"],
            )
        except ValidationError as error:
            form_errors_from(error, form)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, gettext("Welcome to Clearhead. Your account is ready.")
            )
            return redirect(next_url or "accounts:home")
    return render(request, "accounts/register.html", {"form": form, "next": next_url})


@login_not_required
@no_patient_data
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, code: str) -> HttpResponse:
    invitation = services.invitation_get_usable(code)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = InvitationAcceptForm(request.POST or None, invited_email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                invitation=invitation,
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
                display_name=form.cleaned_data["display_name"],
            )
        except ValidationError as error:
            form_errors_from(error, form)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, gettext("Your account is ready."))
            return redirect("accounts:settings")
    context = {"form": form, "invitation": invitation}
    return render(request, "accounts/invitation_accept.html", context)


@no_patient_data
@require_http_methods(["GET"])
def home(request: HttpRequest) -> HttpResponse:
    """Where signing in lands: each role's own starting page."""
    if request.user.is_patient:
        return redirect("recovery:dashboard")
    if request.user.is_clinician:
        return redirect("clinic:caseload")
    if request.user.is_supporter:
        return redirect("sharing:supporter_home")
    return redirect("accounts:settings")


@no_patient_data
@require_http_methods(["GET", "POST"])
def account_settings(request: HttpRequest) -> HttpResponse:
    profile_form = ProfileForm(
        request.POST or None, initial={"display_name": request.user.display_name}
    )
    if request.method == "POST" and profile_form.is_valid():
        services.profile_update(
            actor=request.user, display_name=profile_form.cleaned_data["display_name"]
        )
        messages.success(request, gettext("Your details have been saved."))
        return redirect("accounts:settings")
    # Leaving the codes page ends the download of the codes shown there.
    request.session.pop(_CODES_KEY, None)
    context = _settings_context(
        request,
        profile_form=profile_form,
        new_token=request.session.pop("new_api_token", None),
    )
    return render(request, "accounts/settings.html", context)


@no_patient_data
@require_http_methods(["GET", "POST"])
def role_switch(request: HttpRequest) -> HttpResponse:
    """A patient becomes a supporter, or the other way round, before any health data.

    For the parent who signed up as a patient by mistake (and the other way
    round). The page says plainly when the account can no longer change.
    """
    if not policies.can_change_own_role(request.user):
        raise PermissionDenied
    refusal = ""
    if request.method == "POST":
        form = RoleSwitchForm(request.POST)
        refusal = " ".join(form.errors.get("role", []))
        if form.is_valid():
            try:
                services.user_role_switch(
                    actor=request.user, role=form.cleaned_data["role"]
                )
            except ValidationError as error:
                refusal = " ".join(error.messages)
            else:
                messages.success(request, _switched_message(request.user))
                return redirect("accounts:home")
    wanted = switched_role(request.user.role)
    context = {
        "to_supporter": is_supporter_role(wanted),
        "wanted": wanted,
        "allowed": selectors.role_change_allowed(request.user),
        "locked": services.ROLE_LOCKED,
        "refusal": refusal,
    }
    status = 400 if refusal else 200
    return render(request, "accounts/role_switch.html", context, status=status)


def _switched_message(user) -> str:
    if user.is_supporter:
        return gettext(
            "Done. This is now a supporter account. When the person you support "
            "gives you a code, enter it below."
        )
    return gettext("Done. This is now an account for your own recovery.")


def _settings_context(request: HttpRequest, **context) -> dict:
    return {
        "profile_form": ProfileForm(
            initial={"display_name": request.user.display_name}
        ),
        "token_form": ApiTokenForm(),
        "tokens": selectors.api_token_list_for_user(user=request.user),
        "token_allowed": services.api_token_allowed(request.user),
        "two_factor_on": two_factor.has_confirmed_device(request.user),
    } | context


@no_patient_data
@require_POST
def api_token_create(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            _token, raw_token = services.api_token_create(
                actor=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            form_errors_from(error, form)
        else:
            # Shown once on the next page and then forgotten (post/redirect/get).
            request.session["new_api_token"] = raw_token
            return redirect("accounts:settings")
    context = _settings_context(request, token_form=form)
    return render(request, "accounts/settings.html", context, status=400)


@no_patient_data
@require_POST
def api_token_revoke(request: HttpRequest, public_id) -> HttpResponse:
    token = selectors.api_token_get_for_user(user=request.user, public_id=public_id)
    if token is None:
        raise Http404
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(
        request,
        gettext("The token “%(name)s” no longer works.") % {"name": token.name},
    )
    return redirect("accounts:settings")


@no_patient_data
@require_http_methods(["GET", "POST"])
def staff_invitations(request: HttpRequest) -> HttpResponse:
    if not policies.can_manage_users(request.user):
        raise PermissionDenied
    form = StaffInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                actor=request.user,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            form_errors_from(error, form)
        else:
            messages.success(
                request,
                gettext("An invitation was sent to %(email)s.")
                % {"email": invitation.email},
            )
            return redirect("accounts:staff_invitations")
    context = {
        "form": form,
        "pending": selectors.invitation_list_pending(),
        "staff": selectors.staff_list(),
    }
    return render(request, "accounts/staff_invitations.html", context)


@no_patient_data
@require_POST
def two_factor_reset(request: HttpRequest, public_id) -> HttpResponse:
    """An administrator resets a colleague who lost authenticator and codes."""
    if not policies.can_manage_users(request.user):
        raise PermissionDenied
    if not two_factor.session_is_verified(request.user):
        messages.error(request, gettext("Confirm your own two-step sign-in first."))
        has_device = two_factor.has_confirmed_device(request.user)
        return redirect(f"accounts:two_factor_{'verify' if has_device else 'setup'}")
    person = selectors.staff_get(public_id=public_id)
    if person is None:
        raise Http404
    try:
        services.two_factor_reset(actor=request.user, user=person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            gettext(
                "Two-step sign-in was reset for %(email)s. They were signed out, "
                "their API tokens were revoked, and they set it up again at their "
                "next sign-in. We e-mailed them."
            )
            % {"email": person.email},
        )
    return redirect("accounts:staff_invitations")


@no_patient_data
@require_POST
def sessions_end(request: HttpRequest) -> HttpResponse:
    """Sign out everywhere else: other browsers and devices lose their session."""
    revoked = services.sessions_end_others(actor=request.user)
    update_session_auth_hash(request, request.user)  # keep this one
    messages.success(
        request,
        _with_tokens_note(
            gettext("You are signed out on every other device."), revoked
        ),
    )
    return redirect("accounts:settings")


@no_patient_data
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Turn on two-factor sign-in: scan the code, enter the first number."""
    from django_otp import login as otp_login

    from clearhead.accounts.forms import APP_CODE, TwoFactorCodeForm

    if not two_factor.may_enrol(request.user):
        # Only the password so far: the way on is a code, not a new secret.
        return redirect("accounts:two_factor_verify")
    device = two_factor.totp_device_start(actor=request.user)
    form = TwoFactorCodeForm(request.POST or None, wording=APP_CODE)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.totp_device_confirm(
            actor=request.user, device=device, token=form.cleaned_data["code"]
        )
        if codes is not None:
            update_session_auth_hash(request, request.user)  # keep this one
            otp_login(request, device)
            request.session.pop("clearhead.no_second_factor", None)
            return _show_codes(request, codes)
        form.add_error("code", CODE_DID_NOT_MATCH)
    context = {
        "form": form,
        "qr": two_factor.setup_qr_svg(device),
        "secret": two_factor.setup_secret(device),
        "required": two_factor.requires_two_factor(request.user),
        # Already on: this page replaces the app rather than setting it up.
        "replacing": two_factor.has_confirmed_device(request.user),
    }
    return render(request, "accounts/two_factor_setup.html", context)


# A code from the authenticator app that did not confirm it.
CODE_DID_NOT_MATCH = _(
    "That code did not match. Check the time on your phone and try the newest code."
)

# New recovery codes stay in the session this long, for the download only.
CODES_DOWNLOAD_MINUTES = 10
_CODES_KEY = "clearhead.new_recovery_codes"


def _show_codes(
    request: HttpRequest, codes: list[str], *, renewed: bool = False
) -> HttpResponse:
    """The codes page; the codes are kept a short while for the .txt download."""
    request.session[_CODES_KEY] = {"codes": codes, "at": clock.now().isoformat()}
    return render(
        request,
        "accounts/two_factor_codes.html",
        {
            "codes": codes,
            "renewed": renewed,
            "download_minutes": CODES_DOWNLOAD_MINUTES,
        },
    )


@no_patient_data
@require_http_methods(["GET", "POST"])
def two_factor_codes(request: HttpRequest) -> HttpResponse:
    """Make new recovery codes, after a fresh code from the authenticator app."""
    from django_otp import login as otp_login

    from clearhead.accounts.forms import APP_CODE, TwoFactorCodeForm

    if not two_factor.has_confirmed_device(request.user):
        return redirect("accounts:two_factor_setup")
    if not two_factor.may_renew_codes(request.user):
        return redirect("accounts:two_factor_verify")
    form = TwoFactorCodeForm(request.POST or None, wording=APP_CODE)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.recovery_codes_renew(
            actor=request.user, token=form.cleaned_data["code"]
        )
        if codes is not None:
            # Let in by a recovery code, the session's device is gone: the
            # app's code just entered verifies it instead.
            otp_login(request, two_factor.confirmed_app(request.user))
            return _show_codes(request, codes, renewed=True)
        form.add_error("code", CODE_DID_NOT_MATCH)
    status = 400 if form.errors else 200
    return render(
        request, "accounts/two_factor_codes_new.html", {"form": form}, status=status
    )


@no_patient_data
@require_http_methods(["GET"])
def two_factor_codes_download(request: HttpRequest) -> HttpResponse:
    """The codes just made, as a plain text file; only minutes after making them."""
    # Open before the second factor (under /account/two-factor/), so asked here.
    verified = two_factor.session_is_verified(request.user)
    kept = request.session.get(_CODES_KEY) if verified else None
    made_at = datetime.fromisoformat(kept["at"]) if kept else None
    if made_at is None or clock.now() - made_at > timedelta(
        minutes=CODES_DOWNLOAD_MINUTES
    ):
        request.session.pop(_CODES_KEY, None)
        messages.error(
            request,
            gettext(
                "Recovery codes can be downloaded only just after they are made. "
                "Make new ones if you did not save them."
            ),
        )
        return redirect("accounts:settings")
    lines = [
        "Clearhead recovery codes",
        f"For: {request.user.email}",
        "Each code signs you in once if you lose your phone. Keep them safe.",
        "",
        *kept["codes"],
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = (
        'attachment; filename="clearhead-recovery-codes.txt"'
    )
    response["Cache-Control"] = "no-store"
    return response


@no_patient_data
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the app, or a recovery code."""
    from django_otp import login as otp_login

    from clearhead.accounts.forms import TwoFactorCodeForm

    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.verify_token(
            user=request.user, token=form.cleaned_data["code"]
        )
        if device is not None:
            otp_login(request, device)
            services.two_factor_verified(user=request.user)
            return redirect("accounts:home")
        form.add_error(
            "code",
            gettext("That code did not work. Try the newest code, or a recovery code."),
        )
    return render(request, "accounts/two_factor_verify.html", {"form": form})
