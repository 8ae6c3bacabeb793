"""What the send pages need, put together from the request's answers.

The self-check's answers come with the request (posted by the results
page, then carried in a hidden field), as screening keeps them: nothing is
stored until the person presses "Send" (screening.journey).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext

from clearhead.core import clock
from clearhead.directory import selectors as directory_selectors
from clearhead.referrals import consent
from clearhead.referrals.forms import CONSENT, ReferralForm
from clearhead.screening import journey, questionnaires


class Broken(ValueError):
    """The carried answers were altered; start again."""


@dataclass
class SendPage:
    form: ReferralForm
    state_json: str
    parts: list = field(default_factory=list)
    listings: dict = field(default_factory=dict)
    fixed_listing: object = None


def _listing_choices():
    links = directory_selectors.program_listings()
    by_id = {str(link.facility.public_id): link for link in links}
    return by_id


def _label(link) -> str:
    facility = link.facility
    place = ", ".join(part for part in (facility.city, facility.state) if part)
    return f"{facility.name} ({place})" if place else facility.name


def send_page(data, *, stage: str) -> SendPage:
    """The form, bound to `data` (a POST or the GET's query), with the parts
    the carried answers give and the listings that take referrals."""
    try:
        state = journey.parse_state(data.get("state", ""))
    except journey.BrokenState:
        raise Broken from None
    parts = questionnaires.result_summaries(state)
    listings = _listing_choices()
    fixed = listings.get(data.get("listing", ""))
    bound = data if data.get("action") in ("review", "send", "edit") else None
    initial = {"listing": data.get("listing", "")} if fixed else None
    form = ReferralForm(
        bound,
        initial=initial,
        listings=[(key, _label(link)) for key, link in listings.items()],
        parts=parts,
        stage=stage,
    )
    return SendPage(
        form=form,
        state_json=state.to_json() if state.answers else "",
        parts=parts,
        listings=listings,
        fixed_listing=fixed,
    )


def review(page: SendPage, *, signature: str = "") -> dict:
    """What will be sent, exactly, and the consent's words."""
    data = page.form.cleaned_data
    link = page.listings[data["listing"]]
    chosen = [part for part in page.parts if part["instrument"] in data["parts"]]
    wording = consent.consent_wording(
        name=data["name"],
        program=link.program.name,
        part_titles=[part["title"] for part in chosen],
        signature=signature or gettext("(your typed name)"),
        signed_on=clock.today_in(clock.region_time_zone()),
    )
    consent_form = (
        page.form
        if page.form.stage == "consent"
        else ReferralForm(
            listings=page.form.fields["listing"].choices,
            parts=page.parts,
            stage="consent",
        )
    )
    return {
        "link": link,
        "chosen": chosen,
        "consent": wording,
        "consent_form": consent_form,
    }


def details_valid(page: SendPage) -> bool:
    """Whether only the consent is missing (the details themselves are good)."""
    return all(name in CONSENT for name in page.form.errors)


def to_send(page: SendPage) -> dict:
    """The service's arguments, from a valid consent-stage form."""
    data = page.form.cleaned_data
    shown = review(page, signature=data["signature"])
    link = shown["link"]
    return {
        "program": link.program,
        "facility": link.facility,
        "parts": shown["chosen"],
        "name": data["name"],
        "phone": data["phone"],
        "email": data["email"],
        "best_time": data["best_time"],
        "consent_text": "\n\n".join(shown["consent"]),
        "signature": data["signature"],
    }
