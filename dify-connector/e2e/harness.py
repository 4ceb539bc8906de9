"""Processes for the connector's e2e and bench: a private Redis, the connector's Celery worker on
the stand-ins, and the Dify side's task files and queue messages (standin_seed)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

CONNECTOR = Path(__file__).resolve().parents[1]
ROOT = CONNECTOR.parent
STANDINS = CONNECTOR / "tests" / "standins"


class Harness:
    def __init__(self, work: Path, redis_port: int, relay_url: str):
        self.work = work
        self.processes: list[subprocess.Popen] = []
        os.environ.update({
            "DIFY_STANDIN_STORAGE": str(work / "storage"),
            "DIFY_STANDIN_DB_URL": f"sqlite:///{work / 'dify.db'}",
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "CELERY_BROKER_URL": f"redis://127.0.0.1:{redis_port}/1",
            "TRACE_RELAY_URL": relay_url,
        })
        sys.path[:0] = [str(CONNECTOR), str(STANDINS)]
        self.redis_port = redis_port

    def log(self, message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)

    def start(self, name: str, argv: list[str], env: dict | None = None) -> subprocess.Popen:
        out = open(self.work / f"{name}.log", "a")  # a restarted process adds to its log
        p = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT,
                             env={**os.environ, **(env or {})}, start_new_session=True)
        self.processes.append(p)
        return p

    @staticmethod
    def stop(p: subprocess.Popen, timeout: float = 90) -> None:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()

    def stop_all(self) -> None:
        for p in reversed(self.processes):
            self.stop(p, 60)

    @staticmethod
    def wait_for(what: str, check, timeout: float) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                if check():
                    return
            except Exception:
                pass
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for {what}")

    def start_redis(self) -> subprocess.Popen:
        p = self.start("redis", ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1",
                                 "--save", "", "--appendonly", "no", "--dir", str(self.work)])
        import redis

        client = redis.Redis.from_url(os.environ["REDIS_URL"])
        self.wait_for("redis", client.ping, 30)
        return p

    def start_worker(self, token: str, concurrency: int = 8) -> subprocess.Popen:
        p = self.start("worker", [sys.executable, "-m", "celery", "-A", "dify_connector.worker.celery", "worker",
                                  "-Q", "ops_trace", "-P", "threads", "-c", str(concurrency), "--loglevel", "INFO",
                                  "--without-gossip", "--without-mingle"],
                       {"TRACE_RELAY_TOKEN": token, "PYTHONPATH": f"{CONNECTOR}:{STANDINS}"})
        self.wait_for("the worker", lambda: "ready" in (self.work / "worker.log").read_text(), 60)
        return p

    def pending(self, paths) -> int:
        storage = self.work / "storage"
        return sum(1 for path in paths if (storage / path).exists())


def dev_token(*args: str) -> str:
    return subprocess.run([str(ROOT / "bin" / "dev-token"), *args], check=True, capture_output=True,
                          text=True).stdout.strip()
