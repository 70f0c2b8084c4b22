"""The date filters every template uses (a builtin: no {% load %} needed)."""

from django import template

from bsc import formatting

register = template.Library()

for name in ("day", "moment", "month", "month_short", "month_day", "clock", "relative"):
    register.filter(name, getattr(formatting, name), expects_localtime=False)
