"""Phone numbers: what is accepted, how it is kept, shown and linked."""

import pytest
from django.core.exceptions import ValidationError

from clearhead.core.phones import phone_for_display, phone_normalize


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("(312) 555-0142", "+13125550142"),
        ("312.555.0142", "+13125550142"),
        (" 312 555 0142 ", "+13125550142"),
        ("+1 312-555-0142", "+13125550142"),
        ("312-555-0142 ext. 12", "+13125550142;ext=12"),
        ("+44 20 7946 0958", "+442079460958"),  # from abroad, with its code
        ("", ""),
        ("   ", ""),
    ],
)
def test_numbers_are_kept_as_e164(settings, typed, stored):
    settings.CLEARHEAD_REGION = "US"
    assert phone_normalize(typed) == stored


@pytest.mark.parametrize("typed", ["555", "call me", "123-456-7890", "+1"])
def test_what_cannot_be_dialled_is_refused_with_an_example(settings, typed):
    settings.CLEARHEAD_REGION = "US"
    with pytest.raises(ValidationError) as caught:
        phone_normalize(typed)
    assert caught.value.messages == [
        "Enter a phone number we can call, for example (312) 555-0142."
    ]


def test_a_uk_deployment_reads_numbers_the_uk_way(settings):
    settings.CLEARHEAD_REGION = "UK"
    assert phone_normalize("020 7946 0958") == "+442079460958"
    assert phone_for_display("+442079460958").display == "020 7946 0958"
    # A US number there is shown with its country code.
    assert phone_for_display("+13125550142").display == "+1 312-555-0142"


def test_a_stored_number_is_shown_the_regions_way_and_linked_for_a_tap(settings):
    settings.CLEARHEAD_REGION = "US"
    phone = phone_for_display("+13125550142;ext=12")
    assert phone.display == "(312) 555-0142 ext. 12"
    assert phone.href == "tel:+1-312-555-0142;ext=12"
    assert phone_for_display("") is None
    # Written before numbers were checked: shown as it is, not linked.
    assert phone_for_display("ask at desk").href == ""
