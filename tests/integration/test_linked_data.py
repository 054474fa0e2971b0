"""Linked data that validates: the whole CPSV-AP export of the demo province and of its clean
variant, paged as a harvester pages it, and a sample of per-item documents, conform to the
official CPSV-AP 3.2.0 SHACL shapes with zero violations, and every node the export names is
described in it. The validator (tests/linked-data/validate.mjs, rdf-validate-shacl from npm)
runs offline; `npm ci --prefix tests/linked-data` installs it."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import harness  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
VALIDATOR_DIR = os.path.join(ROOT, "tests", "linked-data")
SHAPES = os.path.join(VALIDATOR_DIR, "cpsv-ap-SHACL.ttl")
CLEAN = os.path.join(ROOT, "data", "demo-clean")
PAGE = 100


def types(node):
    t = node.get("@type", [])
    return t if isinstance(t, list) else [t]


class LinkedData:
    """The checks, run against one server (the demo, or the clean variant)."""

    server = None
    tmp = None

    def write(self, name, doc):
        path = os.path.join(self.tmp, name)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False)
        return path

    def validate(self, *args):
        p = subprocess.run(["node", "validate.mjs", *args], cwd=VALIDATOR_DIR, capture_output=True, text=True,
                           timeout=600)
        return p.returncode, p.stdout + p.stderr

    def assertConforms(self, paths, each=False):
        code, out = self.validate(*(["--each"] if each else []), SHAPES, *paths)
        self.assertEqual(code, 0, out[-6000:])
        self.assertIn("conforms:", out.splitlines()[-1])

    def get(self, path):
        r = self.server.get(path)
        self.assertEqual(r.status, 200, r.body[:500])
        return r.json()

    def export_pages(self):
        """The whole CPSV-AP catalogue, fetched page by page; the files written, and the graph."""
        total = self.get("/api/v1/items?limit=1")["total"]
        paths, graph = [], []
        for offset in range(0, total, PAGE):
            doc = self.get(f"/api/v1/catalogue.jsonld?profile=cpsv-ap&limit={PAGE}&offset={offset}")
            paths.append(self.write(f"catalogue-{offset}.jsonld", doc))
            graph += doc["@graph"]
        services = {n["@id"] for n in graph if "PublicService" in types(n)}
        self.assertEqual(len(services), total)
        return paths, graph

    def test_the_whole_export_conforms_to_the_cpsv_ap_shapes(self):
        paths, graph = self.export_pages()
        self.assertConforms(paths)
        # What the shapes check by class is there to be checked.
        seen = {t for n in graph for t in types(n)}
        for t in ("PublicService", "PublicOrganisation", "Agent", "Location", "Concept", "Participation",
                  "LegalResource", "Requirement", "Evidence", "Cost", "Channel", "Output", "TemporalEntity",
                  "LifeEvent"):
            self.assertIn(t, seen)

    def test_each_item_document_conforms_on_its_own(self):
        items = self.get("/api/v1/items?limit=1000")["items"]
        codes = {i["code"] for i in items[::25]}
        # Make sure the sample has the rarer shapes: a fee, a participation.
        docs = {i["code"]: self.get(f"/api/v1/items/{i['code']}") for i in items}
        codes.add(next(c for c, d in docs.items() if d["fees"]))
        codes.add(next(c for c, d in docs.items() if d["org"] != d["competent_org"]))
        paths = [self.write(f"item-{c}.jsonld", self.get(f"/api/v1/items/{c}/jsonld?profile=cpsv-ap"))
                 for c in sorted(codes)]
        self.assertConforms(paths, each=True)


class DemoTest(LinkedData, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="sunlight-ld-")
        cls.server = harness.Server(demo=True).start(timeout=300)

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_the_validator_finds_what_is_wrong(self):
        # Not vacuous: a keyword without a language, a location nobody describes and a
        # service type that is a string instead of a concept are each reported.
        item = self.get("/api/v1/items?limit=1")["items"][0]
        doc = self.get(f"/api/v1/items/{item['code']}/jsonld?profile=cpsv-ap")
        service = next(n for n in doc["@graph"] if "PublicService" in types(n))
        service["dcat:keyword"] = ["no language"]
        service["dct:type"] = "licensing"
        doc["@graph"] = [n for n in doc["@graph"] if n["@id"] != service["dct:spatial"]["@id"]]
        code, out = self.validate(SHAPES, self.write("broken.jsonld", doc))
        self.assertEqual(code, 1, out)
        for kind, path in (("Datatype", "dcat#keyword"), ("Class", "terms/type"), ("Class", "terms/spatial"),
                           ("UndescribedReference", "terms/spatial")):
            self.assertRegex(out, f": {kind}\n  focus   <{service['@id']}>\n  path    <[^>]*{path}>")
        self.assertIn("DOES NOT CONFORM", out.splitlines()[-1])

    def test_schema_org_names_the_same_nodes(self):
        doc = self.get("/api/v1/catalogue.jsonld?profile=schema.org&limit=50")
        self.assertEqual(doc["@context"], "https://schema.org")
        for s in doc["@graph"]:
            self.assertEqual(s["@type"], "GovernmentService")
            self.assertTrue(s["@id"].endswith("/items/" + s["identifier"]))
            for org in (s["provider"], s["serviceOperator"]):
                self.assertEqual(org["@type"], "GovernmentOrganization")
                self.assertTrue(org["@id"].endswith("/orgs/" + org["identifier"]) and org["name"], org)
            self.assertTrue(s["areaServed"]["@id"].endswith("/regions/" + s["areaServed"]["identifier"]))
            self.assertTrue(all(a["@type"] == "Audience" and a["audienceType"] for a in s["audience"]), s)
            self.assertNotEqual(s.get("alternateName"), "")


class CleanVariantTest(LinkedData, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="sunlight-ld-clean-")
        data = os.path.join(cls.tmp, "data")
        harness.run(harness.SUNLIGHT, "import", "--data", data, CLEAN)
        cls.server = harness.Server(demo=False, data=data).start(timeout=300)

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()
        shutil.rmtree(cls.tmp, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
