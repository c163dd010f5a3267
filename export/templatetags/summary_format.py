"""How the doctor summary page writes days: the same as the PDF (export.summary.format_day)."""

from django import template

from export.summary import format_day

register = template.Library()


@register.filter
def day(value):
    """A date as the summary writes it, in the active language ("1 Mar 2026", "01.03.2026")."""
    return format_day(value)
