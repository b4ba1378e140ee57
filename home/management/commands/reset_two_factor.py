from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from home.two_factor import reset


class Command(BaseCommand):
    help = (
        "Nulstiller en brugers to-trinsbekræftelse (app og reservekoder), fx når telefonen er mistet. "
        "Skal brugeren bruge to-trinsbekræftelse, opsætter vedkommende den igen ved næste login."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Der er ingen bruger med brugernavnet {username!r}.")
        removed = reset(user)
        self.stdout.write(f"To-trinsbekræftelse for {username} er nulstillet ({removed} enheder fjernet).")
