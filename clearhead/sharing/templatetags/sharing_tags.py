"""The notice that travels with information disclosed under a consent."""

from django import template
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from clearhead.care.models import REDISCLOSURE_NOTICE, SUPPORTER_KINDS
from clearhead.core import languages
from clearhead.sharing.kinds import supporter_kind_label

register = template.Library()

# care.models.REDISCLOSURE_NOTICE, for a reader of another language (a test
# keeps the two the same in English). The notice's own words are the law's
# (42 CFR 2.32) and are always shown as they are.
REDISCLOSURE_NOTICE_TRANSLATED = _(
    "42 CFR part 2 prohibits unauthorized use or disclosure of these records."
)


@register.simple_tag
def redisclosure_notice() -> str:
    """The notice as the law words it; on a page in another language, with
    its translation after it."""
    if (get_language() or languages.ENGLISH) == languages.ENGLISH:
        return format_html(
            '<p class="muted small redisclosure-notice">{}</p>', REDISCLOSURE_NOTICE
        )
    # The law's words in English: catalogues are merged, so the lazy notice
    # itself would come out translated on this page.
    with translation.override(languages.ENGLISH):
        as_the_law_words_it = str(REDISCLOSURE_NOTICE)
    return format_html(
        '<p class="muted small redisclosure-notice"><span lang="en" translate="no">'
        '{}</span> (<span class="redisclosure-notice__translation">{}</span>)</p>',
        as_the_law_words_it,
        REDISCLOSURE_NOTICE_TRANSLATED,
    )


@register.filter
def supporter_kind_labels(kinds) -> list[str]:
    """A supporter consent's kinds in the words the patient signed."""
    return [supporter_kind_label(kind) for kind in kinds if kind in SUPPORTER_KINDS]
