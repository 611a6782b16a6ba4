"""The `danvan` command: demo, serve, worker, check, manage, and every app command (plan, workdays, …)."""

from __future__ import annotations

import hashlib
import io
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import django
from cryptography.fernet import Fernet
from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command, execute_from_command_line
from django.db import connection
from django.db.utils import Error as DatabaseError
from django.db.utils import OperationalError

from danvan.core.context import acting_as
from danvan.core.registry import demo
from danvan.lib.env import ConfigError, env_int
from danvan.lib.private_files import make_private_dir, restrict_umask

USAGE = """danvan — công tác dân vận cho trường học

  danvan demo                 tạo CSDL SQLite mẫu trong var/, nạp dữ liệu mẫu, chạy tại http://127.0.0.1:8000
  danvan serve [--migrate]    chạy máy chủ web (gunicorn) cho môi trường thật
  danvan worker               chạy tiến trình xử lý việc nền
  danvan check [--deploy]     kiểm tra cấu hình
  danvan backup FILE          sao lưu CSDL và tệp tải lên vào một tệp (kèm kiểm tra khóa mã hóa)
  danvan restore FILE [--yes] khôi phục từ bản sao lưu (ghi đè CSDL và tệp hiện có)
  danvan sweep_uploads        xóa tệp tải lên không còn thuộc bản ghi nào
  danvan manage …             lệnh quản trị Django (migrate, createsuperuser, …)
  danvan plan parse FILE      đọc một kế hoạch, in JSON (không ghi CSDL)
  danvan plan import FILE --org CODE
  danvan workdays add DATE N | between A B | list YEAR
  danvan deadline KIND STEP --from DATE [--complex] [--remote] [--json]
  danvan report compile --org CODE (--obligation ID | --from DATE --to DATE) --out FILE.docx
"""


def _fail(message: str, code: int = 1) -> None:
    print(f"danvan: {message}", file=sys.stderr)
    raise SystemExit(code)


def setup_django() -> None:
    """Configure Django from the environment, turning configuration errors into one sentence."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    try:
        django.setup()
    except ConfigError as exc:
        _fail(str(exc))


# Commands that work right after `pip install`, from any directory, with no environment: they need no secret and,
# without a danvan database, compute with the rules and the calendar shipped in the package.
OFFLINE_COMMANDS = {"deadline", "workdays"}
SHIPPED_NOTE = (
    "danvan: không có cơ sở dữ liệu của danvan; dùng bảng thời hạn (rules.py) và lịch làm việc "
    "(lịch nghỉ chính thức kèm theo danvan) có sẵn."
)


def _is_offline_command(command: str, rest: list[str]) -> bool:
    return command in OFFLINE_COMMANDS or (command == "plan" and rest[:1] == ["parse"])


def prepare_offline(command: str) -> None:
    """Let an offline command start with no environment: a key for this process only, an in-memory cache, and
    (when no database is configured and the default SQLite file does not exist) an in-memory database, so nothing
    is written into the current directory."""
    os.environ.setdefault("SECRET_KEY", "offline-" + secrets.token_urlsafe(40))  # signs nothing: never stored
    os.environ.setdefault("DANVAN_CACHE", "locmem")
    if not os.environ.get("DATABASE_URL"):
        data_dir = Path(os.environ.get("DANVAN_DATA_DIR") or Path.cwd() / "var")
        if not (data_dir / "danvan.sqlite3").is_file():
            os.environ["DATABASE_URL"] = "sqlite://:memory:"


def use_shipped_calendar_without_database() -> None:
    """Switch the workdays services to the shipped rules and calendar when the database has no workdays tables
    (a new or unreachable database): the command answers with a note on stderr, never a traceback."""
    try:
        ready = "workdays_deadlinerule" in connection.introspection.table_names()
    except DatabaseError:
        ready = False
    if not ready:
        settings.DANVAN_SHIPPED_CALENDAR = True
        print(SHIPPED_NOTE, file=sys.stderr)


def check_database() -> None:
    """Connect to the database once, so an unreachable server is one clear sentence."""
    try:
        connection.ensure_connection()
    except DatabaseError as exc:
        settings_db = connection.settings_dict
        where = settings_db.get("HOST") or settings_db.get("NAME")
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
        _fail(f"cannot reach the database at {where}: {first}")


def manage(argv: list[str]) -> None:
    """Run a Django management command with database errors reported in one sentence."""
    try:
        execute_from_command_line(["danvan", *argv])
    except OperationalError as exc:
        _fail(f"database error: {str(exc).strip().splitlines()[0] if str(exc).strip() else exc!r}")


def _port() -> int:
    raw = os.environ.get("PORT", "8000")
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        _fail(f"PORT={raw!r} is not a port number (1–65535).")
    return int(raw)


def cmd_demo(argv: list[str]) -> None:
    """Create/migrate the SQLite demo database, load demo data, run a worker and serve on 127.0.0.1:PORT."""
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DANVAN_DATA_DIR", str(Path.cwd() / "var"))
    os.environ.setdefault("SITE_URL", f"http://127.0.0.1:{_port()}")  # links in emails and receipts
    data_dir = Path(os.environ["DANVAN_DATA_DIR"])
    make_private_dir(data_dir)
    # The demo's e-mails (password resets, receipts, reminders) go to files, not over the logins on the console.
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
    os.environ.setdefault("EMAIL_FILE_PATH", str(data_dir / "outbox"))
    keys_file = data_dir / "field_keys"
    if "DANVAN_FIELD_KEYS" not in os.environ:
        if not keys_file.exists():
            keys_file.write_text(Fernet.generate_key().decode())
            keys_file.chmod(0o600)
        os.environ["DANVAN_FIELD_KEYS"] = keys_file.read_text().strip()
    setup_django()
    private_data_dir()
    check_database()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    with acting_as(label="danvan demo"):
        demo.run()
    port = _port()
    if "--no-serve" in argv:
        print(demo_banner(port, data_dir, log=None))
        return
    # The server's and the worker's own output goes to a log file, so the address and the logins stay the last
    # thing on the screen; they are printed once the server answers.
    log_path = data_dir / "demo.log"
    env = dict(os.environ)
    with open(log_path, "ab") as log:
        worker = subprocess.Popen(
            [sys.executable, "-m", "danvan.cli", "worker"], env=env, stdout=log, stderr=subprocess.STDOUT
        )
        web = subprocess.Popen(
            _gunicorn_args(f"127.0.0.1:{port}", workers=1, threads=4), env=env, stdout=log, stderr=subprocess.STDOUT
        )
    if not _wait_for_port(port, web):
        for p in (web, worker):
            if p.poll() is None:
                p.terminate()
        tail = log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
        _fail("the web server did not start (" + str(log_path) + "):\n" + "\n".join(tail))
    print(demo_banner(port, data_dir, log=log_path), flush=True)
    _wait_all([web, worker])


def demo_banner(port: int, data_dir: Path, *, log: Path | None) -> str:
    """Return what `danvan demo` prints last: where the e-mails and the log go, the logins, then the address."""
    from danvan.org.demo import DEMO_PASSWORD, demo_logins  # noqa: PLC0415 - needs Django set up

    lines = ["", "=" * 72]
    if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
        lines.append(f"E-mail của bản demo không được gửi đi: xem các tệp trong {_shown(settings.EMAIL_FILE_PATH)}/")
    if log is not None:
        lines.append(f"Nhật ký máy chủ và tiến trình nền: {_shown(log)}")
    lines.append(f"Tài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):")
    lines += [f"  {username:<16} {label}" for username, label in demo_logins()]
    lines += ["", f"  danvan đang chạy tại  http://127.0.0.1:{port}/      (dừng: Ctrl+C)", "=" * 72]
    return "\n".join(lines)


def _shown(path: str | Path) -> str:
    """Return a path relative to the current directory when it is inside it (var/outbox), else as it is."""
    path = Path(path).resolve()
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _wait_for_port(port: int, process: subprocess.Popen, timeout: float = 60) -> bool:
    """Wait until something listens on 127.0.0.1:port; False if the process ended or the time ran out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        with socket.socket() as sock:
            sock.settimeout(0.5)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.2)
    return False


def _gunicorn_args(bind: str, *, workers: int, threads: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "danvan.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread",
        "--access-logfile",
        "-" if os.environ.get("ACCESS_LOG") else "/dev/null",
        "--timeout",
        "60",
        "--graceful-timeout",
        "5",
        # Keep idle connections as long as browsers and proxies do (nginx: 75 s): with gunicorn's 2 s a client
        # reusing a connection the server has just closed gets a reset (0.8 % of requests under load, bench/load.py).
        "--keep-alive",
        str(env_int("DANVAN_KEEPALIVE", 75)),
        # Old tracking links carry a secret in the path: the access log writes it as [redacted].
        "--logger-class",
        "danvan.core.logredact.GunicornLogger",
    ]


def _wait_all(procs: list[subprocess.Popen]) -> None:
    def stop(*_args: object) -> None:
        for p in procs:
            if p.poll() is None:
                p.terminate()

    signal.signal(signal.SIGTERM, stop)
    try:
        while True:
            for p in procs:
                if p.poll() is not None:
                    stop()
                    for q in procs:
                        q.wait(timeout=10)
                    raise SystemExit(p.returncode or 0)
            try:
                procs[0].wait(timeout=1)
            except subprocess.TimeoutExpired:
                pass
    except KeyboardInterrupt:
        stop()
        for q in procs:
            q.wait(timeout=10)


def collectstatic_if_changed() -> bool:
    """Collect static files unless the sources are unchanged since the last collection (a fast restart)."""
    digest = hashlib.sha256()
    for finder in get_finders():
        for path, storage in finder.list([]):
            stat = os.stat(storage.path(path))
            digest.update(f"{path}\0{stat.st_mtime_ns}\0{stat.st_size}\n".encode())
    root = Path(settings.STATIC_ROOT)
    stamp = root / ".danvan-collected"
    if stamp.exists() and stamp.read_text() == digest.hexdigest() and (root / "staticfiles.json").exists():
        return False
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(digest.hexdigest())
    return True


def private_data_dir() -> None:
    """Make the data directory and its uploads folder owner-only (they hold the database, keys and citizens' files)."""
    make_private_dir(Path(settings.DATA_DIR))
    make_private_dir(Path(settings.MEDIA_ROOT))


def cmd_serve(argv: list[str]) -> None:
    """Serve with gunicorn (static files by WhiteNoise); HOST, PORT, WEB_CONCURRENCY from the environment."""
    try:
        workers, threads = env_int("WEB_CONCURRENCY", 2), env_int("WEB_THREADS", 4)
    except ConfigError as exc:  # a typo is one clear sentence, before anything starts
        _fail(str(exc))
    setup_django()
    private_data_dir()
    check_database()
    if "--migrate" in argv:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
    collectstatic_if_changed()
    # Vietnam's holidays from the `holidays` package into the shared cache: the workers then never import the
    # package (every country's module, some 15 MB each); this process is replaced by gunicorn just below.
    try:
        call_command("workdays", "warm", stdout=io.StringIO())
    except DatabaseError as exc:  # DANVAN_CACHE=db before its table exists: one sentence, not a traceback
        _fail(f"bộ nhớ đệm chưa dùng được ({exc}); chạy `danvan serve --migrate` một lần (tạo bảng) rồi thử lại.")
    host = os.environ.get("HOST", "127.0.0.1")
    # glibc gives each thread that allocates its own malloc arena, which keeps the memory freed in it: with a
    # worker's threads (gthread) that is some 6 MB more per worker after 1,000 requests (bench/bench_serve.py).
    os.environ.setdefault("MALLOC_ARENA_MAX", "2")
    args = _gunicorn_args(f"{host}:{_port()}", workers=workers, threads=threads)
    os.execv(sys.executable, args)


def cmd_worker(argv: list[str]) -> None:
    """Run the background task worker (django-tasks database backend) and the periodic scheduler."""
    setup_django()
    private_data_dir()
    check_database()
    from danvan.core.periodic import start_scheduler  # noqa: PLC0415 - loads the models: needs Django set up

    start_scheduler()
    manage(["db_worker", *argv])


def cmd_check(argv: list[str]) -> None:
    """Check the configuration (and the database connection)."""
    setup_django()
    check_database()
    manage(["check", *argv])


def main(argv: list[str] | None = None) -> None:
    """Dispatch `danvan <command> …`."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # The database, uploads, backups and keys this process writes are for its user only (0600 files, 0700 folders).
    restrict_umask()
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(USAGE)
        return
    command, rest = argv[0], argv[1:]
    handlers = {"demo": cmd_demo, "serve": cmd_serve, "worker": cmd_worker, "check": cmd_check}
    if command in handlers:
        handlers[command](rest)
        return
    offline = _is_offline_command(command, rest)
    if offline:
        prepare_offline(command)
    setup_django()
    if offline and command in OFFLINE_COMMANDS:
        use_shipped_calendar_without_database()
    if command == "manage":
        manage(rest)
    elif command in OFFLINE_COMMANDS:
        # A calculation needs no system checks (they import every view: a second or more before any answer).
        manage([command, "--skip-checks", *rest])
    else:
        manage([command, *rest])


if __name__ == "__main__":
    main()
