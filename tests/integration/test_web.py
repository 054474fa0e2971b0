"""The web UI is shipped by the server itself: a browser gets the page at /, its assets come
from /assets/ with their types and long caching, API clients still get JSON at /, and asset
names cannot reach outside the web directory."""
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import harness  # noqa: E402


class WebTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = harness.Server(demo=False).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def test_a_browser_gets_the_page_and_its_assets(self):
        r = self.server.get("/", headers={"Accept": "text/html,application/xhtml+xml"})
        self.assertEqual(r.status, 200)
        self.assertTrue(r.headers["Content-Type"].startswith("text/html"))
        page = r.body.decode()
        self.assertIn('<main id="main"', page)
        self.assertIn('lang="zh-CN"', page)
        assets = re.findall(r'(?:src|href)="(/assets/[^"]+)"', page)
        self.assertTrue(any(a.endswith(".js") for a in assets), page)
        self.assertTrue(any(a.endswith(".css") for a in assets), page)
        for a in assets:
            r = self.server.get(a)
            self.assertEqual(r.status, 200, a)
            self.assertIn("immutable", r.headers["Cache-Control"])
            want = "text/javascript" if a.endswith(".js") else "text/css"
            self.assertTrue(r.headers["Content-Type"].startswith(want), (a, r.headers["Content-Type"]))
        # Nothing is fetched from elsewhere at run time.
        self.assertNotRegex(page, r'(?:src|href)="https?://')
        script = self.server.get([a for a in assets if a.endswith(".js")][0]).body.decode()
        self.assertNotRegex(script, r'https?://(?!www\.w3\.org)[a-z0-9.-]+\.(?:com|net|org|cn)/')

    def test_api_clients_still_get_json_at_the_root(self):
        r = self.server.get("/", headers={"Accept": "application/json"})
        self.assertTrue(r.headers["Content-Type"].startswith("application/json"))
        self.assertIn("links", r.json())

    def test_asset_names_cannot_leave_the_web_directory(self):
        for name in ("..%2Findex.html", "..%2F..%2Fsunlight.db", ".hidden", "%2Fetc%2Fpasswd", "no-such.js"):
            r = self.server.get("/assets/" + name)
            self.assertIn(r.status, (400, 404), name)
            self.assertTrue(r.headers["Content-Type"].startswith("application/problem+json"), name)


if __name__ == "__main__":
    unittest.main()
