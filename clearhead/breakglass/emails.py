from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.translation import gettext


def send_emergency_access_notice(*, access) -> None:
    """Tell the patient at once. Says who and until when, nothing clinical."""
    context = {
        "admin": str(access.admin),
        "ends_at": access.ends_at,
        "url": f"{settings.CLEARHEAD_BASE_URL}/my-record/who-has-seen/",
    }
    send_mail(
        subject=gettext("An administrator opened your Clearhead record"),
        message=render_to_string("breakglass/emails/notice.txt", context),
        from_email=None,
        recipient_list=[access.patient.email],
    )
