"""The notice that travels with information disclosed under a consent."""

from django import template
from django.utils.html import format_html

from clearhead.care.models import REDISCLOSURE_NOTICE

register = template.Library()


@register.simple_tag
def redisclosure_notice() -> str:
    return format_html(
        '<p class="muted small redisclosure-notice">{}</p>', REDISCLOSURE_NOTICE
    )
