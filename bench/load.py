"""Load bench: the production configuration (gongkai_web.settings.production under gunicorn with
deploy/gunicorn.conf.py) on PostgreSQL seeded with the demo, driven by locust on 127.0.0.1 with a realistic
mix of portal readers, applicants and staff, for a bounded time; then every submission the site confirmed
is looked up in the database.

    .venv/bin/python bench/load.py                        # 200 users, 60 s measured, gthread (the default)
    .venv/bin/python bench/load.py --models sync gthread  # compare worker models in one run
    .venv/bin/python bench/load.py --quick                # 20 users for 8 s, for CI (scripts/bench-smoke)
Writes a "## load" section to docs/benchmarks.md (unless --no-write). Traffic goes to 127.0.0.1 only; the
run stops by itself (locust's runner is quit after the measured time; gunicorn is terminated).

The bench stands in for nginx: it speaks plain HTTP to gunicorn with the headers nginx sets
(``X-Forwarded-Proto: https``, a same-origin ``Referer`` on POST), and its cookie jar sends the Secure cookies
over that hop as nginx would receive them over TLS. ``--forwarded-for`` sends one X-Forwarded-For address
per simulated user; the settings do not read that header today (see docs/deploy.md, "Client addresses").
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from http.client import HTTPConnection
from pathlib import Path
from typing import Any

from _common import PY, ROOT, django_env, pg_create, pg_drop, write_section

PG_DB = "gongkai_load"
PASSWORD = "gongkai-demo-2020"  # the demo's (seed_demo); the production settings never print it
STAFF = ("sfj-officer", "sfj-leader", "jyj-officer", "czj-officer", "scj-officer", "gov-superior")
#: Seconds a user waits between two requests: a reader reads the page; an applicant fills the form in (the
#: submission follows the form after this too), then looks the status up; staff work on the page.
READ = (2.0, 8.0)
APPLY = (5.0, 15.0)
WORK = (3.0, 10.0)
SEARCHES = ("普法", "人民调解", "法律援助", "安全生产", "行政许可", "财政预算", "宪法宣传周", "会议")


# --- preparing the database (children with the bench settings: the demo app installed) -----------------


def prepare(url: str) -> dict[str, Any]:
    """Migrate and seed the demo into ``url``; what the simulated users will visit."""
    env = django_env(url)
    for args in (["migrate", "--noinput", "-v0"], ["seed_demo"]):
        subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)
    out = subprocess.run(
        [PY, __file__, "_plan"], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def plan() -> dict[str, Any]:
    """In a child on the seeded database: agencies, categories, published items, staff pages."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from gongkai_web.agencies.models import Agency
    from gongkai_web.catalogue.models import Item

    agencies = list(Agency.objects.order_by("code").values_list("code", flat=True))
    items = [
        f"/a/{code}/i/{pk}/"
        for pk, code in Item.objects.filter(status="published")
        .order_by("pk")
        .values_list("pk", "agency__code")[:400]
    ]
    categories = sorted(
        {
            f"/a/{code}/c/{cat}/"
            for code, cat in Item.objects.filter(status="published").values_list(
                "agency__code", "category__code"
            )
        }
    )
    # Staff pages of items that have an author (the demo's imported items have none).
    staff_items = [
        f"/staff/items/{pk}/"
        for pk in Item.objects.filter(agency__code="sdq-sfj", author__isnull=False)
        .order_by("-pk")
        .values_list("pk", flat=True)[:50]
    ]
    return {"agencies": agencies, "items": items, "categories": categories, "staff_items": staff_items}


def submissions_found(url: str, codes: list[str]) -> int:
    """How many of the query codes the site confirmed are applications in the database."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(codes, fh)
    try:
        out = subprocess.run(
            [PY, __file__, "_found", fh.name],
            cwd=ROOT,
            env=django_env(url),
            check=True,
            capture_output=True,
            text=True,
        )
    finally:
        os.unlink(fh.name)
    return int(json.loads(out.stdout.strip().splitlines()[-1]))


def found(path: str) -> int:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from gongkai_web.applications.models import Application

    codes = json.loads(Path(path).read_text())
    return Application.objects.filter(query_code__in=codes, channel="online").count()


# --- the server: gunicorn with the production settings ----------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_up(port: int, timeout: float = 90) -> None:
    end = time.time() + timeout
    while time.time() < end:
        try:
            c = HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", "/healthz/", headers={"X-Forwarded-Proto": "https"})
            if c.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError("gunicorn did not come up")


def production_env(url: str, static: Path, media: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GONGKAI_", "GUNICORN_"))}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "gongkai_web.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": url,
        "GONGKAI_STATIC_ROOT": str(static),
        "GONGKAI_MEDIA_ROOT": str(media),
        "GONGKAI_EMAIL_HOST": "127.0.0.1",
        "GONGKAI_EMAIL_PORT": "9",  # nothing listens: no mail leaves (no reminder is sent in a bench run)
        # Every simulated applicant comes from 127.0.0.1: the per-address limits of the public forms would
        # refuse them after a few, which measures the throttle, not the site. No question, no limit here.
        "GONGKAI_THROTTLE": json.dumps(
            {name: [10**9, 10**9, 3600] for name in ("apply", "correct", "lookup")}
        ),
    }


def serve(env: dict[str, str], model: str, workers: int, threads: int, port: int) -> subprocess.Popen[bytes]:
    gunicorn = shutil.which("gunicorn", path=str(Path(PY).parent)) or "gunicorn"
    return subprocess.Popen(
        [gunicorn, "-c", str(ROOT / "deploy" / "gunicorn.conf.py")],
        cwd=ROOT,
        env={
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKER_CLASS": model,
            "GUNICORN_WORKERS": str(workers),
            "GUNICORN_THREADS": str(threads),
            "GUNICORN_LOGLEVEL": "warning",
        },
    )


# --- the simulated users (in a child: locust patches the process with gevent) ----------------------


def swarm(host: str, plan_path: str, users: int, duration: float, ramp: float, xff: bool) -> dict[str, Any]:
    import random
    import resource

    import gevent
    from locust import HttpUser, between, task
    from locust.env import Environment

    target = json.loads(Path(plan_path).read_text())
    codes: list[str] = []  # query codes the site confirmed, in submission order
    failed_submissions = [0]
    logged_in = [0]
    counter = iter(range(1, 10**9))
    origin = f"https://{urllib.parse.urlsplit(host).netloc}"

    class Visitor(HttpUser):
        abstract = True
        wait_time = between(READ[0], READ[1])

        def on_start(self) -> None:
            n = next(counter)
            self.headers = {"X-Forwarded-Proto": "https", "Accept-Language": "zh-CN,zh;q=0.9"}
            if xff:  # documentation addresses (RFC 5737) as header values only: no traffic goes there
                self.headers["X-Forwarded-For"] = f"198.51.{100 + n // 250}.{n % 250 + 1}"

        def _unsecure(self) -> None:
            # nginx receives the Secure cookies over TLS; the bench is the hop behind it.
            for cookie in self.client.cookies:
                cookie.secure = False

        def get(self, path: str, name: str) -> Any:
            with self.client.get(path, name=name, headers=self.headers, catch_response=True) as r:
                self._unsecure()
                if r.status_code >= 400:
                    r.failure(f"HTTP {r.status_code}")
                elif name.startswith("staff") and name != "staff login" and "/accounts/login/" in r.url:
                    r.failure("sent to the login page")
                else:
                    r.success()
            return r

        def post(self, path: str, name: str, data: dict[str, str], **kw: Any) -> Any:
            headers = {**self.headers, "Referer": origin + path}
            r = self.client.post(path, name=name, data=data, headers=headers, **kw)
            self._unsecure()
            return r

        def csrf(self) -> str:
            return str(self.client.cookies.get("csrftoken", ""))

    class Reader(Visitor):
        weight = 170

        @task(2)
        def home(self) -> None:
            self.get("/", "portal home")

        @task(2)
        def agency(self) -> None:
            self.get(f"/a/{random.choice(target['agencies'])}/", "agency home")

        @task(3)
        def category(self) -> None:
            page = random.choice(("", "", "?page=2"))
            self.get(random.choice(target["categories"]) + page, "catalogue list")

        @task(5)
        def item(self) -> None:
            self.get(random.choice(target["items"]), "item page")

        @task(2)
        def search(self) -> None:
            q = urllib.parse.quote(random.choice(SEARCHES))
            self.get(f"/search/?q={q}", "search")

        @task(1)
        def reports(self) -> None:
            self.get(f"/a/{random.choice(target['agencies'])}/reports/", "annual reports")

        @task(1)
        def status(self) -> None:
            if codes:
                self.get(f"/apply/status/?code={random.choice(codes)}", "status look-up")

    class Applicant(Visitor):
        weight = 20
        wait_time = between(APPLY[0], APPLY[1])

        @task
        def apply(self) -> None:
            agency = random.choice(target["agencies"])
            path = f"/apply/a/{agency}/"
            form = self.get(path, "application form")
            token = re.search(r'name="token" value="([^"]+)"', form.text or "")
            n = next(counter)
            data = {
                "csrfmiddlewaretoken": self.csrf(),
                "token": token.group(1) if token else "",
                "applicant_name": f"压测申请人{n}",
                "applicant_category": "natural_person",
                "id_type": "resident_id",
                "id_number": "110101199001011237",  # a valid check digit (GB 11643)
                "phone": "13800000000",
                "email": f"load{n}@example.org",
                "address": "",
                "description": f"2024年本机关行政许可决定书（压测第{n}件）",
                "requested_form": "electronic",
                "delivery": "email",
            }
            # Post/redirect/get: the POST files the case and redirects to its confirmation, which shows the
            # query code to the browser that filed it (its session cookie, made non-Secure before following).
            with self.client.post(
                path,
                name="application submitted",
                data=data,
                headers={**self.headers, "Referer": origin + path},
                allow_redirects=False,
                catch_response=True,
            ) as r:
                self._unsecure()
                if r.status_code != 302:
                    failed_submissions[0] += 1
                    r.failure(f"not filed (HTTP {r.status_code})")
                    return
                r.success()
            with self.client.get(
                r.headers["Location"],
                name="application confirmation",
                headers=self.headers,
                catch_response=True,
            ) as done:
                m = re.search(r'id="query-code">([^<]+)<', done.text or "")
                if done.status_code == 200 and m:
                    codes.append(m.group(1))
                    done.success()
                else:
                    failed_submissions[0] += 1
                    done.failure(f"no query code (HTTP {done.status_code})")
                    return
            self.get(f"/apply/status/?code={codes[-1]}", "status look-up")

    class Staff(Visitor):
        weight = 10
        wait_time = between(WORK[0], WORK[1])

        def on_start(self) -> None:
            super().on_start()
            self.username = STAFF[next(counter) % len(STAFF)]
            self.get("/accounts/login/", "staff login")
            self.post(
                "/accounts/login/",
                "staff login",
                {"csrfmiddlewaretoken": self.csrf(), "username": self.username, "password": PASSWORD},
            )
            logged_in[0] += 1

        @task(3)
        def dashboard(self) -> None:
            self.get("/staff/", "staff dashboard")

        @task(2)
        def items(self) -> None:
            self.get(
                "/staff/a/sdq-sfj/items/" if self.username.startswith("sfj") else "/staff/", "staff items"
            )

        @task(2)
        def item(self) -> None:
            if self.username.startswith("sfj") and target["staff_items"]:
                self.get(random.choice(target["staff_items"]), "staff item page")
            else:
                self.get("/staff/", "staff dashboard")

        @task(2)
        def cases(self) -> None:
            agency = {"sfj": "sdq-sfj", "jyj": "sdq-jyj", "czj": "sdq-czj", "scj": "sdq-scj"}.get(
                self.username[:3], "sdq-sfj"
            )
            if self.username.startswith("gov"):
                self.get("/staff/oversight/a/sdq-gov/", "staff oversight")
            else:
                self.get(f"/staff/cases/a/{agency}/", "staff case queue")

    env = Environment(user_classes=[Reader, Applicant, Staff], host=host)
    runner = env.create_local_runner()
    load_before = os.getloadavg()
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    runner.start(users, spawn_rate=users / ramp)
    gevent.sleep(ramp)
    staff = runner.user_classes_count.get("Staff", 0)
    for _ in range(120):  # every user started and every staff member logged in before the clock starts
        if logged_in[0] >= staff:
            break
        gevent.sleep(0.5)
    gevent.sleep(2)
    warm = {
        "requests": env.stats.total.num_requests,
        "failures": env.stats.total.num_failures,
        "p95_ms": env.stats.total.get_response_time_percentile(0.95),
    }
    env.stats.reset_all()
    submitted_before = len(codes)
    t0 = time.time()
    gevent.sleep(duration)
    elapsed = time.time() - t0
    load_after = os.getloadavg()
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    runner.quit()
    rows = {}
    for (name, method), e in sorted(env.stats.entries.items()):
        rows[f"{method} {name}"] = {
            "requests": e.num_requests,
            "failures": e.num_failures,
            "rps": e.num_requests / elapsed,
            "p50": e.get_response_time_percentile(0.5),
            "p95": e.get_response_time_percentile(0.95),
            "p99": e.get_response_time_percentile(0.99),
        }
    t = env.stats.total
    errors = [
        {"name": e.name, "method": e.method, "error": str(e.error)[:200], "n": e.occurrences}
        for e in env.stats.errors.values()
    ]
    return {
        "elapsed": elapsed,
        "rows": rows,
        "total": {
            "requests": t.num_requests,
            "failures": t.num_failures,
            "rps": t.num_requests / elapsed,
            "p50": t.get_response_time_percentile(0.5),
            "p95": t.get_response_time_percentile(0.95),
            "p99": t.get_response_time_percentile(0.99),
        },
        "errors": errors,
        "warmup": warm,
        "codes": codes,
        "submitted_measured": len(codes) - submitted_before,
        "failed_submissions": failed_submissions[0],
        "load": [round(x, 2) for x in (*load_before, *load_after)],
        "loadgen_cpu": cpu.ru_utime + cpu.ru_stime - cpu0.ru_utime - cpu0.ru_stime,
    }


def run_swarm(host: str, target: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(target, fh)
    try:
        out = subprocess.run(
            [PY, __file__, "_swarm", host, fh.name, str(args.users), str(args.duration), str(args.ramp)]
            + (["--xff"] if args.forwarded_for else []),
            capture_output=True,
            text=True,
            check=True,
            timeout=args.ramp + args.duration + 180,
        )
    finally:
        os.unlink(fh.name)
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- orchestration -----------------------------------------------------------------------------------


def bench_model(url: str, target: dict[str, Any], model: str, args: argparse.Namespace) -> dict[str, Any]:
    workers, threads = (args.workers, args.threads) if model == "gthread" else (args.sync_workers, 1)
    with tempfile.TemporaryDirectory(prefix="gongkai-load-") as tmp:
        static, media = Path(tmp) / "static", Path(tmp) / "media"
        env = production_env(url, static, media)
        subprocess.run(
            [PY, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        port = free_port()
        server = serve(env, model, workers, threads, port)
        try:
            wait_up(port)
            print(f"[{model}] gunicorn {workers}×{threads} on :{port}; {args.users} users …", flush=True)
            result = run_swarm(f"http://127.0.0.1:{port}", target, args)
        finally:
            server.terminate()
            server.wait(timeout=60)
    result["found"] = submissions_found(url, result["codes"])
    result["submitted"] = len(result.pop("codes"))
    result["server"] = {"model": model, "workers": workers, "threads": threads}
    t = result["total"]
    print(
        f"[{model}] {t['rps']:.0f} req/s, p50 {t['p50']:.0f} ms, p95 {t['p95']:.0f} ms, p99 {t['p99']:.0f} ms, "
        f"{t['failures']} errors; submissions {result['found']}/{result['submitted']} in the database; "
        f"load {result['load']}",
        flush=True,
    )
    return result


NOTE = (
    "Notes: the portal's pages (home, agency, catalogue lists, item pages, annual reports) are served from "
    "the per-process page cache once rendered (`common/pagecache.py`; an item page rendered afresh costs "
    "about 20 ms, a cached one 0.4 ms in-process); search, the form, submissions, status look-ups and staff "
    "pages are not cached (measured in-process on this machine: search 43 ms, the form 44 ms, a submission "
    "about 210 ms: it renders and stores the receipt letter, status look-up 33 ms, staff dashboard 89 ms, "
    "staff item list 200 ms). Every worker thread keeps its PostgreSQL connection (`CONN_MAX_AGE` 600 s, "
    "health-checked). The server is CPU-bound: what it can serve depends on the share of the two cores "
    "it gets, which the load average says (a load of 10 on 2 cores leaves it about a fifth of the machine). "
    'Worker models compared in docs/deploy.md, "Worker model".'
)


def section(args: argparse.Namespace, runs: list[dict[str, Any]]) -> str:
    lines = [
        "## load",
        "",
        f"`bench/load.py`: the production configuration (`gongkai_web.settings.production`, DEBUG off, no demo "
        "app, whitenoise, page cache, kept connections) under gunicorn with `deploy/gunicorn.conf.py`, on "
        f"PostgreSQL seeded with the demo; {args.users} locust users on 127.0.0.1 (one process, on the same "
        "2-core machine, which 7 other engineers were also using: the load averages below say how much) for "
        f"{args.duration:g} s measured after a {args.ramp:g} s ramp-up (every user started, staff logged in). "
        "Mix: 85% readers (portal home, agency pages, catalogue lists, item pages, search, annual reports, "
        f"status look-ups; {READ[0]:g}–{READ[1]:g} s between pages), 10% applicants (the form, a submission, "
        f"its status; {APPLY[0]:g}–{APPLY[1]:g} s), 5% staff (dashboard, item list and pages, case queue, "
        f"oversight; {WORK[0]:g}–{WORK[1]:g} s). The bench sends what nginx "
        "would (X-Forwarded-Proto https, same-origin Referer); "
        + (
            "one X-Forwarded-For address per user."
            if args.forwarded_for
            else "no X-Forwarded-For (the settings do not read it: docs/deploy.md)."
        ),
        "",
    ]
    for run in runs:
        s, t = run["server"], run["total"]
        la = run["load"]
        lines += [
            f"### {s['model']}: {s['workers']} workers × {s['threads']} thread(s)",
            "",
            f"{t['requests']:,} requests in {run['elapsed']:.0f} s: **{t['rps']:.0f} req/s**, p50 {t['p50']:.0f} "
            f"ms, **p95 {t['p95']:.0f} ms**, p99 {t['p99']:.0f} ms, **{t['failures']} errors**. Submissions: "
            f"{run['submitted']} confirmed by the site (query code shown), **{run['found']} of them in the "
            f"database**; {run['failed_submissions']} refused. Load average (1/5/15 min) before "
            f"{la[0]:.1f}/{la[1]:.1f}/{la[2]:.1f}, after {la[3]:.1f}/{la[4]:.1f}/{la[5]:.1f}. Ramp-up: "
            f"{run['warmup']['requests']:,} requests, {run['warmup']['failures']} errors, p95 "
            f"{run['warmup']['p95_ms']:.0f} ms (logins included). The load generator used "
            f"{run['loadgen_cpu']:.0f} CPU s of the measured {run['elapsed']:.0f} s.",
            "",
            "| endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | errors |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for name, r in run["rows"].items():
            if not r["requests"]:
                continue
            lines.append(
                f"| {name} | {r['requests']:,} | {r['rps']:.1f} | {r['p50']:.0f} | {r['p95']:.0f} | "
                f"{r['p99']:.0f} | {r['failures']} |"
            )
        for e in run["errors"][:5]:
            lines.append(f"\nError: {e['method']} {e['name']}: {e['error']} ×{e['n']}")
        met = t["failures"] == 0 and run["found"] == run["submitted"] and t["p95"] < 1000
        lines += [
            "",
            f"Target (0 errors, no lost submission, p95 < 1 s): **{'met' if met else 'NOT met'}**.",
            "",
        ]
    lines += [NOTE, ""]
    if args.users < 200:
        lines.insert(3, f"**Reduced size: {args.users} users, not the 200 of the target.**\n")
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_plan":
        print(json.dumps(plan()))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "_found":
        print(json.dumps(found(sys.argv[2])))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "_swarm":
        host, plan_path, users, duration, ramp = sys.argv[2:7]
        result = swarm(host, plan_path, int(users), float(duration), float(ramp), "--xff" in sys.argv)
        print(json.dumps(result))
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--users", type=int, default=200)
    ap.add_argument("--duration", type=float, default=60.0, help="seconds measured, after the ramp-up")
    ap.add_argument("--ramp", type=float, default=20.0, help="seconds to start every user")
    ap.add_argument("--models", nargs="+", choices=("gthread", "sync"), default=["gthread"])
    ap.add_argument("--workers", type=int, default=2, help="gthread processes")
    ap.add_argument("--threads", type=int, default=8, help="threads per gthread process")
    ap.add_argument("--sync-workers", type=int, default=5, help="sync processes (2 × cores + 1)")
    ap.add_argument("--forwarded-for", action="store_true", help="one X-Forwarded-For address per user")
    ap.add_argument("--quick", action="store_true", help="tiny run for CI (20 users, 8 s)")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    if args.quick:
        args.users, args.duration, args.ramp = 20, 8.0, 4.0
    name = f"{PG_DB}_{os.getpid()}"
    url = pg_create(name)
    try:
        print(f"seeding the demo into {name} …", flush=True)
        target = prepare(url)
        runs = [bench_model(url, target, model, args) for model in args.models]
    finally:
        pg_drop(name)
    text = section(args, runs)
    print(text)
    if not args.no_write:
        write_section(text)


if __name__ == "__main__":
    main()
