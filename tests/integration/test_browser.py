"""Browser journeys in headless chromium (web/tests/journeys.mjs, playwright-core) against a
demo server: search → service guide with its legal basis and material sources, the English
switch, the public log; the demo citizen's data-use record with an entry verified against the
signed checkpoint in the browser (and a tampered proof refused), and their cases. Then the
public transparency pages (web/tests/public.mjs): the function network, its analyses and graph,
the log's growth and "verify any entry", processing times by item — each against the API. 我要办 from the home page's search box to a life event (web/tests/life-events.mjs):
Enter puts the query in the address, the life event's page with its parts, departments, combined
materials and legal bases, every life event of the catalogue and every kind of search result
opening without an error, the nothing-found state, the remembered region. And
markup planted through the API in every name and text a user can write (web/tests/markup.mjs):
on every page that shows it, it must neither run nor become an element, and must read as text."""
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import harness  # noqa: E402

WEB = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "web")


class BrowserTest(unittest.TestCase):
    def journey(self, script):
        """Runs web/tests/<script> against a fresh demo server: node SCRIPT BASE_URL DEMO_CITIZEN."""
        server = harness.Server(demo=True).start(timeout=300)
        try:
            citizen = server.output().split("demo citizen: ")[1].split(" ")[0]
            p = subprocess.run(["node", f"tests/{script}", server.url, citizen], cwd=WEB, capture_output=True,
                               text=True, timeout=300)
            print(p.stdout, p.stderr)
            self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        finally:
            server.cleanup()

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


if __name__ == "__main__":
    unittest.main()
