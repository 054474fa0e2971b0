"""Browser journeys in headless chromium (web/tests/journeys.mjs, playwright-core) against a
demo server: search → service guide with its legal basis and material sources, the English
switch, the public log; the demo citizen's data-use record with an entry verified against the
signed checkpoint in the browser (and a tampered proof refused), and their cases. Then the
public transparency pages (web/tests/public.mjs): the function network, its analyses and graph,
the log's growth and "verify any entry", processing times by item — each against the API. 我要办 from the home page's search box to a life event (web/tests/life-events.mjs):
Enter puts the query in the address, the life event's page with its parts, departments, combined
materials and legal bases, every life event of the catalogue and every kind of search result
opening without an error, the nothing-found state, the remembered region. And
applying as the materials' plans say (web/tests/apply.mjs): from the search box to the life
event's form, each material's plan and an upload for exactly those it says to upload, the case's
parts; acting for a business; every item of a region with a plan or an upload per material, and
the items not online with their reason. And
markup planted through the API in every name and text a user can write (web/tests/markup.mjs):
on every page that shows it, it must neither run nor become an element, and must read as text.
And 我的办件 told plainly (web/tests/my-cases.mjs): every case of the demo citizen, in Chinese and
English, with a status and a next-step sentence and no raw code; a 补正 round trip, a draft
submitted and a withdrawal from the page; its rules unit-tested without a browser
(web/tests/case-words.mjs)."""
import json
import os
import sqlite3
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import harness  # noqa: E402

WEB = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "web")


class BrowserTest(unittest.TestCase):
    def journey(self, script, business=False):
        """Runs web/tests/<script> against a fresh demo server: node SCRIPT BASE_URL DEMO_CITIZEN.
        With `business`, SUNLIGHT_BUSINESS names a business of the demo register and its legal
        representative (<credit code>:<identity number>; the API lists no register subjects)."""
        server = harness.Server(demo=True).start(timeout=300)
        try:
            citizen = server.output().split("demo citizen: ")[1].split(" ")[0]
            env = dict(os.environ)
            if business:
                env["SUNLIGHT_BUSINESS"] = self.business(server.data, citizen)
            p = subprocess.run(["node", f"tests/{script}", server.url, citizen], cwd=WEB, capture_output=True,
                               text=True, timeout=600, env=env)
            print(p.stdout, p.stderr)
            self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        finally:
            server.cleanup()

    @staticmethod
    def business(data, citizen):
        """A registered business (存续) whose legal representative is a resident other than the demo citizen."""
        db = sqlite3.connect(f"file:{os.path.join(data, 'sunlight.db')}?mode=ro", uri=True)
        try:
            residents = {r[0] for r in db.execute("SELECT subject FROM register_records WHERE resource = 'population'")}
            for subject, record in db.execute(
                    "SELECT subject, record FROM register_records WHERE resource = 'business-licence' ORDER BY subject"):
                rec = json.loads(record)
                rep = rec.get("legal_rep_id_number")
                if rec.get("status") == "存续" and rep in residents and rep != citizen:
                    return f"{subject}:{rep}"
        finally:
            db.close()
        return ""

    def test_apply(self):
        self.journey("apply.mjs", business=True)

    def test_journeys(self):
        self.journey("journeys.mjs")

    def test_workbench(self):
        self.journey("workbench.mjs")

    def test_public_pages(self):
        self.journey("public.mjs")

    def test_life_events(self):
        self.journey("life-events.mjs")

    def test_markup(self):
        self.journey("markup.mjs")

    def test_my_cases(self):
        self.journey("my-cases.mjs")

    def test_case_words(self):
        """web/tests/case-words.mjs: case-words.ts over every status, outcome and a few stages;
        every case and rectification event type of docs/events.md translated (no server)."""
        p = subprocess.run(["node", "tests/case-words.mjs"], cwd=WEB, capture_output=True, text=True, timeout=120)
        print(p.stdout, p.stderr)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)


if __name__ == "__main__":
    unittest.main()
