"""Every word a template shows is inside a translation tag.

Each template is split into Django's tokens; the text between tags, outside
{% translate %}/{% blocktranslate %}, {% comment %}, <script> and <style>, is parsed as HTML,
and its text and the attributes people read (title, aria-label, placeholder, alt) must hold
no word. Symbols, numbers and the few names that stay the same in every language are allowed.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.template.base import Lexer, TokenType

TEMPLATES = Path(settings.BASE_DIR) / "templates"
READ_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "aria-description"}
# Words the same in English and Spanish, or code and units shown as such.
ALLOWED_WORDS = {"BSC", "PDSA", "CSV", "PDF", "API", "ICS", "iCal", "UTC", "OK", "SVG", "URL", "ID"}
WORD = re.compile(r"[^\W\d_]{2,}")
# A template whose whole purpose is to show no text to people (e.g. a bench fixture).
SKIPPED = {"bench/baseline.html"}


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.raw_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.raw_depth += 1
        for name, value in attrs:
            if value and name in READ_ATTRIBUTES:
                self.found.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.raw_depth = max(0, self.raw_depth - 1)

    def handle_data(self, data: str) -> None:
        if not self.raw_depth:
            self.found.append(data)


# What stands where a tag stood: a space, so that `<tr{% if %} class="x"{% endif %}>` stays
# one HTML tag.
VAR_MARK = " "


def untranslated_words(source: str) -> list[str]:
    """The words of `source` that people would read untranslated."""
    text_parts: list[str] = []
    skip_until: str | None = None
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.split_contents()[0]
            if skip_until:
                if name == skip_until:
                    skip_until = None
                continue
            if name in ("blocktranslate", "blocktrans"):
                skip_until = "end" + name
            elif name == "comment":
                skip_until = "endcomment"
            text_parts.append(VAR_MARK)
        elif skip_until:
            continue
        elif token.token_type == TokenType.TEXT:
            text_parts.append(token.contents)
        else:
            text_parts.append(VAR_MARK)
    collector = _TextCollector()
    collector.feed("".join(text_parts))
    collector.close()
    words = []
    for chunk in collector.found:
        for word in WORD.findall(chunk):
            if word not in ALLOWED_WORDS:
                words.append(word)
    return words


def test_the_scanner_finds_bare_words_and_ignores_translated_ones():
    source = (
        '{% translate "Save" %} <p title="Bare title">Bare text {{ value }}</p>'
        "{% blocktranslate %}Inside {{ x }}{% endblocktranslate %}<script>var a = 1;</script>"
        '<button value="yes">{% translate "Yes" %}</button> — 12 · PDSA'
        '<tr{% if kept %} class="kept"{% endif %}><td>{{ x }}</td></tr>'
    )
    assert untranslated_words(source) == ["Bare", "title", "Bare", "text"]


def test_no_template_shows_a_word_outside_translation_tags():
    problems = {}
    for path in sorted(TEMPLATES.rglob("*")):
        name = path.relative_to(TEMPLATES).as_posix()
        if path.suffix not in (".html", ".txt") or name in SKIPPED:
            continue
        words = untranslated_words(path.read_text(encoding="utf-8"))
        if words:
            problems[name] = words
    assert problems == {}
