from django.core.management.base import BaseCommand, CommandError

from cases.generator import generate_cases
from cases.models import CaseIndexPage

BAR_WIDTH = 30


class Command(BaseCommand):
    help = "Opretter N tilfældige, men gyldige erfaringer under »Gode erfaringer« (til ydelsestest)."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="Antal erfaringer, fx 300.")
        parser.add_argument("--seed", type=int, default=None, help="Fast frø giver samme indhold hver gang.")
        parser.add_argument(
            "--no-revisions",
            action="store_true",
            help="Gem siderne som udgivet uden revisioner (hurtigere).",
        )

    def handle(self, *args, count, seed, no_revisions, **options):
        if count < 1:
            raise CommandError("Antallet skal være mindst 1.")
        library = CaseIndexPage.objects.first()
        if library is None:
            raise CommandError("»Gode erfaringer« findes ikke: kør load_site_content først.")
        try:
            generate_cases(library, count, seed=seed, publish=not no_revisions, progress=self.show_progress)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Oprettet: {count} erfaringer under {library.url}"))

    def show_progress(self, done, total):
        filled = BAR_WIDTH * done // total
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        self.stdout.write(f"\r[{bar}] {done}/{total}", ending="")
        self.stdout.flush()
