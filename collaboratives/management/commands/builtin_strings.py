from django.core.management.base import BaseCommand

from collaboratives.framework.builtin_text import STRINGS_MODULE, strings_module_source


class Command(BaseCommand):
    help = "Write the built-in framework's wording as a module makemessages can read."

    def handle(self, *args, **options) -> None:
        STRINGS_MODULE.write_text(strings_module_source(), encoding="utf-8")
        self.stdout.write(f"Wrote {STRINGS_MODULE}")
