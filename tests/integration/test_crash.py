"""Crash safety: SIGKILL during a write load. After a restart every acknowledged command is
in the log, the tree is consistent with every checkpoint published before the crash, and
`sunlight rebuild` equals the live tables. Also: SIGTERM drains cleanly."""
import json
import os
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import harness  # noqa: E402


class Load:
    """Writers creating officers until told to stop; records every acknowledgement."""

    def __init__(self, server, token, org, threads=6):
        self.server, self.token, self.org = server, token, org
        self.acked, self.refused, self.errors = [], [], []
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.progress = threading.Condition(self.lock)
        self.threads = [threading.Thread(target=self.run, args=(t,)) for t in range(threads)]

    def run(self, t):
        n = 0
        while not self.stop.is_set():
            n += 1
            oid = f"load-{t}-{n}"
            try:
                r = self.server.post("/api/v1/officers", {"id": oid, "org": self.org, "name": "负载测试",
                                                          "roles": ["officer"]}, token=self.token)
            except OSError as e:  # the server went away mid-request
                with self.lock:
                    self.errors.append(str(e))
                continue
            with self.lock:
                if r.status == 201:
                    self.acked.append((oid, r.json()["ledger"][0]))
                    self.progress.notify_all()
                else:
                    self.refused.append(r.status)

    def wait_for_acks(self, n, timeout=60):
        """Blocks until at least n commands were acknowledged; fails after `timeout` seconds."""
        with self.progress:
            if not self.progress.wait_for(lambda: len(self.acked) >= n, timeout):
                raise AssertionError(f"only {len(self.acked)} of {n} commands acknowledged in {timeout} s"
                                     f" (refused: {self.refused[:10]}, errors: {self.errors[:3]})")

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for t in self.threads:
            t.join()


class CrashTest(unittest.TestCase):
    def setUp(self):
        self.server = harness.Server(demo=True).start()
        self.admin = self.server.login("admin")
        self.org = self.server.get("/api/v1/orgs?q=市场监督&limit=1").json()["organisations"][0]["id"]

    def tearDown(self):
        self.server.cleanup()

    def check_acknowledged(self, acked):
        for oid, receipt in acked:
            r = self.server.get(f"/api/v1/log/entries/{receipt['index']}")
            self.assertEqual(r.status, 200, f"acknowledged entry {receipt} missing after restart")
            entry = r.json()
            self.assertEqual(entry["leaf_hash"], receipt["leaf_hash"])
            self.assertEqual(entry["entry"]["data"]["id"], oid)

    def test_sigkill_during_writes(self):
        # Kill once the load is well under way: more than 50 commands acknowledged and more than
        # three distinct checkpoints published during it (each is checked for consistency below).
        notes = []
        with Load(self.server, self.admin, self.org) as load:
            deadline = time.time() + 60
            while len(load.acked) <= 50 or len(notes) <= 3:
                self.assertLess(time.time(), deadline, f"the load did not get going: {len(load.acked)} acked,"
                                                       f" {len(notes)} checkpoints")
                r = self.server.get("/log/checkpoint")
                if r.status == 200 and (not notes or notes[-1] != r.body.decode()):
                    notes.append(r.body.decode())
                time.sleep(0.02)  # the poll's pace; the loop ends on the condition above
            self.server.kill()
        self.assertGreater(len(load.acked), 50, "the load did not get going")
        self.assertGreater(len(notes), 3)

        self.server.start()
        self.check_acknowledged(load.acked)
        checkpoints = os.path.join(self.server.data, "checkpoints.jsonl")
        with open(checkpoints, "w") as f:
            for n in notes:
                f.write(json.dumps(n) + "\n")
        self.server.wait_for_checkpoint()  # a checkpoint covering everything recovered
        _, out = harness.run(harness.TLOGVERIFY, "-url", self.server.url, "-key", self.server.key,
                             "-checkpoints", checkpoints, "-samples", "64")
        self.assertIn(f"consistent-with={len(notes)}", out)
        self.server.stop()
        _, out = harness.run(harness.SUNLIGHT, "rebuild", "--data", self.server.data)
        self.assertIn("OK", out)

    def test_sigterm_drains(self):
        with Load(self.server, self.admin, self.org) as load:
            load.wait_for_acks(30)  # stop in the middle of a running load
            code = self.server.stop()
        self.assertEqual(code, 0, self.server.output())
        self.assertTrue(set(load.refused) <= {503}, load.refused)
        self.server.start()
        self.check_acknowledged(load.acked)
        health = self.server.get("/healthz").json()
        self.assertEqual(health["checkpoint_size"], health["log_size"],
                         "the last checkpoint before exit covers every committed entry")


if __name__ == "__main__":
    unittest.main()
