"""Every route × every kind of caller: the roles a route needs are stated once, in its route
table entry (published in /openapi.json as `x-access`), and the server refuses every caller
that does not hold one of them — and no one else.

Callers: no token, a citizen, and officers holding exactly one role each (officer, admin,
auditor; an account holds at least one). Every path parameter is "0" and every body is
empty, so an allowed caller gets whatever the handler says of nonsense (400, 404, …) — never
the route's own refusal."""
import json
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import harness  # noqa: E402

# Which callers each access admits. A route's refusal of the caller's kind or role is what
# this test looks for; everything else the handler answers is its own business.
EVERYONE = {"anonymous", "citizen", "officer", "admin", "auditor"}
ADMITS = {
    "public": EVERYONE,
    "demo": EVERYONE,
    "citizen": {"citizen"},
    "staff": {"officer", "admin", "auditor"},
    "officer": {"officer"},
    "case-reader": {"officer", "auditor"},
    "admin": {"admin"},
    "auditor": {"auditor"},
}

# The route-level refusals, in English (?lang=en): authentication, the caller's kind, the role.
ROUTE_REFUSAL = re.compile(r"authentication required|this route is for|this route needs the")


class RolesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = harness.Server(demo=True).start()
        me = cls.server.output().split("demo citizen: ")[1].split(" ")[0]
        cls.tokens = {
            "anonymous": None,
            "citizen": cls.server.post("/api/v1/auth/demo-login", {"citizen": me}).json()["token"],
            "officer": cls.server.login("sfs-civil-01"),
            "admin": cls.server.login("admin"),
            "auditor": cls.server.login("auditor"),
        }
        cls.openapi = cls.server.get("/openapi.json").json()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def operations(self):
        for path, item in self.openapi["paths"].items():
            for method, op in item.items():
                yield method.upper(), path, op

    def test_every_operation_states_who_may_call_it(self):
        for method, path, op in self.operations():
            with self.subTest(route=f"{method} {path}"):
                self.assertIn(op.get("x-access"), ADMITS)
                needs_token = op["x-access"] not in ("public", "demo")
                self.assertEqual("security" in op, needs_token)

    def test_the_routes_the_review_found_open_need_the_officer_role(self):
        ops = {(m, p): op["x-access"] for m, p, op in self.operations()}
        self.assertEqual(ops[("POST", "/api/v1/access")], "officer")
        for (method, path), access in ops.items():
            if path.startswith("/api/v1/cases/") and method == "POST":
                self.assertEqual(access, "officer", f"{method} {path}")
            if path.startswith("/api/v1/credentials/{id}/") and method == "POST":
                self.assertEqual(access, "officer", f"{method} {path}")
            if path.startswith("/api/v1/oversight/"):
                self.assertEqual(access, "auditor", f"{method} {path}")

    def test_every_route_refuses_every_caller_it_does_not_admit_and_no_other(self):
        checked = 0
        for method, path, op in self.operations():
            url = re.sub(r"\{[^}]+\}", "0", path)
            url += ("&" if "?" in url else "?") + "lang=en"
            for who, token in self.tokens.items():
                with self.subTest(route=f"{method} {path}", caller=who):
                    r = self.server.request(method, url, body={} if method == "POST" else None,
                                            token=token)
                    detail = ""
                    if r.headers.get("Content-Type", "").startswith("application/problem+json"):
                        body = json.loads(r.body)
                        detail = f"{body.get('title', '')} {body.get('detail', '')}"
                    refused = r.status in (401, 403) and ROUTE_REFUSAL.search(detail) is not None
                    if who in ADMITS[op["x-access"]]:
                        self.assertFalse(refused, f"{who} refused: {r.status} {detail}")
                    else:
                        self.assertTrue(refused, f"{who} let through: {r.status} {r.body[:200]!r}")
                        self.assertEqual(r.status, 401 if who == "anonymous" else 403)
                    checked += 1
        self.assertGreater(checked, 5 * 100)  # about 120 routes, five callers each


if __name__ == "__main__":
    unittest.main()
