from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

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
        parser.add_argument(
            "--year",
            type=int,
            help=(
                "Året for konferencerne (8. maj i København, 2. juni i Aarhus). Standard: det første år, "
                "hvor begge datoer stadig ligger forude og falder på samme ugedag som i 2017 (mandag og "
                "fredag). --year 2017 giver de oprindelige datoer."
            ),
        )

    def handle(self, *args, **options):
        year = options.get("year")
        if year is not None and not 2000 <= year <= 2100:
            raise CommandError("--year skal være et årstal mellem 2000 og 2100.")
        log = launch_content.ContentLog(self.stdout.write)
        # Each app's loader, in the order settings.SITE_CONTENT_LOADERS gives (home first).
        for loader in settings.SITE_CONTENT_LOADERS:
            import_string(loader)(log, demo=options["demo"], year=year)
        if log.changes:
            self.stdout.write(self.style.SUCCESS(f"Færdig: {log.changes} ændringer."))
        else:
            self.stdout.write(self.style.SUCCESS("Færdig: alt fandtes allerede, intet ændret."))
