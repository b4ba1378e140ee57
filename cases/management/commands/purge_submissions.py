from django.conf import settings
from django.core.management.base import BaseCommand

from cases.submissions import purge


class Command(BaseCommand):
    help = (
        "Sletter gemte, aldrig sendte erfaringer efter SUBMISSION_DRAFT_DAYS og kontaktoplysninger på "
        "indsendte erfaringer SUBMISSION_CONTACT_RETENTION_DAYS efter afgørelsen."
    )

    def handle(self, *args, **options):
        drafts, contacts = purge()
        self.stdout.write(
            f"{drafts} gemte erfaringer, der ikke blev sendt inden for "
            f"{settings.SUBMISSION_DRAFT_DAYS} dage, er slettet."
        )
        self.stdout.write(
            f"Kontaktoplysningerne på {contacts} afgjorte erfaringer er slettet "
            f"({settings.SUBMISSION_CONTACT_RETENTION_DAYS} dage efter afgørelsen)."
        )
