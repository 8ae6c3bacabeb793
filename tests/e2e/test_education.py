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
