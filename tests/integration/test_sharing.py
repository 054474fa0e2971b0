"""Lawful data sharing on the demo province: decisions logged and explained, "who saw my data"
with proofs, consents, deferral, no personal data in any leaf, erasure that keeps the log
verifiable, oversight."""
import base64
import collections
import hashlib
import json
import os
import re
import sqlite3
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import harness  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


class SharingTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = harness.Server(demo=True).start()
        cls.db_path = os.path.join(cls.server.data, "sunlight.db")
        out = cls.server.output()
        cls.me = out.split("demo citizen: ")[1].split(" ")[0]
        cls.citizen = cls.server.post("/api/v1/auth/demo-login", {"citizen": cls.me}).json()["token"]
        cls.admin = cls.server.login("admin")
        cls.auditor = cls.server.login("auditor")
        cls.fund = cls.server.login("mc-fund-01")
        cls.police = cls.server.login("mc-police-01")

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def query(self, sql, *args):
        db = sqlite3.connect(self.db_path)
        try:
            return db.execute(sql, args).fetchall()
        finally:
            db.close()

    def log_size(self):
        return self.server.get("/healthz").json()["log_size"]

    def access(self, token, body):
        return self.server.post("/api/v1/access", body, token=token)

    def test_the_demo_data_use_record_is_never_empty_and_every_entry_has_a_proof(self):
        r = self.server.get("/api/v1/me/data-uses", token=self.citizen).json()
        self.assertGreaterEqual(r["total"], 5)
        kinds = {a["basis"]["kind"] for a in r["accesses"]}
        self.assertEqual(kinds, {"power", "case", "consent"})
        self.assertIn(False, {a["granted"] for a in r["accesses"]})
        for a in r["accesses"]:
            proof = self.server.get_proof(a["proof"]).json()
            self.assertIn("hashes", proof)
            self.assertEqual(proof["index"], a["index"])
        # The deferred access is hidden from the subject but not from auditors.
        seen = {a["index"] for a in r["accesses"]}
        audit = self.server.get("/api/v1/oversight/accesses?limit=1000", token=self.auditor).json()["accesses"]
        deferred = [a for a in audit if "visible_after" in a]
        self.assertTrue(deferred)
        self.assertFalse({a["index"] for a in deferred} & seen)
        # Officers and citizens cannot use each other's routes.
        self.assertEqual(self.server.get("/api/v1/me/data-uses", token=self.police).status, 403)
        self.assertEqual(self.server.get("/api/v1/me", token=self.citizen).status, 403)
        self.assertEqual(self.server.get("/api/v1/oversight/anomalies", token=self.police).status, 403)

    def test_decisions_follow_the_law_and_are_logged(self):
        before = self.log_size()
        item = "990100-001201-01"  # 住房公积金提取 in 明川市, needs 不动产登记信息 (有条件共享)
        body = {"resource": "real-estate", "subject": self.me, "fields": ["owner_name"], "purpose": "提取审核",
                "basis": {"kind": "power", "item": item}}
        r = self.access(self.fund, body)
        self.assertEqual(r.status, 200, r.body)
        self.assertFalse(r.json()["granted"])
        self.assertEqual(r.json()["reason"], "no_agreement")
        self.assertEqual(len(r.json()["ledger"]), 1)  # the refusal is on the log
        fund_org = self.server.get("/api/v1/me", token=self.fund).json()["org"]
        a = self.server.post("/api/v1/sharing-agreements",
                             {"id": "XY-TEST-1", "consumer": fund_org, "resource": "real-estate",
                              "fields": ["id_number", "owner_name", "property_address"], "basis": "测试协议"},
                             token=self.admin)
        self.assertEqual(a.status, 201, a.body)
        r = self.access(self.fund, body).json()
        self.assertTrue(r["granted"], r)
        self.assertIn("owner_name", r["values"])
        r = self.access(self.fund, dict(body, fields=["owner_name", "area"])).json()
        self.assertFalse(r["granted"])
        self.assertEqual(r["reason"], "fields_beyond_basis")
        # 不予共享 is never released.
        r = self.access(self.police, {"resource": "public-security-cases", "subject": self.me, "fields": ["id_number"],
                                      "purpose": "核查", "basis": {"kind": "power", "item": "990100-000503-01"}}).json()
        self.assertEqual(r["reason"], "not_shared")
        self.assertEqual(self.log_size(), before + 5)

    def test_bad_input_writes_nothing(self):
        before = self.log_size()
        base = {"resource": "population", "subject": self.me, "fields": ["name"], "purpose": "核对",
                "basis": {"kind": "power", "item": "990100-000501-01"}}
        unknown = "11010519491231002X"  # valid, but no such person in the demo
        cases = [
            (dict(base, subject="990102198001011234"), 400, "/subject"),      # bad check character
            (dict(base, subject="12345"), 400, "/subject"),
            (dict(base, subject=unknown), 404, None),                          # nobody by that number
            ({k: v for k, v in base.items() if k != "basis"}, 400, "/basis"),  # a purpose without a basis
            (dict(base, purpose=""), 400, "/purpose"),
            (dict(base, fields=[f"f{i}" for i in range(51)]), 400, "/fields"),  # oversized field list
            (dict(base, fields=["salary"]), 400, "/fields/0"),
            (dict(base, resource="nothing"), 400, "/resource"),
            (dict(base, basis={"kind": "power", "item": "no-such-item"}), 400, "/basis/item"),
            (dict(base, defer_until="2027-01-01"), 400, "/defer_basis"),
        ]
        for body, status, field in cases:
            r = self.access(self.police, body)
            self.assertEqual(r.status, status, (body, r.body))
            self.assertTrue(r.headers["Content-Type"].startswith("application/problem+json"))
            if field:
                self.assertIn(field, [e["field"] for e in r.json()["errors"]], r.body)
        self.assertEqual(self.server.request("POST", "/api/v1/access", raw=b"{broken", token=self.police).status, 400)
        self.assertEqual(self.log_size(), before)

    def test_consent_lifecycle(self):
        org = self.server.get("/api/v1/me", token=self.police).json()["org"]
        r = self.server.post("/api/v1/me/consents", {"recipient": org, "resource": "vehicle-licence",
                                                      "fields": ["licence_class"], "purpose": "测试授权",
                                                      "valid_until": "2099-01-01"}, token=self.citizen)
        self.assertEqual(r.status, 201, r.body)
        cid = r.json()["id"]
        use = {"resource": "vehicle-licence", "subject": self.me, "fields": ["licence_class"], "purpose": "测试使用",
               "basis": {"kind": "consent", "consent": cid}}
        self.assertTrue(self.access(self.police, use).json()["granted"])
        # Validity can only be shortened.
        self.assertEqual(self.server.post(f"/api/v1/me/consents/{cid}/shorten", {"valid_until": "2100-01-01"},
                                          token=self.citizen).status, 400)
        self.assertEqual(self.server.post(f"/api/v1/me/consents/{cid}/shorten", {"valid_until": "2098-01-01"},
                                          token=self.citizen).status, 200)
        mine = {c["id"]: c for c in self.server.get("/api/v1/me/consents", token=self.citizen).json()["consents"]}
        self.assertEqual(mine[cid]["uses"], 1)
        self.assertEqual(mine[cid]["valid_until"], "2098-01-01")
        self.assertEqual(self.server.post(f"/api/v1/me/consents/{cid}/revoke", {}, token=self.citizen).status, 200)
        r = self.access(self.police, use).json()
        self.assertEqual(r["reason"], "consent_revoked")
        # Someone else cannot revoke or see my consents.
        other = self.server.post("/api/v1/auth/demo-login", {"citizen": "11010519491231002X"}).json()["token"]
        self.assertEqual(self.server.post(f"/api/v1/me/consents/{cid}/revoke", {}, token=other).status, 404)

    def leaf_strings(self):
        """Every string (keys and values, numbers as text) of every leaf of the log as the public
        reads it: GET /api/v1/log/entries/{i} for every index below the size, each leaf checked
        to hash to its leaf hash (RFC 6962: SHA-256 of 0x00 ‖ leaf) and to be the entry shown."""
        strings = set()

        def walk(x):
            if isinstance(x, dict):
                for k, v in x.items():
                    strings.add(k)
                    walk(v)
            elif isinstance(x, list):
                for v in x:
                    walk(v)
            elif isinstance(x, str):
                strings.add(x)
            elif x is not None and not isinstance(x, bool):
                strings.add(str(x))
        size = self.log_size()
        for i in range(size):
            r = self.server.get(f"/api/v1/log/entries/{i}")
            self.assertEqual(r.status, 200, (i, r.body))
            answer = r.json()
            leaf = base64.b64decode(answer["entry_bytes"])
            self.assertEqual(base64.b64encode(hashlib.sha256(b"\x00" + leaf).digest()).decode(), answer["leaf_hash"], i)
            self.assertEqual(json.loads(leaf), answer["entry"], i)
            walk(json.loads(leaf))
        return strings, size

    def personal_values(self):
        """Every personal value the demo holds, with where it comes from: each field marked
        personal of every register record of every data resource (and each record's subject),
        and every string in every personal payload of the log (officers' names, applicants,
        form fields such as phone numbers, notes, comments, purposes, upload hashes, e-licences)."""
        personal = {}
        with open(os.path.join(ROOT, "data", "demo", "data_resources.jsonl"), encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                personal[r["id"]] = {x["name"] for x in r["fields"] if x.get("personal")}
        values, holders = collections.defaultdict(set), collections.defaultdict(set)
        resources = set()
        for resource, subject, record in self.query("SELECT resource, subject, record FROM register_records"):
            resources.add(resource)
            values[subject].add(f"{resource}/subject")
            holders[subject].add(subject)
            for k, v in json.loads(record).items():
                if k in personal.get(resource, ()) and v is not None:
                    v = v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
                    values[v].add(f"{resource}/{k}")
                    holders[v].add(subject)
        self.assertLessEqual(resources, set(personal), "a register of a resource the catalogue does not describe")

        def strings(x):
            if isinstance(x, str):
                yield x
            elif isinstance(x, dict):
                for v in x.values():
                    yield from strings(v)
            elif isinstance(x, list):
                for v in x:
                    yield from strings(v)
        payloads = self.query("SELECT idx, body FROM ledger_payloads WHERE body IS NOT NULL")
        self.assertGreater(len(payloads), 100)
        for idx, body in payloads:
            for v in strings(json.loads(body)):
                values[v].add(f"payload of leaf {idx}")
        return values, holders

    def test_no_personal_data_in_any_leaf(self):
        strings, size = self.leaf_strings()
        self.assertGreater(size, 1000)
        text = "\n".join(sorted(strings))
        values, holders = self.personal_values()
        # Some personal values cannot be told apart from the log's own public words and numbers,
        # so they are not looked for: dates and small numbers (birth dates, incomes: the log is
        # full of dates and counts) and categories that many people share (性别, 民族, 准驾车型
        # "C1"). Everything else — identity numbers, names, phone numbers, addresses, plate and
        # licence numbers, spouses, notes and comments, hashes, e-licences — must occur in no leaf,
        # not even inside a longer text, unless the public catalogue uses the same word (a name
        # such as 高峰 or 文明, a purpose such as 核对).
        def looked_for(v):
            return (len(v) >= 2 and v not in ("true", "false")
                    and not re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ][\d:.]+Z?)?", v)
                    and not re.fullmatch(r"-?\d{1,6}(\.\d+)?", v)
                    and len(holders.get(v, ())) <= 20)
        candidates = [v for v in values if looked_for(v)]
        found = [v for v in candidates if v in text]
        corpus = ""
        for name in os.listdir(os.path.join(ROOT, "data", "demo")):
            with open(os.path.join(ROOT, "data", "demo", name), encoding="utf-8") as f:
                corpus += f.read()
        leaks = {v: sorted(values[v])[:3] for v in found if v not in corpus}
        self.assertEqual(leaks, {}, "personal values in leaves")
        # The search reached every register, the payloads and the demo citizen's number.
        self.assertIn(self.me, candidates)
        checked = collections.Counter(w.split("/")[0] if "/" in w else "payload"
                                      for v in candidates for w in values[v])
        registers = {r for (r,) in self.query("SELECT DISTINCT resource FROM register_records")}
        self.assertEqual(set(checked) - {"payload"}, registers)
        self.assertGreater(checked["population"], 5000)
        self.assertGreater(checked["payload"], 500)

    def test_anomalies_flag_unusual_volume(self):
        for _ in range(25):
            self.access(self.police, {"resource": "population", "subject": self.me, "fields": ["name"], "purpose": "批量核对",
                                      "basis": {"kind": "power", "item": "990100-000501-01"}})
        r = self.server.get("/api/v1/oversight/anomalies", token=self.auditor).json()
        self.assertIn("mc-police-01", [a["officer"] for a in r["high_volume"]])
        self.assertIn("mc-police-01", [a["officer"] for a in r["without_case"]])
        self.assertIn("after_hours", r)


class ErasureTest(unittest.TestCase):
    def test_erasure_keeps_the_log_verifiable(self):
        server = harness.Server(demo=True).start()
        try:
            me = server.output().split("demo citizen: ")[1].split(" ")[0]
            admin = server.login("admin")
            token = server.post("/api/v1/auth/demo-login", {"citizen": me}).json()["token"]
            before = server.get("/api/v1/me/data-uses", token=token).json()["total"]
            self.assertGreater(before, 0)
            self.assertEqual(server.post(f"/api/v1/subjects/{me}/erase", {"basis": {"law": "nope", "article": 1}},
                                         token=admin).status, 400)
            r = server.post(f"/api/v1/subjects/{me}/erase", {"basis": {"law": "grxx", "article": 13}}, token=admin)
            self.assertEqual(r.status, 200, r.body)
            self.assertGreaterEqual(r.json()["payloads_erased"], before)
            self.assertEqual(server.get("/api/v1/me/data-uses", token=token).json()["total"], 0)
            db = sqlite3.connect(os.path.join(server.data, "sunlight.db"))
            rows = db.execute("SELECT COUNT(*) FROM ledger_payloads WHERE erased_at IS NOT NULL").fetchone()[0]
            leftover = db.execute("SELECT COUNT(*) FROM ledger_payloads WHERE body LIKE ?", (f"%{me}%",)).fetchone()[0]
            registers = db.execute("SELECT COUNT(*) FROM register_records WHERE subject = ?", (me,)).fetchone()[0]
            db.close()
            self.assertGreaterEqual(rows, before)
            self.assertEqual(leftover, 0)
            self.assertEqual(registers, 0)
            # Nor does the access log keep the ID number the erasure route carried in its path:
            # the two requests about this subject share one keyed hash instead.
            with open(os.path.join(server.data, "access.log")) as f:
                lines = [json.loads(line) for line in f if "/erase" in line]
            self.assertEqual(len(lines), 2)
            self.assertNotIn(me, json.dumps(lines))
            self.assertEqual(lines[0]["path"], lines[1]["path"])
            self.assertRegex(lines[0]["path"], r"^/api/v1/subjects/~[0-9a-f]{16}/erase$")
            server.wait_for_checkpoint()  # -all verifies against a checkpoint covering the erasure
            harness.run(harness.TLOGVERIFY, "-url", server.url, "-key", server.key, "-all")
            harness.run(harness.SUNLIGHT, "verify", "--url", server.url, "--key",
                        os.path.join(server.data, "log.pub"), "--full")
            server.stop()
            _, out = harness.run(harness.SUNLIGHT, "rebuild", "--data", server.data)
            self.assertIn("OK", out)
        finally:
            server.cleanup()


if __name__ == "__main__":
    unittest.main()
