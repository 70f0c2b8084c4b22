from django.core.management.base import BaseCommand, CommandError, CommandParser
from rest_framework.authtoken.models import Token

from bsc.models import User


class Command(BaseCommand):
    help = "Create (or replace) the personal API token of the person with this e-mail; print it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args, **options) -> None:
        user = User.objects.filter(email__iexact=options["email"]).first()
        if user is None:
            raise CommandError(f"No account uses {options['email']}.")
        Token.objects.filter(user=user).delete()
        self.stdout.write(Token.objects.create(user=user).key)
