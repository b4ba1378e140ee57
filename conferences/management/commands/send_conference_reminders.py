from django.core.management.base import BaseCommand

from conferences.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Lægger påmindelser i mailkøen til bekræftede deltagere i konferencer, der begynder inden for "
        "deres påmindelsesperiode. Hver deltager får én; kan køres så tit, man vil (fx hver time)."
    )

    def handle(self, *args, **options):
        sent = send_reminders()
        total = sum(sent.values())
        for conference, count in sent.items():
            self.stdout.write(
                f"{conference.title}, {conference.city} ({conference.date:%d.%m.%Y}): "
                f"{count} påmindelser lagt i mailkøen."
            )
        self.stdout.write(
            f"Påmindelser i alt: {total}." if sent else "Ingen konferencer skal have påmindelser nu."
        )
