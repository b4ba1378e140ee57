"""The one background worker (`manage.py worker`): it sends the queued mail (django-tasks-db,
backend "mail") and runs the scheduled jobs of settings.BACKGROUND_JOBS (publish_scheduled,
reminders, purges, clean-up). Run one or several; they share the work through the database.

- **Liveness.** Every worker writes a heartbeat (WorkerProcess.seen_at) every 5 seconds,
  from a thread of its own, so a long job or send does not stop it. A worker is alive while its
  heartbeat is younger than WORKER_LEASE_SECONDS (30 s).
- **Abandoned tasks.** A task a worker claimed (status RUNNING) goes back to the queue as soon
  as its worker is no longer alive (killed, machine gone), checked by every running worker
  every 5 seconds: within about 35 s. A mail is still never sent twice
  (home/mail_delivery.py).
- **Jobs.** Each job's BackgroundJob row is its lock: a worker takes a job that is due in a
  transaction on that row and holds it while it runs; another worker takes it only when it is
  due again and its holder has finished or is dead. So each job runs on one worker at a time.
- **Database outages.** A lost connection never ends the worker: it closes the connection,
  waits (1, 2, 4 … at most 10 s) and carries on; a task it held goes back to the queue.
  Results it could not store (a mail the server accepted) are stored when the database is back.
- **Errors** are stored without their messages (which can hold an address, e.g.
  SMTPRecipientsRefused): the exception's class and the traceback's frames only, unless the
  exception is a SafeToStore.
"""

import dataclasses
import datetime
import logging
import os
import signal
import socket
import sys
import threading
import time
import traceback

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, close_old_connections, connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

DB_ERRORS = (OperationalError, InterfaceError)
LONGEST_WAIT_SECONDS = 10


def lease():
    """How long a worker counts as alive after its last heartbeat (WORKER_LEASE_SECONDS)."""
    return datetime.timedelta(seconds=float(os.environ.get("WORKER_LEASE_SECONDS", "30")))


def heartbeat_seconds():
    """Seconds between heartbeats and between checks for abandoned tasks: 5, or less with a
    short lease (tests), so a live worker never looks dead."""
    return min(5.0, lease().total_seconds() / 3)


class SafeToStore(Exception):  # noqa: N818 - a marker, not an error of its own
    """An exception whose message holds no personal data and may be stored in the task row."""


def safe_traceback(error):
    """The traceback of `error` and its causes: frames (file, line, function; no source lines
    and no values) and exception classes, messages only of SafeToStore exceptions."""
    parts = []
    seen = set()
    current = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        name = f"{type(current).__module__}.{type(current).__qualname__}"
        message = str(current) if isinstance(current, SafeToStore) else "(message withheld)"
        frames = "".join(
            f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}\n'
            for frame in traceback.extract_tb(current.__traceback__)
        )
        parts.append(f"Traceback (most recent call last):\n{frames}{name}: {message}\n")
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    return "\nThe above was caused by:\n\n".join(reversed(parts))


def _close_connections():
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except DatabaseError:
            pass


def persist_through_outage(write, stop=None):
    """Run `write` (a database write) until it succeeds, reconnecting after each database error:
    for results that must not be lost, such as a mail the server has accepted."""
    wait = 1
    while True:
        try:
            return write()
        except DB_ERRORS as error:
            logger.warning("Database unavailable (%s); storing again in %s s", type(error).__name__, wait)
            _close_connections()
            time.sleep(wait)
            wait = min(wait * 2, LONGEST_WAIT_SECONDS)


@dataclasses.dataclass
class Job:
    name: str
    call: str
    every: datetime.timedelta

    def run(self):
        return import_string(self.call)()


def configured_jobs(every=None):
    """The jobs of settings.BACKGROUND_JOBS ({name: (dotted path, seconds)}), with `every`
    ({name: seconds}) overriding intervals."""
    every = every or {}
    return [
        Job(name, path, datetime.timedelta(seconds=every.get(name, seconds)))
        for name, (path, seconds) in settings.BACKGROUND_JOBS.items()
    ]


def live_workers(now):
    from .models import WorkerProcess

    return set(WorkerProcess.objects.filter(seen_at__gte=now - lease()).values_list("worker_id", flat=True))


class Worker:
    def __init__(self, *, backend_name="mail", jobs=None, interval=1.0, worker_id=None):
        self.backend_name = backend_name
        self.jobs = configured_jobs() if jobs is None else jobs
        self.interval = interval
        self.worker_id = worker_id or f"{socket.gethostname()[:30]}-{os.getpid()}-{get_random_string(8)}"
        self.running = True
        self.busy = False
        self.last_check = 0.0
        self.started_at = timezone.now()
        self._stop_heartbeat = threading.Event()

    # --- Liveness -----------------------------------------------------------------------

    def beat(self):
        from .models import WorkerProcess

        now = timezone.now()
        WorkerProcess.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={"seen_at": now},
            create_defaults={
                "seen_at": now,
                "started_at": self.started_at,
                "host": socket.gethostname()[:255],
                "pid": os.getpid(),
            },
        )

    def _heartbeat_loop(self):
        while not self._stop_heartbeat.wait(heartbeat_seconds()):
            try:
                self.beat()
            except DatabaseError as error:
                logger.warning("Heartbeat not stored (%s)", type(error).__name__)
                _close_connections()
        _close_connections()

    def requeue_abandoned(self, now=None):
        """Put back in the queue the tasks whose worker is not alive (or is this worker, which
        holds no task between tasks). Returns how many."""
        from django_tasks_db.models import DBTaskResult

        now = now or timezone.now()
        alive = live_workers(now) - {self.worker_id}
        running = DBTaskResult.objects.filter(backend_name=self.backend_name, status="RUNNING")
        requeued = 0
        for pk, worker_ids, started_at in running.values_list("pk", "worker_ids", "started_at"):
            if worker_ids and worker_ids[-1] in alive:
                continue
            # Only if nobody claimed it again meanwhile (a claim sets a new started_at).
            requeued += DBTaskResult.objects.filter(pk=pk, status="RUNNING", started_at=started_at).update(
                status="READY", started_at=None
            )
        if requeued:
            logger.warning("%s task(s) whose worker stopped put back in the queue", requeued)
        return requeued

    # --- Scheduled jobs -----------------------------------------------------------------

    def take_job(self, job, now=None):
        """Take the job's lock if the job is due and no live worker holds it."""
        from django.db import IntegrityError, transaction
        from django_tasks_db.utils import exclusive_transaction

        from .models import BackgroundJob

        now = now or timezone.now()
        try:
            with transaction.atomic():
                BackgroundJob.objects.get_or_create(name=job.name)
        except IntegrityError:
            pass  # another worker created it at the same moment
        with exclusive_transaction(BackgroundJob.objects.db):
            row = BackgroundJob.objects.select_for_update().get(name=job.name)
            held = row.held_by and row.held_by != self.worker_id and row.held_by in live_workers(now)
            due = row.started_at is None or row.started_at <= now - job.every
            if held or not due:
                return False
            row.held_by, row.started_at = self.worker_id, now
            row.save(update_fields=["held_by", "started_at"])
            return True

    def run_job(self, job):

        self.busy = True
        try:
            self._run_job(job)
        finally:
            self.busy = False

    def _run_job(self, job):
        from .models import BackgroundJob

        error = None
        try:
            job.run()
        except DB_ERRORS:
            raise
        except Exception as exc:
            error = exc
            logger.exception("Job %s failed", job.name)

        def release():
            BackgroundJob.objects.filter(name=job.name, held_by=self.worker_id).update(
                held_by="",
                finished_at=timezone.now(),
                succeeded=error is None,
                error="" if error is None else type(error).__name__[:255],
            )

        persist_through_outage(release)

    def run_due_jobs(self):
        ran = 0
        for job in self.jobs:
            if not self.running:
                break
            if self.take_job(job):
                self.run_job(job)
                ran += 1
        return ran

    # --- Queued tasks -------------------------------------------------------------------

    def claim(self):
        from django_tasks_db.models import DBTaskResult
        from django_tasks_db.utils import exclusive_transaction

        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        with exclusive_transaction(tasks.db):
            task_result = tasks.get_locked()
            if task_result is not None:
                task_result.claim(self.worker_id)
        return task_result

    def run_task(self, row):
        """Run a claimed task and store its outcome. A database error inside the task leaves
        it RUNNING under this worker; requeue_abandoned puts it back once the database is back."""
        self.busy = True
        try:
            return self._run_task(row)
        finally:
            self.busy = False

    def _run_task(self, row):
        from django_tasks_db.compat import TaskContext, task_finished, task_started
        from django_tasks_db.models import DBTaskResult

        try:
            task = row.task
            result = row.task_result
            task_started.send(sender=type(task.get_backend()), task_result=result)
            if task.takes_context:
                value = task.call(TaskContext(task_result=result), *result.args, **result.kwargs)
            else:
                value = task.call(*result.args, **result.kwargs)
        except DB_ERRORS:
            raise
        except Exception as error:
            fields = {
                "status": "FAILED",
                "return_value": None,
                "exception_class_path": f"{type(error).__module__}.{type(error).__qualname__}",
                "traceback": safe_traceback(error),
            }
            outcome = "FAILED"
        else:
            fields = {"status": "SUCCESSFUL", "return_value": value}
            fields.update(exception_class_path="", traceback="")
            outcome = "SUCCESSFUL"

        def store():
            # A row deleted meanwhile (its registration's data was deleted) stays deleted.
            DBTaskResult.objects.filter(pk=row.pk).exclude(status__in=["SUCCESSFUL", "FAILED"]).update(
                finished_at=timezone.now(), **fields
            )

        persist_through_outage(store)
        logger.info("Task %s %s: %s", row.pk, row.task_path, outcome)
        try:
            row.refresh_from_db()
            task_finished.send(sender=type(row.task.get_backend()), task_result=row.task_result)
        except DBTaskResult.DoesNotExist:
            pass  # deleted with its registration
        except DB_ERRORS:
            raise
        except Exception:  # a task path that no longer imports: the row says FAILED already
            logger.warning("Task %s finished; its task %s cannot be loaded", row.pk, row.task_path)
        return outcome

    # --- The loop -----------------------------------------------------------------------

    def tick(self):
        """One round: heartbeat and abandoned tasks (every heartbeat_seconds()), due jobs, one
        task. Returns whether it did any work."""
        close_old_connections()
        if time.monotonic() - self.last_check >= heartbeat_seconds():
            self.beat()
            self.requeue_abandoned()
            self.last_check = time.monotonic()
        did = self.run_due_jobs() > 0
        row = self.claim() if self.running else None
        if row is not None:
            self.run_task(row)
            did = True
        return did

    def run_until_idle(self):
        """Run every due job and task, then return (tests, `--batch`)."""
        self.last_check = 0.0
        while self.tick():
            pass

    def stop(self, signum, frame):
        if not self.running:
            logger.warning("Second %s: stopping now", signal.strsignal(signum))
            sys.exit(1)
        logger.info("%s: stopping after the current task", signal.strsignal(signum))
        self.running = False
        if not self.busy:
            raise SystemExit(0)

    def run(self):
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, self.stop)
        heartbeat = threading.Thread(target=self._heartbeat_loop, name="heartbeat", daemon=True)
        heartbeat.start()
        logger.info("Worker %s started; jobs: %s", self.worker_id, ", ".join(j.name for j in self.jobs))
        wait = 1
        outage = False
        try:
            while self.running:
                try:
                    did = self.tick()
                except DB_ERRORS as error:
                    if not outage:
                        logger.error("Database unavailable (%s); waiting for it", type(error).__name__)
                    outage = True
                    _close_connections()
                    self.last_check = 0.0  # put back what this worker held, once the database is back
                    time.sleep(wait)
                    wait = min(wait * 2, LONGEST_WAIT_SECONDS)
                    continue
                if outage:
                    logger.warning("Database available again")
                    outage, wait = False, 1
                if not did and self.running:
                    time.sleep(self.interval)
        finally:
            self._stop_heartbeat.set()
            self.say_goodbye()

    def say_goodbye(self):
        from .models import WorkerProcess

        try:
            WorkerProcess.objects.filter(worker_id=self.worker_id).delete()
        except DatabaseError:
            pass
