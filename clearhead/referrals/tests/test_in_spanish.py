"""A Spanish reader sends a referral, reads its status and withdraws it,
all in Spanish, with no English of ours left on any page."""

import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from clearhead.core.translation_check import untranslated
from clearhead.referrals.tests.helpers import details, program_with_listing
from clearhead.screening.instruments import wording_texts


@pytest.fixture(autouse=True)
def english_afterwards():
    cache.clear()
    yield
    translation.activate(settings.LANGUAGE_CODE)


def english_left(page: str) -> list[str]:
    # PHQ-9's published Spanish wording (its title) is data, not the catalogue's.
    return untranslated(page, "es", wording_texts("es"))


def test_the_referral_pages_in_spanish(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    _, facility = program_with_listing()
    data = details(facility)

    page = client.get(f"/referrals/send/?listing={facility.public_id}").content.decode()
    assert '<html lang="es"' in page
    assert "Enviar una derivación" in page
    assert english_left(page) == []

    page = client.post("/referrals/send/", {"state": data["state"]}).content.decode()
    assert "Qué partes de sus resultados enviar" in page
    assert english_left(page) == []

    page = client.post("/referrals/send/", data | {"action": "review"}).content.decode()
    assert "Revise lo que se enviará" in page
    assert "42 CFR Parte 2" in page
    assert english_left(page) == []

    response = client.post(
        "/referrals/send/",
        data | {"action": "send", "consent": "on", "signature": "Robin"},
    )
    page = client.get(response["Location"]).content.decode()
    assert "Su enlace secreto de estado" in page
    assert english_left(page) == []
    status_path = re.search(r'href="(/referrals/status/[^"/]+/)"', page).group(1)

    page = client.get(status_path).content.decode()
    assert "Estado: Nueva" in page
    assert english_left(page) == []

    page = client.get(
        client.post(status_path + "withdraw/")["Location"]
    ).content.decode()
    assert "Su derivación se retiró" in page
    assert english_left(page) == []


def test_the_finder_listing_offers_a_referral_in_spanish(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    _, facility = program_with_listing()
    page = client.get(f"/find/{facility.public_id}/").content.decode()
    assert "Enviar una derivación a este programa" in page
