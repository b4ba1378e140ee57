"""gunicorn settings: `gunicorn -c config/gunicorn.py config.wsgi`.

(2 × cores) + 1 worker processes by default (WEB_CONCURRENCY), each with GUNICORN_THREADS
threads: a request spends much of its time waiting on PostgreSQL or Redis. The worker class is
gunicorn's threaded worker with one change (config/gunicorn_worker.py): a request reaches a
thread only once its headers and (small) body have arrived, so slow clients cannot hold the
threads; a client that takes longer than GUNICORN_READ_TIMEOUT seconds gets a 408.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "config.gunicorn_worker.GuardedThreadWorker"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Connections a worker holds open at once (idle, arriving, being served); more wait in the backlog.
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", "1000"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# The request line and each header are capped (gunicorn's defaults); the whole head at 64 KiB.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
# Restart workers now and then so a slow leak can never grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "100000"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
# Participants' tokens in paths are shown as "[skjult]" in the access log (config/gunicorn_logging.py).
logger_class = "config.gunicorn_logging.RedactingLogger"
errorlog = "-"
# Only the local proxy may tell gunicorn the original scheme.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
