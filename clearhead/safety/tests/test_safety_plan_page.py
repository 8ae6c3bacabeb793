"""The public blank safety plan (/help/safety-plan/): in Spanish for a Spanish
reader with no English of ours left, the steps in order, the region's crisis
lines on it, and nothing of an account."""

import re

from django.urls import reverse

from clearhead.core.translation_check import untranslated
from clearhead.safety import safety_plan

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es-US,es;q=0.9"}


def html_lang(page: str) -> str:
    return re.search(r'<html lang="([^"]+)"', page).group(1)


def test_the_blank_plan_is_all_in_spanish(client, db):
    response = client.get(reverse("safety:safety_plan"), **SPANISH)
    page = response.content.decode()
    assert response.status_code == 200
    assert html_lang(page) == "es"
    assert "<h1>Mi plan de seguridad</h1>" in page
    assert "Mis señales de alerta" in page
    assert "Mis razones para vivir" in page
    assert "Imprimir un plan en blanco" in page
    assert untranslated(page, "es") == []
    # The numbers and their links are the same in every language.
    assert 'href="tel:988"' in page


def test_the_blank_plan_lists_the_steps_in_order_and_names_no_one(client, db):
    page = client.get(reverse("safety:safety_plan")).content.decode()
    places = [page.index(str(step.title)) for step in safety_plan.STEPS]
    assert places == sorted(places)
    assert '<meta name="clearhead-account" content="">' in page
    assert "Stanley and Gregory Brown (2012)" in page
    assert "2 December 2026" in page


def test_the_blank_plan_refuses_to_be_changed(client, db):
    assert client.post(reverse("safety:safety_plan")).status_code == 405
