"""The supporter's page in Spanish (issue 18): everything a supporter reads on
it, what Clearhead says back to her form, and the notice that travels with
what she is shown."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from clearhead.care import services as care_services
from clearhead.care.models import REDISCLOSURE_NOTICE
from clearhead.care.time_zones import today_for
from clearhead.core.translation_check import untranslated
from clearhead.recovery.tests.test_recovery_pages import onboard
from clearhead.recovery.tests.test_tools_and_plans import add_checkin
from clearhead.sharing import services
from clearhead.sharing.templatetags.sharing_tags import (
    REDISCLOSURE_NOTICE_TRANSLATED,
)

SUPPORTER_HOME = reverse("sharing:supporter_home")
SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es-US,es;q=0.9"}


@pytest.fixture
def pat(patient_pat):
    onboard(patient_pat, days_ago=30, time_zone="America/Chicago")
    return patient_pat


def _link(patient, supporter):
    link, code = services.supporter_invite(actor=patient, relation="mamá")
    services.supporter_accept(actor=supporter, code=code)
    link.refresh_from_db()
    return link


def _share_everything(patient, link):
    care_services.consent_sign(
        actor=patient,
        link=link,
        kinds=["sober_days", "checkin_adherence", "missed_checkin_alerts"],
        purpose="family_support",
        expires_on=today_for(patient) + timedelta(days=30),
        signature="Pat Example",
    )


def _spanish_page(client, supporter) -> str:
    client.force_login(supporter)
    return client.get(SUPPORTER_HOME, **SPANISH).content.decode()


def test_what_a_supporter_is_shown_is_all_in_spanish(client, pat, supporter_sam):
    _share_everything(pat, _link(pat, supporter_sam))
    add_checkin(pat, 1, 3)
    page = _spanish_page(client, supporter_sam)
    assert '<html lang="es">' in page
    assert untranslated(page, "es") == []
    assert "<h1>Apoyar a alguien</h1>" in page
    assert "Días sin consumir: <strong>" in page
    assert "Le enviaremos un correo a <strong>sam@example.org</strong> si Pat" in page
    assert "Si los números bajan" in page
    # The person's name is hers, not ours to translate.
    assert 'translate="no">Pat</h2>' in page


def test_the_notice_keeps_the_laws_words_with_their_translation(
    client, pat, supporter_sam
):
    _share_everything(pat, _link(pat, supporter_sam))
    page = _spanish_page(client, supporter_sam)
    with translation.override("en"):
        english = str(REDISCLOSURE_NOTICE)
    assert f'<span lang="en" translate="no">{english}</span>' in page
    assert "La ley federal 42 CFR parte 2 prohíbe" in page
    english = client.get(SUPPORTER_HOME, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert (
        f'<p class="muted small redisclosure-notice">{REDISCLOSURE_NOTICE}</p>'
    ) in english


def test_the_translated_notice_is_the_care_notice_in_english():
    with translation.override("en"):
        assert str(REDISCLOSURE_NOTICE_TRANSLATED) == REDISCLOSURE_NOTICE


def test_waiting_for_what_they_share_is_said_in_spanish(client, pat, supporter_sam):
    _link(pat, supporter_sam)
    page = _spanish_page(client, supporter_sam)
    assert "Por ahora no ha compartido nada con usted." in page
    assert untranslated(page, "es") == []


def test_a_code_and_its_answers_are_in_spanish(client, pat, supporter_sam):
    client.force_login(supporter_sam)
    refused = client.post(SUPPORTER_HOME, {"code": "ZZZZ2222"}, **SPANISH)
    assert refused.status_code == 400
    assert "Ese código no funciona. Pida uno nuevo." in refused.content.decode()
    assert "El código que le dio la persona a quien apoya." in (
        refused.content.decode()
    )
    _, code = services.supporter_invite(actor=pat, relation="mamá")
    linked = client.post(SUPPORTER_HOME, {"code": code}, follow=True, **SPANISH)
    page = linked.content.decode()
    assert "Ahora tiene un vínculo con Pat." in page
    assert untranslated(page, "es") == []


def test_a_patient_on_the_supporters_page_is_told_in_spanish(client, pat):
    client.force_login(pat)
    response = client.get(SUPPORTER_HOME, **SPANISH)
    page = response.content.decode()
    assert response.status_code == 403
    assert "Esta página es para cuentas de persona de apoyo" in page
    assert untranslated(page, "es") == []


def test_the_notice_keeps_the_laws_english_words_on_a_spanish_page():
    from clearhead.sharing.templatetags.sharing_tags import redisclosure_notice

    english = str(REDISCLOSURE_NOTICE)
    with translation.override("es"):
        html = redisclosure_notice()
    assert f'<span lang="en" translate="no">{english}</span>' in html
    assert "La ley federal" in html
