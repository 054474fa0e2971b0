"""E-licences: approving a licence-producing item issues a W3C VC 2.0 vc+jwt (ES256) that
an independent JOSE implementation (jose, from npm) verifies offline from the JWKS; revocation
and suspension reach verifiers through the Bitstring Status Lists; `sunlight
verify-credential` and the verification endpoint agree."""
import base64
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import harness  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
JOSE_DIR = os.path.join(HERE, "..", "credentials")
PDF = b"%PDF-1.4\n% test\n%%EOF\n"


def b64url_json(part):
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


class CredentialsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = harness.Server(demo=True).start(timeout=300)
        cls.tmp = tempfile.mkdtemp(prefix="sunlight-vc-")
        db = sqlite3.connect(os.path.join(cls.server.data, "sunlight.db"))
        cls.who = db.execute(
            "SELECT subject FROM register_records WHERE resource = 'population'"
            " AND subject NOT IN (SELECT agent FROM cases WHERE agent IS NOT NULL) ORDER BY subject LIMIT 1").fetchone()[0]
        db.close()
        cls.police = cls.server.login("mc-police-01")
        cls.hrss = cls.server.login("mc-hrss-01")
        cls.citizen = cls.server.post("/api/v1/auth/demo-login", {"citizen": cls.who}).json()["token"]
        cls.no, cls.credential = cls.issue()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    @classmethod
    def issue(cls):
        """A citizen renews an identity card (居民身份证换领, output 居民身份证); the police approve."""
        s, tok = cls.server, cls.citizen
        mats = []
        for name in ("原居民身份证", "数码相片（现场采集）"):
            r = s.post("/api/v1/me/uploads", raw=PDF + name.encode(), token=tok, headers={"Content-Type": "application/pdf"})
            mats.append({"name": name, "upload": r.json()["hash"]})
        form = {"phone": "13800000000", "declarations": [True]}  # 居民身份证换领 has one condition
        no = s.post("/api/v1/me/cases", {"item": "990100-000502-01", "materials": mats, "form": form},
                    token=tok).json()["no"]
        s.post(f"/api/v1/me/cases/{no}/submit", token=tok)
        for action in ("accept", "advance", "approve", "deliver"):
            r = s.post(f"/api/v1/cases/{no}/actions", {"action": action}, token=cls.police)
            assert r.status == 200, r.body
        creds = [c for c in s.get("/api/v1/me/credentials", token=tok).json()["credentials"] if c["case"] == no]
        assert len(creds) == 1, creds
        return no, creds[0]

    def write(self, name, text):
        path = os.path.join(self.tmp, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def snapshot(self):
        """The JWKS and both status lists as a verifier would download them, as files."""
        jwks = self.write("jwks.json", self.server.get("/.well-known/jwks.json").body.decode())
        lists = []
        for purpose in ("revocation", "suspension"):
            r = self.server.get(f"/credentials/status/{purpose}")
            self.assertEqual(r.status, 200)
            self.assertTrue(r.headers["Content-Type"].startswith("application/vc+jwt"))
            lists.append(self.write(f"{purpose}.jwt", r.body.decode()))
        return jwks, lists

    def jose(self, jwt):
        jwks, lists = self.snapshot()
        path = self.write("credential.jwt", jwt)
        p = subprocess.run(["node", "verify.mjs", path, jwks, *lists], cwd=JOSE_DIR, capture_output=True, text=True,
                           timeout=60)
        self.assertTrue(p.stdout, p.stderr)
        return json.loads(p.stdout)

    def cli(self, jwt, *extra):
        path = self.write("credential.jwt", jwt)
        p = subprocess.run([harness.SUNLIGHT, "verify-credential", path, *extra], capture_output=True, text=True, timeout=60)
        return p.returncode, json.loads(p.stdout) if p.stdout.strip() else p.stderr

    def endpoint(self, jwt):
        return self.server.post("/api/v1/credentials/verify", {"credential": jwt}).json()

    def set_status(self, action, token=None):
        return self.server.post(f"/api/v1/credentials/{self.credential['id']}/{action}", {"reason": "测试"},
                                token=token or self.police)

    def test_1_the_credential_is_a_vc2_jwt_signed_es256_with_raw_r_s(self):
        jwt = self.credential["credential"]
        header_b64, payload_b64, sig_b64 = jwt.split(".")
        header, payload = b64url_json(header_b64), b64url_json(payload_b64)
        self.assertEqual(header["alg"], "ES256")
        self.assertEqual(header["typ"], "vc+jwt")
        jwks = self.server.get("/.well-known/jwks.json").json()
        self.assertEqual(header["kid"], jwks["keys"][0]["kid"])
        self.assertEqual(jwks["keys"][0]["crv"], "P-256")
        self.assertNotIn("d", jwks["keys"][0])  # never the private half
        # JOSE ES256 signatures are R‖S, 64 bytes — not a DER SEQUENCE.
        self.assertEqual(len(base64.urlsafe_b64decode(sig_b64 + "=" * (-len(sig_b64) % 4))), 64)
        self.assertEqual(payload["@context"][0], "https://www.w3.org/ns/credentials/v2")
        self.assertIn("VerifiableCredential", payload["type"])
        self.assertEqual(payload["name"], "居民身份证")
        self.assertEqual(payload["credentialSubject"]["identifier"], self.who)
        self.assertEqual(payload["credentialSubject"]["licence"]["case"], self.no)
        purposes = {e["statusPurpose"]: e for e in payload["credentialStatus"]}
        self.assertEqual(set(purposes), {"revocation", "suspension"})
        self.assertEqual(purposes["revocation"]["type"], "BitstringStatusListEntry")
        # The issuance is on the log without the holder.
        entry = self.server.get(f"/api/v1/log/entries/{self.credential['index']}").json()
        self.assertNotIn(self.who, json.dumps(entry))
        self.assertEqual(entry["entry"]["type"], "credential.issued")
        # The case shows its licence to its applicant.
        case = self.server.get(f"/api/v1/me/cases/{self.no}", token=self.citizen).json()
        self.assertEqual([c["id"] for c in case["credentials"]], [self.credential["id"]])

    def test_2_jose_the_cli_and_the_endpoint_accept_it(self):
        jwt = self.credential["credential"]
        verdict = self.jose(jwt)
        self.assertTrue(verdict["valid"], verdict)
        self.assertEqual(verdict["status"], {"revocation": "ok", "suspension": "ok"})
        rc, out = self.cli(jwt, "--url", self.server.url)
        self.assertEqual(rc, 0, out)
        self.assertEqual(out["status"], {"revocation": "ok", "suspension": "ok"})
        # Offline: the JWKS and status lists as files, no network.
        jwks, lists = self.snapshot()
        rc, out = self.cli(jwt, "--jwks", jwks, *sum((["--status-list", f] for f in lists), []))
        self.assertEqual(rc, 0, out)
        self.assertTrue(self.endpoint(jwt)["valid"])

    def test_3_a_tampered_credential_is_rejected_everywhere(self):
        jwt = self.credential["credential"]
        header, payload, sig = jwt.split(".")
        claims = b64url_json(payload)
        claims["credentialSubject"]["name"] = "张三"
        forged = header + "." + base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=") + "." + sig
        verdict = self.jose(forged)
        self.assertFalse(verdict["valid"])
        self.assertIn("signature", verdict["error"].lower())
        rc, out = self.cli(forged, "--url", self.server.url)
        self.assertEqual(rc, 1)
        self.assertFalse(out["signature_valid"])
        self.assertFalse(self.endpoint(forged)["signature_valid"])

    def test_4_suspension_then_revocation_reach_verifiers_through_the_status_lists(self):
        jwt = self.credential["credential"]
        # Only the issuing organisation changes the status.
        self.assertEqual(self.set_status("suspend", self.hrss).status, 403)
        self.assertEqual(self.set_status("reinstate").status, 409)  # not suspended
        self.assertEqual(self.server.post(f"/api/v1/credentials/{self.credential['id']}/revoke", {},
                                          token=self.police).status, 400)  # the reason is required
        self.assertEqual(self.set_status("suspend").status, 200)
        self.assertEqual(self.jose(jwt)["status"], {"revocation": "ok", "suspension": "suspended"})
        self.assertEqual(self.cli(jwt, "--url", self.server.url)[0], 1)
        self.assertEqual(self.set_status("reinstate").status, 200)
        self.assertTrue(self.jose(jwt)["valid"])
        self.assertEqual(self.set_status("revoke").status, 200)
        verdict = self.jose(jwt)
        self.assertFalse(verdict["valid"])
        self.assertEqual(verdict["status"]["revocation"], "revoked")
        rc, out = self.cli(jwt, "--url", self.server.url)
        self.assertEqual((rc, out["status"]["revocation"]), (1, "revoked"))
        r = self.endpoint(jwt)
        self.assertTrue(r["signature_valid"])
        self.assertFalse(r["valid"])
        self.assertEqual(r["status"]["revocation"], "revoked")
        self.assertEqual(self.set_status("reinstate").status, 409)  # revocation is final
        self.assertEqual(self.server.get("/credentials/status/other").status, 404)


if __name__ == "__main__":
    unittest.main()
