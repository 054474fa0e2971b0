"""Shared pieces of the integration tests: start a sunlight server on a free port with its
own data directory, talk to it with the standard library only, and stop it."""
import json
import os
import shutil
import signal
import sys
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

SUNLIGHT = os.environ.get("SUNLIGHT_BIN", "sunlight")
TLOGVERIFY = os.environ.get("SUNLIGHT_TLOGVERIFY", "tlogverify")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def json(self):
        return json.loads(self.body)


class Server:
    """A sunlight server in a temporary data directory (or a given one)."""

    def __init__(self, demo=True, data=None, extra=(), preexec=None):
        self.own_data = data is None
        self.data = data or tempfile.mkdtemp(prefix="sunlight-it-")
        self.demo = demo
        self.extra = list(extra)
        self.preexec = preexec  # run in the child before the server starts (resource limits)
        self.proc = None
        self.port = None

    def start(self, timeout=60):
        self.port = free_port()
        args = [SUNLIGHT, "serve", "--data", self.data, "--listen", f"127.0.0.1:{self.port}",
                "--access-log", os.path.join(self.data, "access.log"), "--checkpoint-interval", "200"]
        if self.demo:
            args += ["--demo", "--demo-population", os.environ.get("SUNLIGHT_DEMO_POPULATION", "2000")]
        self.log = open(os.path.join(self.data, "server.out"), "ab")
        self.proc = subprocess.Popen(args + self.extra, stdout=self.log, stderr=subprocess.STDOUT,
                                     preexec_fn=self.preexec)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                self.proc = None
                self.log.close()
                self.log = None
                raise RuntimeError("server exited early:\n" + self.output())
            try:
                if self.get("/healthz").status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError("server did not start:\n" + self.output())

    def output(self):
        with open(os.path.join(self.data, "server.out"), "rb") as f:
            return f.read().decode(errors="replace")[-4000:]

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    @property
    def key(self):
        with open(os.path.join(self.data, "log.pub")) as f:
            return f.read().strip()

    def request(self, method, path, body=None, token=None, headers=None, raw=None):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        req = urllib.request.Request(self.url + urllib.parse.quote(path, safe="/?=&:%+-._~"), data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if token:
            req.add_header("Authorization", "Bearer " + token)
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return Response(r.status, dict(r.headers), r.read())
        except urllib.error.HTTPError as e:
            return Response(e.code, dict(e.headers), e.read())

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body=body, **kw)

    def get_proof(self, path, tries=100):
        """GETs an inclusion proof, waiting while its entry is not yet in a checkpoint (503)."""
        for _ in range(tries):
            r = self.get(path)
            if r.status != 503:
                return r
            time.sleep(0.05)
        return r

    def wait_for_checkpoint(self, timeout=30):
        """Waits until the latest signed checkpoint covers every committed entry (the
        checkpointer runs every --checkpoint-interval ms); returns /healthz. Fails after
        `timeout` seconds."""
        deadline = time.time() + timeout
        while True:
            health = self.get("/healthz").json()
            if health["checkpoint_size"] == health["log_size"]:
                return health
            if time.time() > deadline:
                raise AssertionError(f"no checkpoint covered the log within {timeout} s: {health}")
            time.sleep(0.02)

    def login(self, officer):
        r = self.post("/api/v1/auth/demo-login", {"officer": officer})
        assert r.status == 200, r.body
        return r.json()["token"]

    def stop(self, sig=signal.SIGTERM, timeout=60):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(timeout=timeout)
        code = self.proc.returncode if self.proc else None
        self.proc = None
        if getattr(self, "log", None):
            self.log.close()
            self.log = None
        return code

    def kill(self):
        return self.stop(signal.SIGKILL)

    def cleanup(self):
        # A server that died under a test says why (a sanitizer report, an abort) in the log.
        if self.proc is not None and self.proc.poll() is not None:
            sys.stderr.write(f"server exited with {self.proc.returncode}:\n{self.output()}\n")
        self.stop()
        if self.own_data:
            shutil.rmtree(self.data, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.cleanup()


def run(*args, check=True, **kw):
    """Runs a command, returning (exit code, combined output)."""
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kw)
    out = p.stdout.decode(errors="replace")
    if check and p.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, args))} exited {p.returncode}:\n{out}")
    return p.returncode, out
