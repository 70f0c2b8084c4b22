"""`|builtin_text`: the built-in framework's wording in the reader's language (a builtin)."""

from django import template

from collaboratives.framework.builtin_text import builtin_text

register = template.Library()
register.filter("builtin_text", builtin_text)
