"""Previous and next links for the shared pager (core/_pager.html)."""

from django.http import QueryDict


def page_links(
    query: QueryDict, number: int, *, has_previous: bool, has_next: bool
) -> dict[str, str]:
    """Links to the pages either side of page `number` that keep the rest of
    the query string (filters, search terms) as it is."""
    params = query.copy()
    links = {}
    for name, other, show in (
        ("previous", number - 1, has_previous),
        ("next", number + 1, has_next),
    ):
        if show:
            params["page"] = str(other)
            links[name] = "?" + params.urlencode()
    return links
