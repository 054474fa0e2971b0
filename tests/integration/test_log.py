"""The log verifies with an independent implementation (Go's sumdb/tlog and note), stays
consistent as it grows, and tampering with any stored entry or tile byte is detected."""
import json
import os
import shutil
import sqlite3
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import harness  # noqa: E402


def add_officers(server, token, n, prefix):
    org = server.get("/api/v1/orgs?q=市场监督&limit=1").json()["organisations"][0]["id"]
    for i in range(n):
        r = server.post("/api/v1/officers", {"id": f"{prefix}-{i}", "org": org, "name": "测试人员",
                                            "roles": ["officer"]}, token=token)
        assert r.status == 201, r.body


class LogTest(unittest.TestCase):
    def setUp(self):
        self.server = harness.Server(demo=True).start()
        self.admin = self.server.login("admin")
        self.state = os.path.join(self.server.data, "go-state")

    def tearDown(self):
        self.server.cleanup()

    def go_verify(self, *extra, check=True):
        return harness.run(harness.TLOGVERIFY, "-url", self.server.url, "-key", self.server.key, *extra,
                           check=check)

    def sunlight_verify(self, *extra, check=True):
        return harness.run(harness.SUNLIGHT, "verify", "--url", self.server.url, "--key",
                           os.path.join(self.server.data, "log.pub"), *extra, check=check)

    def wait_for_checkpoint(self, size):
        import time
        for _ in range(200):
            if int(self.server.get("/log/checkpoint").body.decode().split("\n")[1]) >= size:
                return
            time.sleep(0.05)
        self.fail("no checkpoint covering %d" % size)

    def test_independent_verifier_accepts_every_entry_and_consistency_across_growth(self):
        _, out = self.go_verify("-all", "-state", self.state)
        self.assertIn("OK", out)
        add_officers(self.server, self.admin, 300, "grow")  # crosses a full tile boundary
        size = self.server.get("/healthz").json()["log_size"]
        self.wait_for_checkpoint(size)
        _, out = self.go_verify("-all", "-state", self.state)
        self.assertIn("consistent-with=1", out)
        # Sunlight's own auditor agrees, and keeps its own state.
        sstate = os.path.join(self.server.data, "sunlight-state")
        self.sunlight_verify("--state", sstate, "--full")
        add_officers(self.server, self.admin, 20, "more")
        self.wait_for_checkpoint(size + 20)
        _, out = self.sunlight_verify("--state", sstate)
        self.assertIn("consistency", out)

    def test_tampering_with_an_entry_is_detected(self):
        add_officers(self.server, self.admin, 40, "t")
        self.wait_for_checkpoint(self.server.get("/healthz").json()["log_size"])
        self.sunlight_verify("--full")
        db = sqlite3.connect(os.path.join(self.server.data, "sunlight.db"))
        leaf = db.execute("SELECT leaf FROM ledger_entries WHERE idx = 7").fetchone()[0]
        changed = bytearray(leaf)
        changed[20] ^= 0x01
        db.execute("UPDATE ledger_entries SET leaf = ? WHERE idx = 7", (bytes(changed),))
        db.commit()
        db.close()
        code, out = self.sunlight_verify("--full", check=False)
        self.assertEqual(code, 1, out)
        self.assertIn("VERIFICATION FAILED", out)
        code, out = self.go_verify("-all", check=False)
        self.assertNotEqual(code, 0, out)

    def test_tampering_with_a_tile_byte_is_detected(self):
        add_officers(self.server, self.admin, 60, "t")  # a full level-0 tile exists now
        self.wait_for_checkpoint(self.server.get("/healthz").json()["log_size"])
        self.sunlight_verify("--full")
        db = sqlite3.connect(os.path.join(self.server.data, "sunlight.db"))
        tile = db.execute("SELECT hashes FROM ledger_tiles WHERE level = 0 AND idx = 0").fetchone()[0]
        self.assertEqual(len(tile), 256 * 32)
        for byte in (0, 31 * 32 + 5, len(tile) - 1):  # first, middle and last hash
            changed = bytearray(tile)
            changed[byte] ^= 0x80
            db.execute("UPDATE ledger_tiles SET hashes = ? WHERE level = 0 AND idx = 0", (bytes(changed),))
            db.commit()
            code, out = self.sunlight_verify("--full", check=False)
            self.assertEqual(code, 1, out)
            self.assertIn("tile", out)
        db.execute("UPDATE ledger_tiles SET hashes = ? WHERE level = 0 AND idx = 0", (tile,))
        db.commit()
        db.close()
        self.sunlight_verify("--full")

    def test_a_different_key_or_a_rolled_back_state_fails(self):
        other = harness.Server(demo=False)
        other.start()
        try:
            code, out = harness.run(harness.SUNLIGHT, "verify", "--url", self.server.url, "--key", other.key,
                                    check=False)
            self.assertEqual(code, 1)
            self.assertIn("signature", out)
        finally:
            other.cleanup()
        # A state claiming a bigger tree than the log has: history was rewritten.
        state = os.path.join(self.server.data, "fake-state")
        with open(state, "w") as f:
            json.dump({"origin": "sunlight.example/demo", "size": 10 ** 6,
                       "root": "EpkH9ApY0IVG+op56aD6WFW/6s9w4r6h1uZBCUrgrGQ="}, f)
        code, out = self.sunlight_verify("--state", state, check=False)
        self.assertEqual(code, 1)
        self.assertIn("shrank", out)

    def test_the_server_refuses_to_start_on_a_tampered_store(self):
        self.server.stop()
        db = sqlite3.connect(os.path.join(self.server.data, "sunlight.db"))
        # The start-up check covers the signed root and the rightmost tile's entries.
        last = db.execute("SELECT MAX(idx) FROM ledger_entries").fetchone()[0]
        self.assertNotEqual(last % 256, 255, "the last entry must sit in a partial tile")
        leaf = db.execute("SELECT leaf FROM ledger_entries WHERE idx = ?", (last,)).fetchone()[0]
        db.execute("UPDATE ledger_entries SET leaf = ? WHERE idx = ?", (leaf.replace(b'"v":1', b'"v":2'), last))
        db.commit()
        db.close()
        with self.assertRaises(RuntimeError) as ctx:
            self.server.start(timeout=20)
        self.assertIn(f"entry {last} does not match", str(ctx.exception))


if __name__ == "__main__":
    unittest.main()
