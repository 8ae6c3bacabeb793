from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string


def send_patient_invitation(*, invitation, code: str) -> None:
    """E-mail the join link and code. It names the program, nothing clinical."""
    context = {
        "program": invitation.program.name,
        "code": code,
        "url": f"{settings.CLEARHEAD_BASE_URL}/clinic/join/?code={code}",
    }
    send_mail(
        subject=render_to_string(
            "clinic/emails/invitation.subject.txt", context
        ).strip(),
        message=render_to_string("clinic/emails/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )
