from django.core.management.base import BaseCommand

from cases import launch_content as library_content
from home import launch_content


class Command(BaseCommand):
    help = (
        "Publicerer sitets lanceringsindhold fra projektets egne datafiler. "
        "Kan køres igen uden at ændre eller dublere noget."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo", action="store_true", help="Opret også illustrative eksempler (til udvikling)."
        )

    def handle(self, *args, **options):
        log = launch_content.ContentLog(self.stdout.write)
        launch_content.load(log)
        library_content.load(log, demo=options["demo"])
        if log.changes:
            self.stdout.write(self.style.SUCCESS(f"Færdig: {log.changes} ændringer."))
        else:
            self.stdout.write(self.style.SUCCESS("Færdig: alt fandtes allerede, intet ændret."))
