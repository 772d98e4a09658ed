"""gunicorn's configuration for gongkai (``gunicorn -c deploy/gunicorn.conf.py``; docs/deploy.md).

The worker model was chosen by measurement (docs/deploy.md, "Worker model"; docs/benchmarks.md, "load"):
gthread — a few processes, several threads each — keeps serving while a request waits on PostgreSQL, a slow
client or an upload, where each sync worker is held whole; with the per-process page cache and one kept
database connection per thread. Every value can be changed from the environment (the systemd unit's
EnvironmentFile) without editing this file.
"""

import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


wsgi_app = "gongkai_web.wsgi:application"
#: Where nginx proxies to: this host only ("unix:/run/gongkai/gunicorn.sock" works too).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
#: One process per core; each holds the site once in memory (about 120 MB) and its own page cache.
workers = _int("GUNICORN_WORKERS", os.cpu_count() or 2)
#: Threads per process (gthread): how many requests one process serves at once, and its database connections.
threads = _int("GUNICORN_THREADS", 8)
#: A request running longer is killed (the parsers bound their own work well below this).
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = 30
keepalive = 5
#: Each process is replaced after this many requests (plus jitter), so slow leaks cannot build up.
max_requests = _int("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = 500
#: nginx on the same host: trust its X-Forwarded-Proto (nothing else is trusted).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
#: Errors to stderr (the systemd journal); nginx logs every request, so no access log unless asked ("-").
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
#: Request line and headers bounded (gunicorn's defaults, stated).
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
#: No control socket (gunicorn >= 25 makes one in $HOME, read-only under the systemd unit): systemd's
#: signals (reload = HUP) are the controls.
control_socket_disable = True
