"""Every service item and every life event of the demo province, end to end, over HTTP.

Not a sample: the test walks the whole catalogue. For each item (and each kind of applicant
it serves: 自然人, 法人) it

  1. finds the item in the catalogue (GET /api/v1/items, and 我要办 search by its name),
  2. decides from the catalogue whether it is offered online; an item that is not is skipped
     with the catalogue's reason (its channels, or a power that takes no applications),
  3. picks an applicant the registers know (a resident; for a business, its registered legal
     representative) and signs in with the demo login,
  4. applies exactly as the guide (GET /api/v1/forms/{code}) says: uploads the materials the
     guide says to upload, relies on the ones it says are shared (免提交) or already held as a
     licence, confirms every condition, and submits the draft,
  5. lets an officer of the handling organisation claim the case and take it through every
     stage (accept, each special step, advance, approve, deliver), and checks it closes
     approved, with an e-licence where the item issues one,

and for each life event it does the same with one application fanned out to its parts, each
part handled by its own department, and checks the life event completes.

Failures do not stop the run: every one is collected (code, name, applicant kind, step, HTTP
status, error body). The same runs on the clean catalogue variant (data/demo-clean, served with
--demo-data).

KNOWN FAILURES: tests/integration/every_item_known.txt lists the journeys (variant, code, applicant
kind) that fail today for known server bugs being fixed, each with its root cause. The list lets
the test pass meanwhile without hiding anything, and it can only shrink: the test fails for
  - a failing journey that is not listed (a new failure: printed in full, grouped by step),
  - a listed journey that passes ("fixed, remove from every_item_known.txt: ...") or is not run
    any more.
Each variant prints its counts: journeys passed / known failing / new failures / fixed.
  SUNLIGHT_EVERY_ITEM_STRICT=1       ignore the list: every failure fails (for when it is empty)
  SUNLIGHT_EVERY_ITEM_WRITE_KNOWN=1  rewrite the list from the current failures instead of failing:
                                     journeys still failing keep their line and cause header, the
                                     others are dropped, new ones go under "# unclassified"

Standalone: SUNLIGHT_BIN=/path/to/sunlight python3 tests/integration/test_every_item.py -v
"""
import collections
import json
import os
import sqlite3
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import harness  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
DEMO = os.path.join(ROOT, "data", "demo")
CLEAN = os.path.join(ROOT, "data", "demo-clean")
PDF = b"%PDF-1.4\n% material for an every-item journey\n%%EOF\n"
PHONE = "13800000000"

# The catalogue's audiences and the applicant kinds of POST /api/v1/me/cases.
KINDS = {"natural_person": "person", "legal_person": "business"}
KIND_ZH = {"person": "自然人", "business": "法人"}
DELIVERY_STAGES = ("送达", "给付")          # after the decision (docs/cases.md § Handling)
DECISION_STAGES = ("决定", "裁决", "办结")


class StepFailed(Exception):
    """One step of a journey went wrong: which step, the HTTP status and the answer."""

    def __init__(self, step, status=None, body=""):
        super().__init__(step)
        self.step, self.status, self.body = step, status, body


def body_text(r):
    """An answer's body, short and readable: the problem's detail and errors when it is one."""
    try:
        j = r.json()
    except ValueError:
        return r.body.decode(errors="replace")[:500]
    if isinstance(j, dict) and "errors" in j:
        return "; ".join(f"{e.get('field')}: {e.get('message')}" for e in j["errors"]) or j.get("detail", "")
    if isinstance(j, dict) and "detail" in j:
        return j["detail"]
    return json.dumps(j, ensure_ascii=False)[:500]


def expect(r, step, *statuses):
    """The answer's JSON when its status is one of `statuses`, else StepFailed."""
    if r.status not in statuses:
        raise StepFailed(step, r.status, body_text(r))
    return r.json() if r.body else {}


# --- the catalogue, read through the public API ------------------------------------------------

class Catalogue:
    def __init__(self, server):
        self.server = server
        self._powers = {}

    def get(self, path, step):
        return expect(self.server.get(path), step, 200)

    def paged(self, path, key):
        out, offset = [], 0
        while True:
            page = self.get(f"{path}?limit=500&offset={offset}", "list " + key)
            out += page[key]
            offset += len(page[key])
            if not page[key] or offset >= page["total"]:
                return out

    def items(self):
        return self.paged("/api/v1/items", "items")

    def life_events(self):
        return self.paged("/api/v1/life-events", "life_events")

    def power(self, code):
        if code not in self._powers:
            self._powers[code] = self.get(f"/api/v1/powers/{code}", "power")
        return self._powers[code]

    def found_by_search(self, code, name, region):
        """我要办: does searching the item's own name in its region find it?"""
        r = self.get(f"/api/v1/search?q={name}&region={region}&limit=50", "search")
        return code in [x.get("code") for x in r["results"]]

    def why_not_online(self, item):
        """The catalogue's reason the item cannot be applied for online, or None if it can."""
        if "online" not in item.get("channels", []):
            return f"办理渠道不含网上办理：channels = {item.get('channels')}"
        stages = [s["stage"] for s in self.power(item["power"]).get("stages", [])]
        if len(stages) < 2 or stages[0] != "受理":
            return f"权力事项 {item['power']} 的环节不以受理开始，不受理申请：{stages}"
        # The guide's own word: an item without a valid legal basis (法无授权) is not offered.
        form = self.get(f"/api/v1/forms/{item['code']}", "form")
        if not form["online"]:
            return form["not_online"]["zh"]
        return None


# --- applicants: residents and businesses the demo registers hold ------------------------------

class Registers:
    """The demo's synthetic registers, read from the server's database (as test_cases.py does:
    the API has no route that lists register subjects)."""

    def __init__(self, db_path):
        db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        self.records = collections.defaultdict(set)
        for resource, subject in db.execute("SELECT resource, subject FROM register_records"):
            self.records[resource].add(subject)
        dead = self.records.get("death", set())
        busy = {r[0] for r in db.execute("SELECT agent FROM cases WHERE agent IS NOT NULL")}
        # Residents alive and with no case yet (the demo's own cases must not interfere).
        self.persons = sorted(self.records["population"] - dead - busy)
        self.businesses = []
        for subject, record in db.execute(
                "SELECT subject, record FROM register_records WHERE resource = 'business-licence' ORDER BY subject"):
            rec = json.loads(record)
            rep = rec.get("legal_rep_id_number")
            if rec.get("status") == "存续" and rep in self.records["population"] and rep not in dead | busy:
                self.businesses.append((subject, rep))
        db.close()
        self.used = set()

    def has_all(self, subject, resources):
        return all(subject in self.records.get(r, ()) for r in resources)

    def person_with(self, resources):
        """A fresh resident every one of `resources` holds a record of, or None."""
        for p in self.persons:
            if p not in self.used and self.has_all(p, resources):
                self.used.add(p)
                return p
        return None

    def business_with(self, rep_resources):
        """A fresh business whose legal representative every one of `rep_resources` knows."""
        for credit_code, rep in self.businesses:
            if credit_code not in self.used and rep not in self.used and self.has_all(rep, rep_resources):
                self.used.update((credit_code, rep))
                return credit_code, rep
        return None


# --- one journey: apply as the guide says, then handle to a decision ------------------------

class Journey:
    """One application (an item or a life event) by one kind of applicant, from the guide to
    the decision. run_item() and run_life_event() raise StepFailed at the first step that goes
    wrong."""

    def __init__(self, world, code, kind, life_event=False):
        self.w, self.server = world, world.server
        self.code, self.kind, self.life_event = code, kind, life_event
        self.parts = world.parts(code, life_event)

    # 3. the applicant
    def prerequisites(self):
        """The items whose licences this application relies on (免证办) and that this kind of
        applicant obtains first on the platform, deepest first."""
        return self.w.prerequisites(self.parts, self.kind)

    def choose_applicant(self, forms):
        """A resident (or a business and its legal representative) the registers know for every
        material the guide says is shared, in this application and its prerequisites."""
        person_resources = sorted({m["resource"] for f in forms for m in f["materials"]
                                   if m["plan"]["via"] == "shared"})
        if self.kind == "person":
            who = self.w.registers.person_with(person_resources)
            if not who:
                raise StepFailed("choose applicant", None,
                                 f"no resident in the demo registers has records in all of {person_resources}")
            self.citizen, self.business = who, None
        else:
            found = self.w.registers.business_with(person_resources)
            if not found:
                raise StepFailed("choose applicant", None,
                                 f"no business whose legal representative has records in all of {person_resources}")
            self.business, self.citizen = found
        r = self.server.post("/api/v1/auth/demo-login", {"citizen": self.citizen})
        self.token = expect(r, "demo login", 200)["token"]

    def as_same_applicant(self, code):
        """A journey for another item by this journey's applicant."""
        j = Journey(self.w, code, self.kind)
        j.citizen, j.business, j.token = self.citizen, self.business, self.token
        return j

    def obtain_prerequisites(self, prerequisites):
        """The applicant first obtains each licence the guide will count as already held."""
        for pre in prerequisites:
            try:
                j = self.as_same_applicant(pre["code"])
                j.apply(form=self.w.form(pre["code"]))
                j.handle(j.no, pre)
                j.check_licence(j.no, pre)
            except StepFailed as e:
                raise StepFailed(f"prerequisite {pre['code']} {pre['name']} "
                                 f"(for {(pre.get('output') or {}).get('name')}): {e.step}", e.status, e.body)

    # 4. apply
    def upload(self, name):
        r = self.server.post("/api/v1/me/uploads", raw=PDF + f"{self.code} {name}".encode(), token=self.token,
                             headers={"Content-Type": "application/pdf"})
        return expect(r, f"upload 「{name}」", 201)["hash"]

    def application(self, form):
        declarations = [f for f in form["fields"] if f["name"] == "declarations"][0]["items"]
        # The guide: "upload" materials are brought (the required ones), "shared" and
        # "licence" ones are not (免提交).
        to_upload = []
        for m in form["materials"]:
            if m["plan"]["via"] == "upload" and m["required"] and m["name"] not in to_upload:
                to_upload.append(m["name"])
        body = {"life_event" if self.life_event else "item": self.code,
                "form": {"phone": PHONE, "declarations": [True] * len(declarations)},
                "materials": [{"name": n, "upload": self.upload(n)} for n in to_upload]}
        if self.business:
            body["applicant"] = {"kind": "business", "id": self.business}
        return body

    def check_sources(self, form, receipt):
        """The receipt's sources are the ones the guide promised."""
        promised = {"upload": "upload", "shared": "shared", "licence": "licence"}
        for case in receipt["cases"]:
            got = {m["name"]: m["via"] for m in case["materials"]}
            for m in form["materials"]:
                if m.get("item", case["item"]) != case["item"] or not m["required"]:
                    continue
                if got.get(m["name"]) != promised[m["plan"]["via"]]:
                    raise StepFailed("apply: material source", 201,
                                     f"{case['item']}「{m['name']}」: guide says {m['plan']['via']}, "
                                     f"case says {got.get(m['name'])}")

    def apply(self, form=None):
        """Applies (for a journey with an applicant) or picks the applicant, obtains the
        prerequisite licences and applies (for a new one)."""
        if form is None:
            form = self.w.form(self.code)
            prerequisites = self.prerequisites()
            self.choose_applicant([form] + [self.w.form(p["code"]) for p in prerequisites])
            self.obtain_prerequisites(prerequisites)
        # The guide as the signed-in applicant sees it: each material fetched, held, or to upload.
        query = f"?business={self.business}" if self.business else ""
        form = expect(self.server.get(f"/api/v1/me/forms/{self.code}{query}", token=self.token),
                      "my form", 200)
        if self.business and form.get("audience") == ["legal_person"]:
            # Without naming the business, a form for businesses only is planned for the one
            # the person represents, or asks which one (never planned for the person).
            mine = expect(self.server.get(f"/api/v1/me/forms/{self.code}", token=self.token),
                          "my form without business=", 200)
            if mine.get("business") != self.business and self.business not in mine.get("businesses", []):
                raise StepFailed("my form without business=", 200,
                                 f"planned for {mine.get('business')}, offering {mine.get('businesses')}, "
                                 f"not {self.business}")
        body = self.application(form)
        receipt = expect(self.server.post("/api/v1/me/cases", body, token=self.token), "apply", 201)
        self.check_sources(form, receipt)
        self.no = receipt["no"]
        if receipt["status"] == "draft":  # fetched data waits for the applicant's preview
            expect(self.server.post(f"/api/v1/me/cases/{self.no}/submit", token=self.token), "submit", 200)
        return receipt

    # 5. handle
    def act(self, officer, no, action, label, **extra):
        """POST /api/v1/cases/{no}/actions; `label` names the step in a failure."""
        r = self.server.post(f"/api/v1/cases/{no}/actions", dict(extra, action=action), token=officer)
        return expect(r, label, 200)

    def case(self, officer, no):
        return expect(self.server.get(f"/api/v1/cases/{no}", token=officer), "officer reads the case", 200)

    def handle(self, no, item):
        """Claim, accept, each special step, advance to the decision, approve, deliver."""
        officer = self.w.officer_token(item["org"])
        if not officer:
            raise StepFailed("find officer", None, f"no active officer of the handling organisation {item['org']}")
        expect(self.server.post(f"/api/v1/cases/{no}/claim", token=officer), "claim", 200)
        self.act(officer, no, "accept", "accept")
        for special in item.get("special_steps", []):
            self.act(officer, no, "special_start", f"special_start 「{special['name']}」", step=special["name"])
            self.act(officer, no, "special_end", f"special_end 「{special['name']}」")
        for _ in range(20):
            k = self.case(officer, no)
            if k["status"] != "in_progress":
                break
            decision = max(i for i, s in enumerate(k["stages"]) if s not in DELIVERY_STAGES)
            if k["stages"][decision] not in DECISION_STAGES:
                raise StepFailed("stages", None, f"no decision stage among {k['stages']}")
            if k["stage"] != k["stages"][decision]:
                self.act(officer, no, "advance", f"advance from {k['stage']}")
            else:
                self.act(officer, no, "approve", f"approve at {k['stage']}")
        if k["status"] == "decided":
            self.act(officer, no, "deliver", f"deliver at {k['stage']}")
            k = self.case(officer, no)
        if (k["status"], k["outcome"]) != ("closed", "approved"):
            raise StepFailed("outcome", None, f"status {k['status']}, outcome {k['outcome']}, stage {k['stage']}")
        return k

    def check_licence(self, no, item):
        """An item whose output is a licence issues an e-licence: on the case, and in 我的证照."""
        if not (item.get("output") or {}).get("licence"):
            return
        mine = expect(self.server.get(f"/api/v1/me/cases/{no}", token=self.token), "applicant reads the case", 200)
        if not mine.get("credentials"):
            raise StepFailed("licence on the case", None, f"{item['output'].get('name')} not issued on {no}")
        creds = expect(self.server.get("/api/v1/me/credentials", token=self.token), "my credentials", 200)
        if no not in [c.get("case") for c in creds["credentials"]]:
            holder = f"business {self.business} (represented by {self.citizen})" if self.business else self.citizen
            raise StepFailed("licence in 我的证照", 200,
                             f"credential {mine['credentials'][0]['id']} of {no} not in GET /api/v1/me/credentials "
                             f"of the applicant {holder}")

    def run_item(self, item):
        self.apply()
        self.handle(self.no, item)
        self.check_licence(self.no, item)

    def run_life_event(self, items):
        """One application, a case per part in its own department, the parent completes."""
        receipt = self.apply()
        parts = receipt["cases"]
        if sorted(c["item"] for c in parts) != sorted(items):
            raise StepFailed("fan out", 201, f"parts {[c['item'] for c in parts]}, life event lists {sorted(items)}")
        # A part that takes a licence from an earlier part cannot be accepted before that
        # part is approved: 受理 would start its clock on an application without it.
        numbers = {c["no"] for c in parts}
        for part in parts:
            item = self.w.item(part["item"])
            officer = self.w.officer_token(item["org"])
            if not officer:
                continue
            k = self.case(officer, part["no"])
            waits = [m for m in k.get("materials", []) if m.get("via") == "licence" and m.get("licence_case") in numbers]
            if waits:
                print(f"  {part['no']} {item['name']} waits for 「{waits[0]['name']}」 from {waits[0]['licence_case']}")
                r = self.server.post(f"/api/v1/cases/{part['no']}/actions", {"action": "accept"}, token=officer)
                if r.status != 409 or waits[0]["licence_case"] not in body_text(r):
                    raise StepFailed(f"part {part['item']} {item['name']}: accepted before the part issuing "
                                     f"「{waits[0]['name']}」 was approved", r.status, body_text(r))
        def parent_status():
            return expect(self.server.get(f"/api/v1/me/cases/{self.no}", token=self.token),
                          "applicant reads the case", 200)["status"]
        if parent_status() != "submitted":
            raise StepFailed("life event status before any part is handled", None, parent_status())
        for n, part in enumerate(parts):
            item = self.w.item(part["item"])
            if part["org"] != item["org"]:
                raise StepFailed("fan out", 201, f"{part['no']} is with {part['org']}, the item's org is {item['org']}")
            try:
                self.handle(part["no"], item)
                self.check_licence(part["no"], item)
            except StepFailed as e:
                raise StepFailed(f"part {part['item']} {item['name']}: {e.step}", e.status, e.body)
            if n + 1 < len(parts) and parent_status() != "in_progress":
                raise StepFailed(f"life event status with {n + 1} of {len(parts)} parts done", None,
                                 parent_status())
        parent = expect(self.server.get(f"/api/v1/me/cases/{self.no}", token=self.token),
                        "applicant reads the case", 200)
        if (parent["status"], parent.get("outcome")) != ("closed", "approved"):
            raise StepFailed("life event completes", None,
                             f"status {parent['status']}, outcome {parent.get('outcome')}")
        if "case.completed" not in [s["type"] for s in parent["timeline"]]:
            raise StepFailed("life event completes", None, "no case.completed step on the timeline")


# --- the whole catalogue -------------------------------------------------------------------------

Failure = collections.namedtuple("Failure", "code name kind step status body")


class World:
    """The running server, its catalogue, registers and officers."""

    def __init__(self, server):
        self.server = server
        self.catalogue = Catalogue(server)
        self.registers = Registers(os.path.join(server.data, "sunlight.db"))
        self.admin = server.login("admin")
        self._officers, self._items, self._by_catalog = {}, {}, None

    def item(self, code):
        if code not in self._items:
            self._items[code] = self.catalogue.get(f"/api/v1/items/{code}", "item detail")
        return self._items[code]

    def form(self, code):
        return expect(self.server.get(f"/api/v1/forms/{code}"), "form", 200)

    def parts(self, code, life_event):
        """The items an application for `code` creates cases for."""
        if not life_event:
            return [self.item(code)]
        event = self.catalogue.get(f"/api/v1/life-events/{code}", "life event detail")
        return [self.item(c) for c in event["items"]]

    def issuer(self, catalog_code, region):
        """The item issuing the licence with `catalog_code` for `region`: in the region, else up
        the region tree (as the circular-proof analysis looks for it)."""
        if self._by_catalog is None:
            self._by_catalog = collections.defaultdict(dict)
            for i in self.catalogue.items():
                self._by_catalog[i["catalog_code"]][i["region"]] = i["code"]
        regions = self._by_catalog.get(catalog_code, {})
        for r in (region, region[:4] + "00", region[:2] + "0000"):
            if r in regions:
                return self.item(regions[r])
        return None

    def prerequisites(self, parts, kind, seen=None):
        """The issuing items of the licences `parts` need that `kind` obtains on the platform
        first, deepest first. Not: a business's 营业执照 (the business-licence register already
        holds it: that is what makes it a business), an issuer that does not serve `kind`, a part
        of the same application, or a licence on a circular chain (循环证明)."""
        seen = set(seen or ()) | {p["code"] for p in parts}
        out = []
        for part in parts:
            for m in part["materials"]:
                if m["source"]["kind"] != "licence" or not m["required"]:
                    continue
                issuer = self.issuer(m["source"].get("catalog_code", ""), part["region"])
                if not issuer or issuer["code"] in seen or kind not in audiences([issuer]):
                    continue
                if kind == "business" and (issuer.get("output") or {}).get("name") == "营业执照":
                    continue
                deeper = self.prerequisites([issuer], kind, seen)
                seen |= {issuer["code"]} | {d["code"] for d in deeper}
                out += [d for d in deeper if d not in out] + [issuer]
        return out

    def officer_token(self, org):
        """A token for an active officer of `org` (the first by id), or None."""
        if org not in self._officers:
            officers = expect(self.server.get(f"/api/v1/officers?org={org}", token=self.admin), "officers", 200)
            ids = sorted(o["id"] for o in officers["officers"]
                         if "officer" in o.get("roles", []) and o.get("active", True))
            self._officers[org] = self.server.login(ids[0]) if ids else None
        return self._officers[org]


class Tally:
    """Counts and outcomes of one kind of record (items or life events): every journey, keyed by
    (code, applicant kind), passed (None) or its Failure."""

    def __init__(self, what):
        self.what = what
        self.total = self.online = self.passed = 0
        self.unclassified = 0  # records whose catalogue entry could not be read or found
        self.skipped, self.failures = [], []
        self.codes = {}        # every code the catalogue lists, run or not -> its name
        self.outcomes = {}     # (code, kind) -> None (passed) or Failure

    def fail(self, failure):
        self.failures.append(failure)
        self.outcomes.setdefault((failure.code, failure.kind), failure)

    def journeys(self, code, name, kinds, run):
        """Runs one journey per applicant kind; the record passes when every one does."""
        ok = True
        for kind in kinds:
            try:
                run(kind)
                self.outcomes[(code, KIND_ZH[kind])] = None
            except StepFailed as e:
                ok = False
                self.fail(Failure(code, name, KIND_ZH[kind], e.step, e.status, e.body))
        self.passed += ok

    def counts(self):
        failed = len({f.code for f in self.failures})
        return (f"{self.what}: {self.total} total, {self.online} online, {len(self.skipped)} skipped with the "
                f"catalogue's reason, {self.passed} passed, {failed} failed ({len(self.failures)} failed journeys)")

    @staticmethod
    def by_step(failures):
        lines = []
        groups = collections.defaultdict(list)
        for f in failures:
            # "part X: apply", "prerequisite Y: apply" are grouped as "part", "prerequisite".
            groups[f.step.split(" ")[0] if f.step.startswith(("part ", "prerequisite ")) else f.step].append(f)
        for step, fs in sorted(groups.items(), key=lambda x: -len(x[1])):
            lines.append(f"  -- failed at {step}: {len(fs)}")
            lines += [f"     {f.code} {f.name} [{f.kind}] {f.step} → HTTP {f.status}: {f.body}" for f in fs]
        return lines


def audiences(records):
    """Applicant kinds served by any of the records, in a fixed order (自然人 first)."""
    kinds = {KINDS[a] for r in records for a in r.get("audience", []) if a in KINDS}
    return [k for k in ("person", "business") if k in kinds]


def every_item(world):
    tally = Tally("service items")
    for listed in world.catalogue.items():
        tally.total += 1
        code, name = listed["code"], listed["name"]
        tally.codes[code] = name
        try:
            item = world.item(code)
            reason = world.catalogue.why_not_online(item)
            if not world.catalogue.found_by_search(code, name, item["region"]):
                raise StepFailed("find (我要办 search by name in its region)", 200, f"{code} not among the results")
        except StepFailed as e:
            tally.fail(Failure(code, name, "-", e.step, e.status, e.body))
            tally.unclassified += 1
            continue
        if reason:
            tally.skipped.append((code, name, reason))
            continue
        tally.online += 1
        kinds = audiences([item])
        if not kinds:
            tally.fail(Failure(code, name, "-", "audience", None, f"no audience: {item.get('audience')}"))
            continue
        tally.journeys(code, name, kinds, lambda kind: Journey(world, code, kind).run_item(item))
    return tally


def every_life_event(world):
    tally = Tally("life events")
    for listed in world.catalogue.life_events():
        tally.total += 1
        code, name = listed["code"], listed["name"]
        tally.codes[code] = name
        try:
            event = world.catalogue.get(f"/api/v1/life-events/{code}", "life event detail")
            parts = [world.item(c) for c in event["items"]]
        except StepFailed as e:
            tally.fail(Failure(code, name, "-", e.step, e.status, e.body))
            tally.unclassified += 1
            continue
        reasons = [f"{p['code']} {p['name']}: {r}" for p in parts if (r := world.catalogue.why_not_online(p))]
        form = world.form(code)
        if not form["online"]:
            reasons.append(form["not_online"]["zh"])
        if reasons:
            tally.skipped.append((code, name, "; ".join(reasons)))
            continue
        tally.online += 1
        # Every kind of applicant the guide says may apply (a life event that founds a business
        # takes its founder for the business's parts).
        kinds = [KINDS[a] for a in form["audience"] if a in KINDS]
        tally.journeys(code, name, kinds,
                       lambda kind: Journey(world, code, kind, life_event=True).run_life_event(event["items"]))
    return tally


# --- the known failures: every_item_known.txt ----------------------------------------------------
#
# The journeys that fail today for server bugs already known and being fixed. The list only lets
# the test pass while those fixes land; it hides nothing and can only shrink:
#   - a failing journey NOT on the list fails the test (a new failure, printed in full);
#   - a listed journey that now passes fails the test ("fixed, remove from every_item_known.txt: …"),
#     and so does a listed journey the test no longer runs;
#   - SUNLIGHT_EVERY_ITEM_STRICT=1 ignores the list: every failure fails (for the day it is empty);
#   - SUNLIGHT_EVERY_ITEM_WRITE_KNOWN=1 rewrites the list from the current failures instead of
#     failing: journeys that still fail keep their line (cause and header), fixed ones are dropped
#     (and a header left with no journey), new failures go under "# unclassified".

KNOWN_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "every_item_known.txt")
STRICT = os.environ.get("SUNLIGHT_EVERY_ITEM_STRICT") == "1"
WRITE_KNOWN = os.environ.get("SUNLIGHT_EVERY_ITEM_WRITE_KNOWN") == "1"
VARIANTS = ("demo", "demo-clean")
KIND_NAMES = {"自然人": "自然人", "法人": "法人", "person": "自然人", "business": "法人", "-": "-"}
UNCLASSIFIED = "# unclassified: new failures with no known cause yet; fix them, or move each under its cause"


class KnownFailures:
    """every_item_known.txt: `<variant> <code> <kind> — <cause>` a line, under `#` cause headers."""

    def __init__(self, path=KNOWN_FILE):
        self.path = path
        self.lines = []
        self.entries = {}  # (variant, code, kind) -> cause
        if not os.path.exists(path):
            if not (STRICT or WRITE_KNOWN):
                raise FileNotFoundError(f"{path}: the list of known failures is missing "
                                        "(SUNLIGHT_EVERY_ITEM_WRITE_KNOWN=1 writes it)")
            return
        with open(path, encoding="utf-8") as f:
            self.lines = f.read().splitlines()
        for n, line in enumerate(self.lines, 1):
            if not self.is_entry(line):
                continue
            key, cause = self.parse(line)
            if not key:
                raise ValueError(f"{path}:{n}: not `<variant> <code> <kind> — <cause>` with variant in {VARIANTS} "
                                 f"and kind in {sorted(KIND_NAMES)}: {line!r}")
            if key in self.entries:
                raise ValueError(f"{path}:{n}: listed twice: {' '.join(key)}")
            self.entries[key] = cause

    @staticmethod
    def is_entry(line):
        return bool(line.strip()) and not line.lstrip().startswith("#")

    @staticmethod
    def parse(line):
        head, sep, cause = line.partition("—")
        words = head.split()
        if not sep or not cause.strip() or len(words) != 3 or words[0] not in VARIANTS or words[2] not in KIND_NAMES:
            return None, None
        return (words[0], words[1], KIND_NAMES[words[2]]), cause.strip()

    def rewrite(self, keep, new):
        """Rewrites the file: an entry stays when keep(key); `new` {key: cause} go under
        # unclassified. Blocks are separated by blank lines; a block that had entries and has none
        left goes (with its header); a block of comments only (the top of the file) stays."""
        blocks, block = [], []
        for line in self.lines + [""]:
            if line.strip():
                block.append(line)
            elif block:
                blocks.append(block)
                block = []
        out = []
        for b in blocks:
            if not any(self.is_entry(l) for l in b):
                out.append(b)
                continue
            kept = [l for l in b if not self.is_entry(l) or keep(self.parse(l)[0])]
            if any(self.is_entry(l) for l in kept):
                out.append(kept)
        if new:
            lines = [f"{v} {c} {k} — {cause}" for (v, c, k), cause in sorted(new.items())]
            home = [b for b in out if b[0] == UNCLASSIFIED]
            if home:
                home[0] += lines
            else:
                out.append([UNCLASSIFIED] + lines)
        with open(self.path, "w", encoding="utf-8") as f:
            f.write("\n\n".join("\n".join(b) for b in out) + "\n")


def short_cause(f):
    """A new failure's line in # unclassified: its step and the server's answer, on one line."""
    return " ".join(f"{f.step} → HTTP {f.status}: {f.body}".split())[:200]


KNOWN = KnownFailures()
RESULTS = {}  # (variant, what) -> (the keys this test accounts for, its failures by key), for WRITE_KNOWN


def tearDownModule():
    if not WRITE_KNOWN or not RESULTS:
        return
    claimed, failing = set(), {}
    for keys, fails in RESULTS.values():
        claimed |= keys
        failing.update(fails)
    new = {k: short_cause(f) for k, f in failing.items() if k not in KNOWN.entries}
    KNOWN.rewrite(lambda k: k not in claimed or k in failing, new)
    gone = [k for k in KNOWN.entries if k in claimed and k not in failing]
    sys.stderr.write(f"\nwrote {KNOWN.path}: {len(failing)} failing journeys of the variants run, "
                     f"{len(gone)} removed, {len(new)} new under # unclassified\n")


class EveryItem:
    """The journeys on one catalogue variant (DATA, loaded with --demo --demo-data DATA), checked
    against the known failures of every_item_known.txt (see above)."""
    DATA = DEMO

    @classmethod
    def setUpClass(cls):
        cls.variant = os.path.basename(cls.DATA)
        cls.counts = collections.Counter()
        cls.server = harness.Server(demo=True, extra=["--demo-data", cls.DATA]).start(timeout=300)
        cls.world = World(cls.server)

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()
        c = cls.counts
        if c:
            sys.stderr.write(f"\n[{cls.variant}] every item and life event: {c['journeys']} journeys, "
                             f"{c['passed']} passed, {c['known']} known failing, {c['new']} new failures, "
                             f"{c['fixed']} fixed"
                             + (f", {c['stale']} listed but not run" if c['stale'] else "")
                             + (" (SUNLIGHT_EVERY_ITEM_STRICT=1: list ignored)" if STRICT else "") + "\n")

    def report(self, tally, claims):
        """Compares the journeys with the known list; `claims(code)`: the listed journeys of this
        variant with that code belong to this test."""
        self.assertEqual(tally.total, tally.online + len(tally.skipped) + tally.unclassified)
        self.assertGreater(tally.total, 0)
        known = {} if STRICT else {k: c for k, c in KNOWN.entries.items() if k[0] == self.variant and claims(k[1])}
        failing = {(self.variant,) + key: f for key, f in tally.outcomes.items() if f}
        passing = {(self.variant,) + key for key, f in tally.outcomes.items() if not f}
        new = [f for k, f in failing.items() if k not in known]
        fixed = sorted(k for k in known if k in passing)
        stale = sorted(k for k in known if k not in passing and k not in failing)
        RESULTS[(self.variant, tally.what)] = ({k for k in KNOWN.entries if k[0] == self.variant and claims(k[1])},
                                               failing)
        counts = {"journeys": len(tally.outcomes), "passed": len(passing), "known": len(failing) - len(new),
                  "new": len(new), "fixed": len(fixed), "stale": len(stale)}
        self.counts.update(counts)
        summary = (f"[{self.variant}] {tally.what}: {counts['journeys']} journeys, {counts['passed']} passed, "
                   f"{counts['known']} known failing, {counts['new']} new failures, {counts['fixed']} fixed"
                   + (f", {counts['stale']} listed but not run" if stale else ""))
        # The counts and the skipped records always; the findings below.
        sys.stderr.write("\n" + summary + "\n  " + tally.counts() + "\n"
                         + "".join(f"  skipped {code} {name}: {why}\n" for code, name, why in tally.skipped))
        lines = []
        if new:
            lines.append(f"{len(new)} new failures (not in {os.path.basename(KNOWN_FILE)}"
                         + (" or SUNLIGHT_EVERY_ITEM_STRICT=1: the list is ignored" if STRICT else "") + "):")
            lines += Tally.by_step(new)
        for k in fixed:
            lines.append(f"fixed, remove from {os.path.basename(KNOWN_FILE)}: {' '.join(k)} "
                         f"{tally.codes.get(k[1], '')} — {known[k]}")
        for k in stale:
            lines.append(f"listed but not run any more (not in the catalogue, not online, or not for this kind of "
                         f"applicant), remove from {os.path.basename(KNOWN_FILE)}: {' '.join(k)} — {known[k]}")
        if lines and WRITE_KNOWN:
            sys.stderr.write("\n".join(lines) + "\n(SUNLIGHT_EVERY_ITEM_WRITE_KNOWN=1: the list is rewritten)\n")
        elif lines:
            self.fail(summary + "\n" + "\n".join(lines))

    def test_every_item(self):
        tally = every_item(self.world)
        self.report(tally, lambda code: code in tally.codes)

    def test_every_life_event(self):
        tally = every_life_event(self.world)
        items = {i["code"] for i in self.world.catalogue.items()}
        # Also the listed journeys of codes the catalogue no longer has at all.
        self.report(tally, lambda code: code in tally.codes or code not in items)


class DemoProvince(EveryItem, unittest.TestCase):
    DATA = DEMO


class CleanVariant(EveryItem, unittest.TestCase):
    DATA = CLEAN


if __name__ == "__main__":
    unittest.main()
