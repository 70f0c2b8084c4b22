"""The Spanish catalogue is complete, its .mo is the compiled .po, and it holds every string
the code marks (nothing makemessages would add)."""

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

from collaboratives.framework import builtin_strings
from collaboratives.framework.builtin_text import CONTEXT, shipped_strings

BASE = Path(settings.BASE_DIR)
PO = BASE / "locale" / "es" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _entries(catalogue) -> dict[tuple[str, str], object]:
    found = {}
    for entry in catalogue:
        if entry.obsolete or not entry.msgid:
            continue
        value = tuple(sorted(entry.msgstr_plural.items())) if entry.msgid_plural else entry.msgstr
        found[(entry.msgctxt or "", entry.msgid)] = value
    return found


def test_every_spanish_entry_is_translated_and_none_is_fuzzy():
    catalogue = polib.pofile(str(PO))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert (untranslated, fuzzy) == ([], [])
    assert len(catalogue) > 1000


def test_translations_keep_the_placeholders_of_the_english():
    placeholder = re.compile(r"%\(\w+\)[sd]")
    wrong = []
    for entry in polib.pofile(str(PO)):
        wanted = sorted(placeholder.findall(entry.msgid_plural or entry.msgid))
        translations = (
            [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)][1:]
            if entry.msgid_plural
            else [entry.msgstr]
        )
        wrong += [entry.msgid for t in translations if sorted(placeholder.findall(t)) != wanted]
    assert wrong == []


def test_the_committed_mo_is_the_compiled_po():
    assert MO.exists(), "run `make messages` (or manage.py catalogues) to compile the .mo"
    assert _entries(polib.mofile(str(MO))) == _entries(polib.pofile(str(PO)))


def test_the_builtin_strings_module_matches_the_shipped_framework():
    """makemessages reads builtin_strings.py; it must hold the JSON's wording, all of it."""
    calls = [
        node
        for node in ast.walk(ast.parse(Path(builtin_strings.__file__).read_text()))
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "pgettext_lazy"
    ]
    assert {call.args[0].value for call in calls} == {CONTEXT}
    assert {call.args[1].value for call in calls} == {t for t in shipped_strings() if t.strip()}


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="makemessages needs GNU gettext")
def test_makemessages_would_add_nothing(tmp_path):
    """Extract into a copy of the sources, so the working tree is left alone."""
    for name in ["manage.py", "pyproject.toml"]:
        shutil.copy(BASE / name, tmp_path / name)
    for name in [*settings.BSC_APPS, "bsc", "templates", "locale"]:
        shutil.copytree(BASE / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "es",
            "--add-location=file",
            "--no-obsolete",
            "--ignore=static",
        ],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "bsc.settings"},
    )
    extracted = set(_entries(polib.pofile(str(tmp_path / "locale/es/LC_MESSAGES/django.po"))))
    committed = set(_entries(polib.pofile(str(PO))))
    assert sorted(extracted - committed) == [], "new strings: run `make messages` and translate"
    assert sorted(committed - extracted) == [], "stale strings: run `make messages`"
