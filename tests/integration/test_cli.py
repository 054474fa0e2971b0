"""The command line: help everywhere, all-or-nothing imports that name every error's file,
line and field, bootstrapping an administrator, tokens, and the data directory lock."""
import json
import os
import re
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

    def subcommands(self, out):
        """The subcommands a help text lists under "Subcommands:" (CLI11's layout)."""
        names, listing = [], False
        for line in out.splitlines():
            if line.strip() == "Subcommands:":
                listing = True
            elif listing and re.match(r"^  \S", line):
                names.append(line.split()[0])
            elif listing and line.strip() and not line.startswith(" "):
                listing = False
        return names

    def test_help_on_every_command(self):
        # Every subcommand the binary lists, at every depth, answers --help with its own usage.
        code, out = harness.run(harness.SUNLIGHT, "--help")
        self.assertIn("Usage", out)
        top = self.subcommands(out)
        self.assertIn("serve", top, out)  # the listing was read, not silently missed
        seen, todo = [], [[c] for c in top]
        while todo:
            cmd = todo.pop(0)
            with self.subTest(command=" ".join(cmd)):
                code, out = harness.run(harness.SUNLIGHT, *cmd, "--help", check=False)
                self.assertEqual(code, 0, out)
                usage = [l for l in out.splitlines() if l.startswith("Usage:")]
                self.assertTrue(usage, out)
                self.assertIn(" ".join(cmd), usage[0], out)
                seen.append(cmd)
                todo += [cmd + [c] for c in self.subcommands(out)]
        self.assertIn(["officer", "add"], seen)  # nested subcommands are reached too

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

    def network_dir(self, laws, powers, items):
        d = os.path.join(self.tmp, "network")
        os.makedirs(d, exist_ok=True)
        for name in ("regions.jsonl", "organisations.jsonl"):
            shutil.copy(os.path.join(DEMO, name), d)
        for name, rows in (("laws.jsonl", laws), ("powers.jsonl", powers), ("service_items.jsonl", items)):
            with open(os.path.join(d, name), "wb") as f:
                for r in rows:
                    f.write((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)).encode("utf-8") + b"\n")
        return d

    LAW = {"id": "xzxkf", "title": "中华人民共和国行政许可法", "level": "law", "issuer": "全国人大常委会",
           "articles": [{"number": 42, "text": "二十日内作出决定。", "text_kind": "summary"}]}
    ORG = "11990100990000201R"  # 明川市市场监督管理局 in the demo
    POWER = {"code": "990100-XK-9001", "name": "测试许可", "type": "licensing", "holder": ORG, "object": "测试对象",
             "basis": [{"law": "xzxkf", "article": 42}], "stages": [{"stage": "受理", "duty": "受理"}]}
    ITEM = {"code": "990100-T001-01", "catalog_code": "T001", "name": "测试事项", "region": "990100", "org": ORG,
            "power": "990100-XK-9001", "type": "licensing", "audience": ["legal_person"],
            "basis": [{"law": "xzxkf", "article": 42}], "channels": ["online"], "statutory_days": 20,
            "promised_days": 5, "online_depth": 4,
            "materials": [{"name": "营业执照", "source": {"kind": "licence", "catalog_code": "T001"}, "trust": "A"}]}

    def test_broken_network_files_are_located_and_nothing_is_imported(self):
        with open(os.path.join(DEMO, "organisations.jsonl"), encoding="utf-8") as f:
            orgs = {json.loads(l)["id"] for l in f}
        self.assertIn(self.ORG, orgs)
        bad_law = dict(self.LAW, promulgated="2024-13-01")                     # bad date
        no_name = {k: v for k, v in self.POWER.items() if k != "name"}          # missing element
        bad_item = dict(self.ITEM, promised_days=30, online_depth=7, colour="x")  # ranges, unknown member
        d = self.network_dir([bad_law], [no_name], [bad_item, "{not json"])
        code, out = harness.run(harness.SUNLIGHT, "import", "--data", self.data, d, check=False)
        self.assertEqual(code, 1, out)
        for where in ("laws.jsonl:1/promulgated", "powers.jsonl:1/name", "service_items.jsonl:1/promised_days",
                      "service_items.jsonl:1/online_depth", "service_items.jsonl:1/colour", "service_items.jsonl:2"):
            self.assertIn(where, out)
        self.assertEqual(entries(self.data), 0)

        # Well-formed, but the rules find bad references and a duplicate.
        law_missing = dict(self.POWER, code="990100-XK-9002", basis=[{"law": "xzxkf", "article": 99}])
        no_holder = dict(self.POWER, code="990100-XK-9003", holder="91350100M000100Y43")
        orphan = dict(self.ITEM, code="990100-T002-01", catalog_code="T002", power="990100-XK-9999",
                      materials=[{"name": "不存在的证照", "source": {"kind": "licence", "catalog_code": "NOPE"}, "trust": "A"}])
        d = self.network_dir([self.LAW], [self.POWER, law_missing, no_holder], [self.ITEM, self.ITEM, orphan])
        code, out = harness.run(harness.SUNLIGHT, "import", "--data", self.data, d, check=False)
        self.assertEqual(code, 1, out)
        self.assertIn("powers.jsonl:2/basis/0/article", out)
        self.assertIn("powers.jsonl:3/holder", out)
        self.assertIn("service_items.jsonl:2", out)       # the duplicate
        self.assertIn("already exists", out)
        self.assertIn("service_items.jsonl:3/power", out)
        self.assertEqual(entries(self.data), 0)

        # Fixed, it imports; the item may require the licence it issues itself only because the
        # licence check runs after every record is in.
        d = self.network_dir([self.LAW], [self.POWER], [self.ITEM])
        code, out = harness.run(harness.SUNLIGHT, "import", "--data", self.data, d)
        self.assertIn("imported", out)

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
        for name in ("log.key", "token.key", "credential.key"):
            mode = os.stat(os.path.join(self.data, name)).st_mode & 0o777
            self.assertEqual(mode, 0o600, name)
        with open(os.path.join(self.data, "log.pub")) as f:
            self.assertTrue(f.read().startswith("sunlight.example/demo+"))


if __name__ == "__main__":
    unittest.main()
