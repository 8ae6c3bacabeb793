"""The notice that travels with information disclosed under a consent."""

from django import template
from django.utils.html import format_html

from clearhead.care.models import REDISCLOSURE_NOTICE, SUPPORTER_KINDS
from clearhead.sharing.kinds import supporter_kind_label

register = template.Library()


@register.simple_tag
def redisclosure_notice() -> str:
    return format_html(
        '<p class="muted small redisclosure-notice">{}</p>', REDISCLOSURE_NOTICE
    )


@register.filter
def supporter_kind_labels(kinds) -> list[str]:
    """A supporter consent's kinds in the words the patient signed."""
    return [supporter_kind_label(kind) for kind in kinds if kind in SUPPORTER_KINDS]
