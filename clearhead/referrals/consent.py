"""The consent a person gives before a referral is sent, in plain words.

Written to hold every element 42 CFR § 2.31(a) asks of a written consent
to disclose substance use disorder information, in the order people read
them: who the information is about (the name the person gives); who
discloses it (Clearhead, on the person's own request); to whom (the
program, by name); what, and how much (the parts of the results the person
ticked, listed by name, and the contact details they typed); why (so the
program can contact them about starting care); until when (the referral is
closed, or one year, whichever comes first); the right to revoke it at any
time, and how (the "Withdraw" button on the status link), and what revoking
cannot undo; signature (the typed name) and date.

The words shown are the words stored (`Referral.consent_text`), in the
language the person read them in.
"""

from datetime import date, timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext

CONSENT_LASTS_DAYS = 365


def consent_expires_on(signed_on: date) -> date:
    return signed_on + timedelta(days=CONSENT_LASTS_DAYS)


def consent_wording(
    *,
    name: str,
    program: str,
    part_titles: list[str],
    signature: str,
    signed_on: date,
) -> list[str]:
    """The consent, one paragraph per element, in the active language."""
    what = (
        gettext("these parts of my self-check results: %(parts)s; and")
        % {"parts": ", ".join(part_titles)}
        if part_titles
        else gettext("no self-check results (I chose none); only")
    )
    expires = date_format(consent_expires_on(signed_on), "DATE_FORMAT")
    return [
        gettext(
            "I, %(name)s, ask Clearhead to send information about me to %(program)s."
        )
        % {"name": name, "program": program},
        gettext(
            "What is sent: %(what)s the name, phone number, e-mail address and "
            "best time to call that I typed on this page. This may show that I "
            "use ketamine or other drugs."
        )
        % {"what": what},
        gettext(
            "Why: so %(program)s can contact me about getting help or starting "
            "care. Nothing else."
        )
        % {"program": program},
        gettext(
            "How long: this consent ends when %(program)s closes my referral, or "
            "on %(date)s, whichever comes first."
        )
        % {"program": program, "date": expires},
        gettext(
            "I can take back (revoke) this consent at any time, for free, with "
            'the "Withdraw" button on my status link. Then what I sent is '
            "deleted. Anything the program already did because of it cannot be "
            "undone."
        ),
        gettext(
            "Sending is my choice. I do not have to send anything to get help, "
            "and I can still call the program myself."
        ),
        gettext(
            "Federal law (42 CFR Part 2) protects this information. The program "
            "may not share it with anyone else unless I agree in writing or the "
            "law allows it."
        ),
        gettext("Signed: %(signature)s, on %(date)s.")
        % {"signature": signature, "date": date_format(signed_on, "DATE_FORMAT")},
    ]
