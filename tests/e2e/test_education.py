"""Journey: someone reads about ketamine, searches, and says if it helped."""

from playwright.sync_api import expect


def test_read_search_and_give_feedback(page, live_server, request_log, axe_check):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Learn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Learn about ketamine")
    axe_check(page)

    page.get_by_label("Search the library").fill("bladder")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_contain_text("found for “bladder”")
    axe_check(page)
    page.get_by_role("link", name="Ketamine, your bladder and your kidneys").click()

    expect(page.get_by_role("heading", name="Sources")).to_be_visible()
    expect(page.get_by_text("Last reviewed:")).to_be_visible()
    axe_check(page)

    page.get_by_role("group", name="Was this page helpful?").get_by_label("Yes").check()
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_text("Thank you for your feedback.")).to_be_visible()
    axe_check(page)
    assert request_log.foreign() == []


def test_a_spanish_reader_reads_in_spanish_or_is_told_it_is_english(
    page, live_server, request_log, axe_check
):
    page.goto(live_server.url + "/learn/")
    page.get_by_role("button", name="Español").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Aprenda sobre la ketamina"
    )
    expect(page.locator("html")).to_have_attribute("lang", "es")
    axe_check(page)

    page.get_by_label("Buscar en la biblioteca").fill("vejiga")
    page.get_by_role("button", name="Buscar", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("encontrados para “vejiga”")
    page.get_by_role("link", name="Cómo reducir los riesgos si usa ketamina").click()

    expect(page.get_by_role("heading", name="No la mezcle")).to_be_visible()
    expect(page.get_by_role("heading", name="Fuentes")).to_be_visible()
    expect(page.get_by_text("Última revisión:")).to_be_visible()
    axe_check(page)

    # An article not yet in Spanish: the English, said so in Spanish, and
    # marked English for screen readers.
    page.get_by_role("link", name="Ketamine, your bladder and your kidneys").click()
    expect(
        page.get_by_text("Por ahora, este artículo solo está en inglés.")
    ).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_attribute("lang", "en")
    axe_check(page)
    assert request_log.foreign() == []
