"""The command line: help everywhere, all-or-nothing imports that name every error's file,
line and field, bootstrapping an administrator, tokens, and the data directory lock."""
import os
import shutil
import sqlite3
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import harness  # noqa: E402

DEMO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "demo")


def entries(data):
    db = sqlite3.connect(os.path.join(data, "sunlight.db"))
    try:
        return db.execute("SELECT COUNT(*) FROM ledger_entries").fetchone()[0]
    finally:
        db.close()


class CliTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="sunlight-cli-")
        self.data = os.path.join(self.tmp, "data")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def write(self, name, text, encoding="utf-8"):
        d = os.path.join(self.tmp, "import")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, name), "wb") as f:
            f.write(text.encode(encoding))
        return d

    def test_help_on_every_command(self):
        for cmd in ([], ["serve"], ["import"], ["verify"], ["rebuild"], ["token"], ["officer", "add"]):
            code, out = harness.run(harness.SUNLIGHT, *cmd, "--help")
            self.assertEqual(code, 0)
            self.assertIn("Usage", out)

    def test_a_broken_import_reports_every_error_and_writes_nothing(self):
        d = self.write("regions.jsonl", "\n".join([
            '{"code": "990000", "name": "示范省"}',
            '{"code": "990100", "name": "明川市", "parent": "990000"}',
            '{"code": "990100", "name": "重复的市", "parent": "990000"}',       # duplicate
            '{"code": "990221", "name": "无主县", "parent": "990200"}',         # bad reference
            '{"code": "99x", "name": ""}',                                     # bad fields
            '{"code": "990300", "name": "临江市", "parent": "990000"',          # broken JSON
        ]) + "\n")
        code, out = harness.run(harness.SUNLIGHT, "import", "--data", self.data, d, check=False)
        self.assertEqual(code, 1, out)
        self.assertIn("regions.jsonl:5/code", out)
        self.assertIn("regions.jsonl:5/name", out)
        self.assertIn("regions.jsonl:6", out)
        self.assertIn("nothing was written", out)
        self.assertEqual(entries(self.data), 0)

        # With the syntax fixed, the rules find the duplicate and the missing parent.
        self.write("regions.jsonl", "\n".join([
            '{"code": "990000", "name": "示范省"}',
            '{"code": "990100", "name": "明川市", "parent": "990000"}',
            '{"code": "990100", "name": "重复的市", "parent": "990000"}',
            '{"code": "990221", "name": "无主县", "parent": "990200"}',
        ]) + "\n")
        code, out = harness.run(harness.SUNLIGHT, "import", "--data", self.data, d, check=False)
        self.assertEqual(code, 1, out)
        self.assertIn("regions.jsonl:3", out)
        self.assertIn("already exists", out)
        self.assertIn("regions.jsonl:4", out)
        self.assertIn("does not exist", out)
        self.assertEqual(entries(self.data), 0)

    def test_wrong_encoding_and_unknown_files_are_named(self):
        d = self.write("regions.jsonl", '{"code": "990000", "name": "示范省"}\n', encoding="gbk")
        self.write("powers.csv", "x")
        self.write("laws-typo.jsonl", "{}\n")
        code, out = harness.run(harness.SUNLIGHT, "import", "--data", self.data, d, check=False)
        self.assertEqual(code, 1, out)
        self.assertIn("regions.jsonl:1", out)
        self.assertIn("UTF-8", out)
        self.assertIn("laws-typo.jsonl", out)

    def test_bootstrap_an_administrator_and_issue_a_token(self):
        code, out = harness.run(harness.SUNLIGHT, "import", "--data", self.data, DEMO)
        self.assertIn("imported", out)
        org = "11990000990000033J"
        harness.run(harness.SUNLIGHT, "officer", "add", "--data", self.data, "--id", "boot", "--org", org,
                    "--name", "第一管理员", "--role", "admin")
        code, token = harness.run(harness.SUNLIGHT, "token", "--data", self.data, "--officer", "boot")
        token = token.strip().splitlines()[-1]
        server = harness.Server(demo=False, data=self.data).start()
        try:
            r = server.get("/api/v1/me", token=token)
            self.assertEqual(r.status, 200, r.body)
            self.assertEqual(r.json()["roles"], ["admin"])
            # Demo login is not available without --demo.
            self.assertEqual(server.post("/api/v1/auth/demo-login", {"officer": "boot"}).status, 404)
            # The data directory is locked while the server runs.
            code, out = harness.run(harness.SUNLIGHT, "import", "--data", self.data, DEMO, check=False)
            self.assertEqual(code, 1)
            self.assertIn("in use", out)
        finally:
            server.stop()
        code, out = harness.run(harness.SUNLIGHT, "token", "--data", self.data, "--officer", "nobody", check=False)
        self.assertEqual(code, 1)
        code, out = harness.run(harness.SUNLIGHT, "rebuild", "--data", self.data)
        self.assertIn("OK", out)

    def test_key_files_are_private(self):
        harness.run(harness.SUNLIGHT, "import", "--data", self.data, DEMO)
        for name in ("log.key", "token.key"):
            mode = os.stat(os.path.join(self.data, name)).st_mode & 0o777
            self.assertEqual(mode, 0o600, name)
        with open(os.path.join(self.data, "log.pub")) as f:
            self.assertTrue(f.read().startswith("sunlight.example/demo+"))


if __name__ == "__main__":
    unittest.main()
