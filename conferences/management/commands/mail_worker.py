import datetime

from django_tasks_db.management.commands import db_worker

from conferences.tasks import requeue_abandoned_mail


class Command(db_worker.Command):
    help = (
        "Sender konferencemails fra køen i databasen (django-tasks-db's db_worker for backend »mail«). "
        "Ved start lægges mails, som en nedlagt worker efterlod halvt sendt, i kø igen."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(backend_name="mail")
        parser.add_argument(
            "--abandoned-after",
            type=int,
            default=15 * 60,
            help="Sekunder, før en påbegyndt mail regnes for efterladt og sendes igen (standard: 900).",
        )

    def handle(self, *args, abandoned_after, **options):
        requeued = requeue_abandoned_mail(older_than=datetime.timedelta(seconds=abandoned_after))
        if requeued:
            self.stdout.write(f"{requeued} efterladte mails lagt i kø igen.")
        super().handle(*args, **options)
