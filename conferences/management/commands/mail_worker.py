from home.management.commands import worker


class Command(worker.Command):
    help = "Det gamle navn for `manage.py worker` (sender mails og kører de planlagte opgaver)."
