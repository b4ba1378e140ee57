from django.core.management.base import BaseCommand
from wagtail.images import get_image_model

from home.images import RENDITIONS, pregenerate


class Command(BaseCommand):
    help = (
        "Laver alle billedstørrelser, sitet bruger, for alle billeder, så ingen side skal lave dem, "
        "mens en besøgende venter. Kør den efter en udrulning, der ændrer størrelserne. "
        "Allerede lavede størrelser springes over."
    )

    def handle(self, *args, **options):
        images = get_image_model().objects.prefetch_renditions(*RENDITIONS).order_by("pk")
        count = 0
        for image in images.iterator(chunk_size=100):
            pregenerate(image)
            count += 1
        self.stdout.write(f"Billedstørrelser klar for {count} billeder ({', '.join(RENDITIONS)}).")
