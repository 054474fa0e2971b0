"""The function network on the demo province: the catalogue imports, the analyses find every
planted defect and nothing on the clean variant, export round-trips, CPSV-AP output carries
every mandatory property, and the power list answers who may act."""
import json
import os
import shutil
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import harness  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
DEMO = os.path.join(ROOT, "data", "demo")
CLEAN = os.path.join(ROOT, "data", "demo-clean")
EXPECTED = os.path.join(ROOT, "tests", "analyses", "expected.json")

# CPSV-AP 3.2 (SEMICeu/CPSV-AP releases/3.2.0/shacl/cpsv-ap-SHACL.ttl): properties with
# sh:minCount 1, per class, as they appear in our JSON-LD.
CPSV_MANDATORY = {
    "PublicService": ["dct:identifier", "dct:title", "dct:description", "cv:hasCompetentAuthority"],
    "PublicOrganisation": ["skos:prefLabel", "dct:spatial"],
    "Evidence": ["dct:identifier", "dct:title"],
    "Cost": ["dct:identifier"],
    "Channel": ["dct:identifier"],
    "Output": ["dct:identifier", "dct:title"],
    "Requirement": ["dct:identifier", "dct:title"],
    "LifeEvent": ["dct:identifier", "dct:title"],
}


def lines(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


class NetworkTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = harness.Server(demo=True).start()
        with open(EXPECTED, encoding="utf-8") as f:
            cls.expected = json.load(f)

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def get(self, path):
        r = self.server.get(path)
        self.assertEqual(r.status, 200, r.body[:500])
        return r.json()

    def test_the_demo_catalogue_is_complete(self):
        self.assertGreaterEqual(self.get("/api/v1/laws?limit=1")["total"], 40)
        self.assertGreaterEqual(self.get("/api/v1/powers?limit=1")["total"], 500)
        self.assertGreaterEqual(self.get("/api/v1/items?limit=1")["total"], 300)
        self.assertGreaterEqual(self.get("/api/v1/life-events?limit=1")["total"], 10)
        types = {p["type"] for p in self.get("/api/v1/powers?limit=1000")["powers"]}
        for t in ("licensing", "penalty", "enforcement", "levy", "benefit", "inspection", "confirmation",
                  "reward", "adjudication", "other"):
            self.assertIn(t, types)
        # An item shows its legal basis with the article text, and its power.
        item = self.get("/api/v1/items?q=食品经营许可&region=990100")["items"][0]
        full = self.get(f"/api/v1/items/{item['code']}")
        self.assertTrue(full["basis"][0]["text"])
        self.assertIn(full["basis"][0]["text_kind"], ("quote", "summary"))
        self.assertIn("power_detail", full)
        # From a power to the items exercising it, in one request.
        self.assertEqual(item["power"], full["power"])
        power = self.get(f"/api/v1/powers/{full['power']}")
        listed = self.get(f"/api/v1/powers?org={power['holder']}&limit=1000")["powers"]
        self.assertTrue(all(p["basis"] for p in listed if p["code"] == full["power"]))
        everything = self.get("/api/v1/items?limit=1000")["items"]
        expected = sorted(i["code"] for i in everything if i["power"] == full["power"])
        got = self.get(f"/api/v1/items?power={full['power']}&limit=1000")
        self.assertEqual(sorted(i["code"] for i in got["items"]), expected)
        self.assertEqual(got["total"], len(expected))
        self.assertIn(item["code"], expected)
        self.assertEqual(self.get("/api/v1/items?power=no-such-power")["total"], 0)

    def test_analyses_find_every_planted_defect(self):
        overlaps = self.get("/api/v1/analyses/overlaps")["overlaps"]
        found_pairs = [set(p["code"] for p in o["powers"]) for o in overlaps]
        for pair in self.expected["overlaps"]:
            self.assertTrue(any(set(pair) <= g for g in found_pairs), f"overlap {pair} not found")
        cycles = self.get("/api/v1/analyses/cycles")["cycles"]
        found_cycles = [set(c["items"]) for c in cycles]
        for cycle in self.expected["cycles"]:
            self.assertTrue(any(set(cycle) <= c or c <= set(cycle) and c for c in found_cycles),
                            f"cycle {cycle} not found in {found_cycles}")
        unfounded = self.get("/api/v1/analyses/unfounded")
        items = {i["code"] for i in unfounded["items"]}
        powers = {p["code"] for p in unfounded["powers"]}
        for code in self.expected["unfounded_items"]:
            self.assertIn(code, items)
        for code in self.expected["unfounded_powers"]:
            self.assertIn(code, powers)

    def test_comparison_across_regions_marks_a_best_practice(self):
        comps = self.get("/api/v1/analyses/comparison")["comparisons"]
        self.assertGreaterEqual(len(comps), 20)
        for c in comps:
            self.assertEqual(sum(1 for r in c["items"] if r["best_practice"]), 1)
            self.assertGreaterEqual(c["regions"], 2)

    def test_power_list_is_the_access_policy(self):
        item = self.get("/api/v1/items?q=食品经营许可&region=990100")["items"][0]
        full = self.get(f"/api/v1/items/{item['code']}")
        power = self.get(f"/api/v1/powers/{full['power']}")
        stage = power["stages"][0]["stage"]
        admin = self.server.login("admin")
        # Find an officer of the holder and one of an unrelated organisation.
        officers = self.server.get("/api/v1/officers", token=admin).json()["officers"]
        holder = next(o for o in officers if o["org"] == power["holder"])
        other = next(o for o in officers if o["org"] not in (power["holder"], full["org"]))
        token = self.server.login(holder["id"])
        r = self.server.get(f"/api/v1/policy/check?action={stage}&item={item['code']}", token=token).json()
        self.assertTrue(r["allowed"], r)
        self.assertTrue(r["basis"][0]["law_title"])
        r = self.server.get(f"/api/v1/policy/check?action=%E5%A4%84%E7%BD%9A%E4%B8%8D%E5%AD%98%E5%9C%A8&item={item['code']}",
                            token=token).json()
        self.assertFalse(r["allowed"])
        r = self.server.get(f"/api/v1/policy/check?officer={other['id']}&action={stage}&item={item['code']}",
                            token=admin).json()
        self.assertFalse(r["allowed"])
        # An unfounded item may not be acted on by anyone.
        code = self.expected["unfounded_items"][0]
        bad = self.get(f"/api/v1/items/{code}")
        owner = next(o for o in officers if o["org"] == bad["org"])
        r = self.server.get(f"/api/v1/policy/check?officer={owner['id']}&action=受理&item={code}", token=admin).json()
        self.assertFalse(r["allowed"], r)

    def test_cpsv_ap_carries_every_mandatory_property(self):
        r = self.server.get("/api/v1/catalogue.jsonld?profile=cpsv-ap&limit=5000")
        self.assertEqual(r.status, 200)
        self.assertTrue(r.headers["Content-Type"].startswith("application/ld+json"))
        graph = r.json()["@graph"]
        seen = {}
        ids = {n["@id"] for n in graph}
        for node in graph:
            types = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
            for t in (t for t in types if t in CPSV_MANDATORY):
                seen[t] = seen.get(t, 0) + 1
                for prop in CPSV_MANDATORY[t]:
                    self.assertIn(prop, node, f"{t} {node['@id']} lacks {prop}")
                    self.assertTrue(node[prop], f"{t} {node['@id']} has an empty {prop}")
            if "PublicService" in types:
                self.assertIn(node["cv:hasCompetentAuthority"]["@id"], ids)
        for t in ("PublicService", "PublicOrganisation", "Evidence", "Channel", "LifeEvent"):
            self.assertGreater(seen.get(t, 0), 0, t)
        item = self.get("/api/v1/items?limit=1")["items"][0]
        s = self.server.get(f"/api/v1/items/{item['code']}/jsonld?profile=schema.org").json()
        self.assertEqual(s["@type"], "GovernmentService")
        for prop in ("name", "provider", "areaServed", "availableChannel", "serviceType"):
            self.assertIn(prop, s)

    def test_every_version_is_on_the_ledger(self):
        admin = self.server.login("admin")
        item = self.get("/api/v1/items?limit=1&offset=7")["items"][0]
        full = self.get(f"/api/v1/items/{item['code']}")
        record = {k: full[k] for k in full if k not in (
            "status", "version", "effective", "type_zh", "org_name", "competent_org_name", "region_name",
            "power_detail", "life_events")}
        record["basis"] = [{"law": b["law"], "article": b["article"]} for b in full["basis"]]
        record["promised_days"] = max(0, record["promised_days"] - 1)
        r = self.server.post(f"/api/v1/items/{item['code']}/amend",
                             {"record": record, "basis": "示例：关于压缩办理时限的通知", "effective": "2026-12-01"},
                             token=admin)
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(r.json()["version"], 2)
        history = self.get(f"/api/v1/items/{item['code']}/history")["history"]
        self.assertEqual([h["type"] for h in history], ["item.published", "item.amended"])
        self.assertEqual(history[1]["basis"], "示例：关于压缩办理时限的通知")
        self.assertEqual(history[1]["changed"], ["promised_days"])
        self.assertEqual(history[1]["by"]["officer"], "admin")
        self.assertEqual(history[0]["by"], {"system": "demo"})
        for _ in range(100):  # the proof exists once a signed checkpoint covers the entry
            r = self.server.get(history[1]["proof"])
            if r.status != 503:
                break
            time.sleep(0.05)
        self.assertEqual(r.status, 200, r.body)
        self.assertIn("hashes", r.json())
        # Repeal it; it stays, marked repealed, and drops out of default lists.
        r = self.server.post(f"/api/v1/items/{item['code']}/repeal", {"basis": "示例：事项取消"}, token=admin)
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(self.get(f"/api/v1/items/{item['code']}")["status"], "repealed")

    def import_over_http(self, files, token):
        r = self.server.post("/api/v1/imports", {"files": files}, token=token)
        self.assertEqual(r.status, 202, r.body[:500])
        job = r.json()
        self.assertEqual(r.headers.get("Location"), job["href"])
        for _ in range(600):
            if job["state"] in ("done", "failed"):
                return job
            time.sleep(0.05)
            job = self.get_as(job["href"], token)
        self.fail(f"the import did not finish: {job}")

    def get_as(self, path, token):
        r = self.server.get(path, token=token)
        self.assertEqual(r.status, 200, r.body[:500])
        return r.json()

    def test_import_over_http_with_progress(self):
        admin = self.server.login("admin")
        law = json.loads(open(os.path.join(DEMO, "laws.jsonl"), encoding="utf-8").readline())
        law.update(id="http-import-law", title="经网页导入的示例条例", title_en="A rule imported over HTTP")
        text = json.dumps(law, ensure_ascii=False) + "\n"
        job = self.import_over_http({"laws.jsonl": text}, admin)
        self.assertEqual(job["state"], "done", job)
        self.assertEqual(job["report"]["records"], {"laws.jsonl": 1})
        self.assertEqual(job["done"], job["total"])
        self.assertEqual(self.get("/api/v1/laws/http-import-law")["title"], "经网页导入的示例条例")
        entry = self.get(f"/api/v1/log/entries/{job['report']['first_index']}")
        self.assertIn("law", json.dumps(entry))
        listed = self.get_as("/api/v1/imports", admin)["imports"]
        self.assertEqual(listed[0]["id"], job["id"])

        # A bad line fails the whole import: every problem named by file:line, nothing written.
        law2 = dict(law, id="http-import-law-2")
        bad = json.dumps(law2, ensure_ascii=False) + "\n{not json\n"
        job = self.import_over_http({"laws.jsonl": bad}, admin)
        self.assertEqual(job["state"], "failed", job)
        self.assertTrue(any(e["field"].startswith("laws.jsonl:2") for e in job["errors"]), job["errors"])
        self.assertEqual(self.server.get("/api/v1/laws/http-import-law-2").status, 404)

        # A rule broken against the store (the same law again) also writes nothing.
        job = self.import_over_http({"laws.jsonl": text.replace("http-import-law", "http-import-law-3") + text}, admin)
        self.assertEqual(job["state"], "failed", job)
        self.assertEqual(self.server.get("/api/v1/laws/http-import-law-3").status, 404)

        # Bad requests are refused before anything starts; only administrators may import.
        for body in ({"files": {"passwords.txt": "x"}}, {"files": {}}, {"files": {"laws.jsonl": 5}}, {"nofiles": 1}):
            r = self.server.post("/api/v1/imports", body, token=admin)
            self.assertEqual(r.status, 400, (body, r.body))
            self.assertIn("/files", r.body.decode())
        officer = self.server.login("mc-police-01")
        self.assertEqual(self.server.post("/api/v1/imports", {"files": {"laws.jsonl": text}}, token=officer).status, 403)
        self.assertEqual(self.server.post("/api/v1/imports", {"files": {"laws.jsonl": text}}).status, 401)
        self.assertEqual(self.server.get("/api/v1/imports/imp-nope", token=admin).status, 404)


class CleanVariantTest(unittest.TestCase):
    def test_the_clean_variant_has_no_findings(self):
        tmp = tempfile.mkdtemp(prefix="sunlight-clean-")
        try:
            data = os.path.join(tmp, "data")
            harness.run(harness.SUNLIGHT, "import", "--data", data, CLEAN)
            _, out = harness.run(harness.SUNLIGHT, "analyse", "--data", data, "--json")
            f = json.loads(out)
            self.assertEqual(f["overlaps"], [], json.dumps(f["overlaps"], ensure_ascii=False)[:2000])
            self.assertEqual(f["cycles"], [])
            self.assertEqual(f["unfounded"]["powers"], [])
            self.assertEqual(f["unfounded"]["items"], [])
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


class ExportTest(unittest.TestCase):
    def test_export_import_export_is_stable(self):
        tmp = tempfile.mkdtemp(prefix="sunlight-export-")
        try:
            a, b = os.path.join(tmp, "a"), os.path.join(tmp, "b")
            harness.run(harness.SUNLIGHT, "import", "--data", a, DEMO)
            harness.run(harness.SUNLIGHT, "export", "--data", a, os.path.join(tmp, "out1"))
            harness.run(harness.SUNLIGHT, "import", "--data", b, os.path.join(tmp, "out1"))
            harness.run(harness.SUNLIGHT, "export", "--data", b, os.path.join(tmp, "out2"))
            for name in ("regions.jsonl", "organisations.jsonl", "laws.jsonl", "powers.jsonl",
                         "service_items.jsonl", "life_events.jsonl"):
                with open(os.path.join(tmp, "out1", name), "rb") as x, open(os.path.join(tmp, "out2", name), "rb") as y:
                    self.assertEqual(x.read(), y.read(), name)
            self.assertEqual(len(lines(os.path.join(tmp, "out1", "service_items.jsonl"))),
                             len(lines(os.path.join(DEMO, "service_items.jsonl"))))
            _, out = harness.run(harness.SUNLIGHT, "rebuild", "--data", a)
            self.assertIn("OK", out)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
