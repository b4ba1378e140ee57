import logging

from django.core.management.base import BaseCommand, CommandError

from home.background import Worker, configured_jobs


def job_interval(value):
    name, equals, seconds = value.partition("=")
    if not equals or not seconds.isdigit() or int(seconds) < 1:
        raise CommandError(f"--every skal skrives NAVN=SEKUNDER, ikke »{value}«.")
    return name, int(seconds)


class Command(BaseCommand):
    help = (
        "Baggrundsworkeren: sender mails fra køen i databasen og kører de planlagte opgaver "
        "(udgivelse af planlagte sider hvert minut, påmindelser, sletning efter opbevaringsperioden, "
        "oprydning). Kør én eller flere; hver opgave og hver mail tages af én worker ad gangen."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Sekunder mellem kig i køen, når der intet er at lave (standard: 1).",
        )
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Kør det, der er forfaldent (mails og opgaver), og stop så.",
        )
        parser.add_argument(
            "--every",
            action="append",
            type=job_interval,
            default=[],
            metavar="NAVN=SEKUNDER",
            help="Kør opgaven NAVN med dette interval i stedet for det i BACKGROUND_JOBS (kan gentages).",
        )
        parser.add_argument(
            "--no-jobs",
            action="store_true",
            help="Send kun mails; kør ingen planlagte opgaver.",
        )
        parser.add_argument(
            "--worker-id", default=None, help="Workerens navn (standard: vært-pid-tilfældigt)."
        )

    def handle(self, *args, interval, batch, every, no_jobs, worker_id, verbosity, **options):
        every = dict(every)
        jobs = [] if no_jobs else configured_jobs(every)
        unknown = set(every) - {job.name for job in configured_jobs()}
        if unknown:
            raise CommandError(f"Ukendt opgave: {', '.join(sorted(unknown))}.")
        for name in ("home.background", "home.mail_delivery"):
            logging.getLogger(name).setLevel(logging.WARNING if verbosity == 0 else logging.INFO)
        worker = Worker(jobs=jobs, interval=interval, worker_id=worker_id)
        if batch:
            worker.run_until_idle()
            worker.say_goodbye()
        else:
            worker.run()
