import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Opretter en administrator med en tilfældig adgangskode, hvis der ikke findes en."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--email", default="admin@example.org")
        parser.add_argument("--url", default="http://127.0.0.1:8000/admin/", help="Adressen på admin.")

    def handle(self, *args, username, email, url, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("Der findes allerede en administrator; ingen ny oprettet.")
            return
        password = secrets.token_urlsafe(15)
        User.objects.create_superuser(username=username, email=email, password=password)
        line = "=" * 64
        self.stdout.write(
            f"{line}\nAdministrator oprettet. Log ind på {url} med\n"
            f"  brugernavn: {username}\n  adgangskode: {password}\n"
            f"Adgangskoden vises kun denne ene gang. Skift den under »Konto« efter første login.\n{line}"
        )
