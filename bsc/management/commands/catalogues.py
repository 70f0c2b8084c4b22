"""Compile the translation catalogues with polib (no gettext tools needed) and report what
is left to translate. `make messages` runs it after makemessages."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# English is the source language: its catalogue only carries the plural forms.
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def catalogue_path(language: str) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"


class Command(BaseCommand):
    help = "Compile each catalogue's .mo and list its untranslated and fuzzy entries."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--check", action="store_true", help="Fail when any entry is left to translate."
        )

    def handle(self, *args, check: bool = False, **options) -> None:
        import polib

        missing = 0
        for language in TRANSLATED:
            path = catalogue_path(language)
            catalogue = polib.pofile(str(path))
            untranslated = catalogue.untranslated_entries()
            fuzzy = catalogue.fuzzy_entries()
            catalogue.save_as_mofile(str(path.with_suffix(".mo")))
            self.stdout.write(
                f"{language}: {len(catalogue.translated_entries())} translated, "
                f"{len(untranslated)} untranslated, {len(fuzzy)} fuzzy "
                f"({catalogue.percent_translated()}%) -> {path.with_suffix('.mo')}"
            )
            for entry in untranslated + fuzzy:
                where = entry.occurrences[0][0] if entry.occurrences else ""
                flag = "fuzzy" if entry in fuzzy else "untranslated"
                context = f"[{entry.msgctxt}] " if entry.msgctxt else ""
                self.stdout.write(f"  {flag}: {context}{entry.msgid[:90]!r} {where}")
            missing += len(untranslated) + len(fuzzy)
        if check and missing:
            raise CommandError(f"{missing} entries are left to translate.")
