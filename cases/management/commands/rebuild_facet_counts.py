from django.core.management.base import BaseCommand

from cases.facet_counts import rebuild


class Command(BaseCommand):
    help = (
        "Tæller bibliotekets facetter forfra ud fra siderne (cases/facet_counts.py). Kun nødvendigt "
        "efter ændringer uden om Django, fx en SQL-opdatering direkte i databasen."
    )

    def handle(self, *args, **options):
        rebuild()
        self.stdout.write("Facettællingerne er lavet forfra.")
