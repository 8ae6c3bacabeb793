from django.http import HttpRequest
from django.utils import translation

from clearhead.core import languages


def language_switch(request: HttpRequest) -> dict:
    """The language switch of base.html (clearhead.core.languages)."""
    shown = translation.get_language() or languages.ENGLISH
    chosen = getattr(request, "chosen_language", shown)
    return {"language_switch": languages.language_switch(chosen, shown)}
