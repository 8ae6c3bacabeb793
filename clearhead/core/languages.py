"""The languages Clearhead speaks, and which pages speak them.

One place for: the languages offered (settings.LANGUAGES reads `LANGUAGES`),
which parts of the site are translated (`is_translated`), and the switch
shown on every page (`language_switch`). The patient and clinician areas
have their strings marked for translation but are not yet translated: they
are served in English whatever the reader chose, so the page's `lang`, its
dates and Django's own messages all agree with the words on it.
"""

from django.urls import Resolver404, resolve

ENGLISH = "en"
SPANISH = "es"

# (code, the language's name in itself): the switch shows each in its own
# language, so a reader who cannot read the page can still find theirs.
LANGUAGES = [(ENGLISH, "English"), (SPANISH, "Español")]
NAMES = dict(LANGUAGES)

# URL namespaces whose pages are translated in every language above: the
# public journey (home, help lines, quick exit, self-check, finder and
# meetings, education, sending a referral and its status link), the
# supporter's page and the public API.
TRANSLATED_NAMESPACES = frozenset(
    {"core", "safety", "education", "screening", "directory", "referrals", "api"}
)
TRANSLATED_VIEWS = frozenset({"sharing:supporter_home"})


def is_translated(path: str) -> bool:
    """Whether the page at `path` (a URL path) is offered in every language.

    Unknown paths (a 404) are: the not-found page is public.
    """
    try:
        match = resolve(path)
    except Resolver404:
        return True
    return (
        match.namespace in TRANSLATED_NAMESPACES or match.view_name in TRANSLATED_VIEWS
    )


def language_switch(chosen: str, shown: str) -> dict:
    """What the language switch on a page offers.

    `chosen` is the reader's language (their cookie or browser), `shown` the
    language the page is in. {"offer": [(code, name)...], "english_only":
    bool}: `english_only` when the reader chose another language but this
    part of the site is not translated yet.
    """
    return {
        "offer": [(code, name) for code, name in LANGUAGES if code != chosen],
        "chosen": chosen,
        "chosen_name": NAMES.get(chosen, NAMES[ENGLISH]),
        "english_only": chosen != shown,
    }
