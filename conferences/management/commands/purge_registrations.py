from django.core.management.base import BaseCommand
from django.utils import timezone

from conferences.retention import purge_registrations


class Command(BaseCommand):
    help = (
        "Sletter deltagernes oplysninger for konferencer, hvis opbevaringsperiode er udløbet, og "
        "gemmer kun anonyme tal. Kan køres så tit, man vil (fx dagligt fra cron)."
    )

    def handle(self, *args, **options):
        purged = purge_registrations()
        if not purged:
            self.stdout.write("Ingen tilmeldinger at slette.")
            return
        for result in purged:
            conference = result.conference
            self.stdout.write(
                f"{conference.title}, {conference.city} ({conference.date:%d.%m.%Y}): "
                f"{result.registrations} tilmeldinger slettet ({result.came} mødte op), "
                f"{result.mails_dropped} mails i kø droppet; anonyme tal gemt."
            )
        self.stdout.write(
            f"Slettet i alt: {sum(r.registrations for r in purged)} tilmeldinger. "
            f"Kørt {timezone.localtime():%d.%m.%Y %H.%M}."
        )
