"""The site's menu, as a person reaches it: on a phone a signed-in patient's
links sit in one "Menu" disclosure in the header, opened first."""


def open_menu(page) -> None:
    """Open the header's "Menu" if there is one on screen and it is shut."""
    banner = page.get_by_role("banner")
    summary = banner.get_by_text("Menu", exact=True)
    shut = not banner.locator("details.site-menu[open]").count()
    if shut and summary.count() and summary.is_visible():
        summary.click()


def menu_link(page, name: str, exact: bool = True):
    """The header link called `name`, with the "Menu" opened if it is shut."""
    open_menu(page)
    return page.get_by_role("banner").get_by_role("link", name=name, exact=exact)
