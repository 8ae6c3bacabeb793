from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from clearhead.accounts.models import Invitation


def invitation_url(raw_code: str) -> str:
    path = reverse("accounts:invitation_accept", kwargs={"code": raw_code})
    return f"{settings.CLEARHEAD_BASE_URL}{path}"


def send_invitation(*, invitation: Invitation, raw_code: str) -> None:
    """E-mail the invitation link; the message holds no health information."""
    context = {
        "invitation": invitation,
        "url": invitation_url(raw_code),
        "role": invitation.get_role_display(),
    }
    send_mail(
        subject=render_to_string(
            "accounts/emails/invitation.subject.txt", context
        ).strip(),
        message=render_to_string("accounts/emails/invitation.txt", context),
        html_message=render_to_string("accounts/emails/invitation.html", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


def send_two_factor_changed(*, user, change: str) -> None:
    """Tell the owner their two-step sign-in changed; nothing about health.

    `change` is "replaced" (they set up a new authenticator), "codes" (they
    made new recovery codes) or "reset" (an administrator or the server's
    operator removed it).
    """
    context = {
        "change": change,
        "settings_url": f"{settings.CLEARHEAD_BASE_URL}{reverse('accounts:settings')}",
    }
    send_mail(
        subject=render_to_string(
            "accounts/emails/two_factor_changed.subject.txt", context
        ).strip(),
        message=render_to_string("accounts/emails/two_factor_changed.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )
