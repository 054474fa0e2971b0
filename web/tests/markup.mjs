// Planted markup: through the API, as the administrator, officers and the demo citizen, put
// markup into every name and text a user can write — a region, two departments, an officer,
// a law's title and article, a data resource and its field, two powers (name, object, duties,
// accountability), service items (name, conditions, materials, fees, places, special steps,
// description, what they issue), a life event, a case's form, comments, visits, handling
// notes, ratings, the rectification's notes, the appeal and its finding, a consent's purpose
// and a data access's purpose — then open every page that shows them in chromium and check
// that none of it ran or became an element, and that it reads as the text it is.
//
//   node tests/markup.mjs BASE_URL DEMO_CITIZEN      (exits non-zero if a check fails)
import { check, launch, phonePage, run } from "./lib.mjs";

const base = process.argv[2];
const citizen = process.argv[3];
const browser = await launch();
const wait = { timeout: 30000 };
const suffix = Date.now().toString(36).slice(-5);

// What is planted. Every value carries the <b> marker, so each page can show that it reads the
// markup as text; the longer fields carry a script and a broken-out attribute as well.
const kBold = "<b>bold</b>";
const kImg = "<img src=x onerror=window.__pwned=1>";
const kScript = '"><script>window.__pwned=1</script>';
const kShortImg = "<img src=x onerror=__pwned=1>";
const planted = (label) => `${label}${kBold}${kImg}${kScript}`; // up to 100 characters
const short = (label) => `${label}${kBold}${kShortImg}`; // up to 50

// --- the API ------------------------------------------------------------------------------

async function call(token, method, path, body) {
  const headers = { Accept: "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = body instanceof Uint8Array ? "image/png" : "application/json";
  const r = await fetch(base + path, { method, headers, body: body instanceof Uint8Array ? body : body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: r.status, body: json, text };
}

// A POST that must succeed: the planting is part of the test.
async function must(token, path, body, what) {
  const r = await call(token, "POST", path, body);
  if (r.status >= 300) throw new Error(`${what}: POST ${path} answered ${r.status} ${r.text.slice(0, 300)}`);
  return r.body;
}

async function login(who) {
  return (await must(null, "/api/v1/auth/demo-login", who, `sign-in ${JSON.stringify(who)}`)).token;
}

// A unified social credit code (GB 32100-2015) with correct check characters.
function uscc(region, body) {
  const chars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const ow = [3, 7, 9, 10, 5, 8, 4, 2];
  const value = (c) => (c >= "0" && c <= "9" ? Number(c) : c.charCodeAt(0) - 55);
  const oc = 11 - ([...body].reduce((s, c, i) => s + value(c) * ow[i], 0) % 11);
  const s = `11${region}${body}${oc === 10 ? "X" : oc === 11 ? "0" : oc}`;
  const c = 31 - ([...s].reduce((n, ch, i) => n + chars.indexOf(ch) * w[i], 0) % 31);
  return s + chars[c === 31 ? 0 : c];
}

// --- planting -------------------------------------------------------------------------------

async function plant() {
  const admin = await login({ officer: "admin" });
  const auditor = await login({ officer: "auditor" });
  const me = await login({ citizen });
  // A county of its own under 明川市, so the demo's figures elsewhere are left alone.
  let code = "";
  for (let n = 150; n < 200 && !code; n++)
    if ((await call(admin, "GET", `/api/v1/regions/990${n}`)).status === 404) code = `990${n}`;
  const digits = code.slice(-3);
  await must(admin, "/api/v1/regions", { code, name: short("区"), name_en: planted("District"), parent: "990100" }, "region");
  const orgA = uscc(code, `MK${suffix}A`.toUpperCase().replace(/[IOSVZ]/g, "1").slice(0, 8).padEnd(8, "0"));
  const orgB = uscc(code, `MK${suffix}B`.toUpperCase().replace(/[IOSVZ]/g, "1").slice(0, 8).padEnd(8, "0"));
  await must(admin, "/api/v1/orgs", { id: orgA, name: planted("局A"), name_en: planted("Bureau A"), kind: "department", region: code }, "organisation A");
  await must(admin, "/api/v1/orgs", { id: orgB, name: planted("局B"), name_en: planted("Bureau B"), kind: "department", region: code }, "organisation B");
  const officerId = `mk-${suffix}`;
  await must(admin, "/api/v1/officers", { id: officerId, org: orgA, name: short("员"), roles: ["officer"] }, "officer");
  const law = `mk-law-${suffix}`;
  await must(admin, "/api/v1/laws", {
    id: law, title: planted("规定"), title_en: planted("Rules"), level: "normative_document", issuer: planted("机关"),
    promulgated: "2026-01-05", effective: "2026-02-01", invented: true,
    articles: [{ number: 1, text: planted("第一条"), text_kind: "quote" }],
  }, "law");
  const basis = [{ law, article: 1 }];
  const resource = `mk-res-${suffix}`;
  await must(admin, "/api/v1/data-resources", {
    id: resource, name: planted("资源"), name_en: planted("Resource"), holder: orgB, subject: "person",
    fields: [{ name: "note", label: short(""), personal: true }], default_fields: ["note"],
    sharing: "conditional", open: "none", basis, update_frequency: "daily", description: planted("说明"),
  }, "data resource");
  // Two powers of one type on one basis in one region: an overlap; items that need each other's
  // licence: a circular proof, drawn in the graph; an item with no power: unfounded.
  const power = (p, holder) => ({
    code: `${code}-XK-${p}${digits}`, name: planted(`权力${p}`), type: "licensing", holder, object: planted("对象"), basis,
    stages: ["受理", "审查", "决定", "送达"].map((stage) => ({ stage, duty: planted(`职责${stage}`) })),
    accountability: [planted("问责")],
  });
  const powerA = power("1", orgA);
  const powerB = power("2", orgB);
  await must(admin, "/api/v1/powers", powerA, "power A");
  await must(admin, "/api/v1/powers", powerB, "power B");
  const catalogA = `9${digits}01`;
  const catalogB = `9${digits}02`;
  const item = (n, org, pw, catalog, needs) => ({
    code: `${code}-${catalog}-01`, catalog_code: catalog, name: planted(`事项${n}`), name_en: planted(`Item ${n}`), region: code, org,
    ...(pw ? { power: pw } : {}), type: "licensing", audience: ["natural_person"], basis: pw ? basis : [],
    conditions: [planted("条件")],
    materials: [
      { name: planted("材料"), required: true, source: { kind: "applicant" }, trust: "C" },
      ...(needs ? [{ name: planted("证照"), required: false, source: { kind: "licence", catalog_code: needs }, trust: "A" }] : []),
    ],
    fees: [{ name: planted("费用"), amount_fen: 100 }], channels: ["online", "window"],
    places: [{ name: planted("大厅"), address: planted("地址"), hours: planted("时间") }],
    statutory_days: 10, promised_days: 5, special_steps: [{ name: planted("特别程序"), counts_toward_limit: false }],
    visits: 0, online_depth: 4, keywords: [short("")], description: planted("描述"),
    output: { name: planted("证"), licence: true },
  });
  const itemA = `${code}-${catalogA}-01`;
  await must(admin, "/api/v1/items", item("A", orgA, powerA.code, catalogA, null), "item A");
  await must(admin, "/api/v1/items", item("B", orgB, powerB.code, catalogB, catalogA), "item B");
  // A licence must be issued by an item that exists: A needs B's only once B is there.
  await must(admin, `/api/v1/items/${itemA}/amend`, { record: item("A", orgA, powerA.code, catalogA, catalogB), basis: planted("修订依据") }, "item A amended");
  await must(admin, "/api/v1/items", item("C", orgA, null, `9${digits}03`, null), "item C");
  await must(admin, "/api/v1/life-events", {
    code: `${code}-LE-${digits}`, name: planted("一件事"), name_en: planted("Life event"), region: code, lead_org: orgA,
    items: [itemA, `${code}-${catalogB}-01`], promised_days: 3, visits: 0, description: planted("一件事说明"), keywords: [short("")],
  }, "life event");

  // The citizen applies; the officer handles the case to its end with notes at every step.
  const upload = await must(me, "/api/v1/me/uploads", Uint8Array.from(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64")), "upload");
  const form = (await call(me, "GET", `/api/v1/forms/${itemA}`)).body;
  const filled = { phone: "13800000000", address: planted("住址"), note: planted("备注") };
  const decl = form?.fields?.find((f) => f.type === "declarations");
  if (decl) filled.declarations = decl.items.map(() => true);
  const applied = await must(me, "/api/v1/me/cases", {
    item: itemA, channel: "online", form: filled, materials: [{ name: planted("材料"), upload: upload.hash }],
  }, "application");
  const no = applied.no;
  if (applied.status === "draft") await must(me, `/api/v1/me/cases/${no}/submit`, {}, "submission");
  const officer = await login({ officer: officerId });
  await must(officer, `/api/v1/cases/${no}/claim`, {}, "claim");
  await must(officer, `/api/v1/cases/${no}/comments`, { text: planted("意见") }, "comment");
  await must(officer, `/api/v1/cases/${no}/visits`, { purpose: planted("来访") }, "visit");
  for (const action of ["accept", "advance", "approve", "deliver"])
    await must(officer, `/api/v1/cases/${no}/actions`, { action, comment: planted(action) }, `action ${action}`);
  await must(me, `/api/v1/me/cases/${no}/rating`, { level: 1, indicators: ["attitude"], comment: planted("差评") }, "rating");
  await must(officer, `/api/v1/rectifications/${no}/contact`, { note: planted("联系") }, "contact");
  await must(officer, `/api/v1/rectifications/${no}/fix`, { note: planted("整改") }, "fix");
  await must(me, `/api/v1/me/cases/${no}/rating`, { level: 2, indicators: ["process"], comment: planted("追评") }, "follow-up rating");
  await must(me, `/api/v1/me/cases/${no}/appeal`, { reason: planted("申诉") }, "appeal");
  await must(auditor, `/api/v1/rectifications/${no}/appeal-decision`, { upheld: true, finding: planted("结论") }, "appeal decision");
  // A consent to the department for the citizen's household record (the planted resource
  // holds no one), used with a purpose of its own.
  const consent = await must(me, "/api/v1/me/consents", { recipient: orgA, resource: "population", fields: ["phone"], purpose: planted("用途"), valid_until: "2027-12-31" }, "consent");
  await must(officer, "/api/v1/access", { resource: "population", subject: citizen, fields: ["phone"], purpose: planted("查询"), basis: { kind: "consent", consent: consent.id } }, "data access");
  return { code, orgA, orgB, officerId, itemA, no, law, powerA: powerA.code, lifeEvent: `${code}-LE-${digits}` };
}

// --- looking -----------------------------------------------------------------------------------

// Opens `hash` as a new document and waits until the page has drawn `ready`.
async function visit(page, hash, ready) {
  await page.goto("about:blank");
  await page.goto(`${base}/${hash}`);
  await page.locator(ready).first().waitFor(wait);
  await page.waitForLoadState("networkidle");
}

// Nothing planted ran or became an element, and the planted text reads as text.
async function inspect(page, what, visibleIn = "main", shows = true) {
  const found = await page.evaluate((scope) => {
    const root = document.querySelector(scope) ?? document.body;
    return {
      pwned: window.__pwned !== undefined,
      imgs: document.querySelectorAll('img[src="x"], img[onerror]').length,
      scripts: [...document.scripts].filter((s) => s.textContent.includes("__pwned")).length,
      bold: [...document.querySelectorAll("b")].filter((b) => b.textContent === "bold").length,
      handlers: document.querySelectorAll("[onerror]").length,
      text: (root.innerText + " " + [...root.querySelectorAll("input, textarea, select option, pre")].map((el) => el.value ?? el.textContent).join(" ")),
    };
  }, visibleIn);
  check(!found.pwned, `${what}: nothing planted ran`);
  check(found.imgs + found.scripts + found.bold + found.handlers === 0, `${what}: no element made from planted markup (img ${found.imgs}, script ${found.scripts}, b ${found.bold}, onerror ${found.handlers})`);
  if (shows) check(found.text.includes(kBold), `${what}: the planted markup reads as text`);
}

await run(browser, async () => {
  const p = await plant();
  check(true, `planted markup through the API (region ${p.code}, case ${p.no})`);
  const enc = encodeURIComponent;

  // The citizen's pages.
  const me = await phonePage(await browser.newContext(), base);
  await visit(me, "#/me", "#cid");
  await me.fill("#cid", citizen);
  await me.click("#login button");
  await me.locator("a[href='#/me/cases']").waitFor(wait);
  await visit(me, "#/", "#q");
  await me.fill("#q", "事项A");
  await me.locator("#results li a", { hasText: kBold }).first().waitFor(wait).catch(() => {});
  await inspect(me, "the search results", "#results");
  // The home page's categories, with the planted region chosen (its items and life event listed).
  await me.evaluate((code) => localStorage.setItem("region", code), p.code);
  await visit(me, "#/", ".categories");
  await me.locator(".categories details").evaluateAll((ds) => ds.forEach((d) => (d.open = true)));
  await inspect(me, "the home page's categories", "#browse");
  const citizenPages = [
    [`#/items/${enc(p.itemA)}`, "the service guide", ".facts"],
    [`#/apply/${enc(p.itemA)}`, "the application form", "#apply"],
    [`#/life-events/${enc(p.lifeEvent)}`, "the life event", "ol.parts li"],
    [`#/apply/${enc(p.lifeEvent)}`, "the life event's application form", "#apply"],
    ["#/me/cases", "my cases", ".results li.my-case"], // each case by its service's and department's names
    [`#/me/cases/${enc(p.no)}`, "my case", ".timeline li"],
    ["#/me/data-uses", "who used my data", ".uses li"],
    ["#/me/licences", "my licences", ".uses li"],
    ["#/me/consents", "my consents", "#grant"],
  ];
  for (const [hash, what, ready, shows] of citizenPages) {
    await visit(me, hash, ready);
    await inspect(me, what, "main", shows);
  }
  // The licence the case issued, on the public verification page.
  await visit(me, "#/me/licences", ".uses li");
  const jwt = await me.locator("textarea.jwt").first().inputValue();
  await visit(me, `#/verify/${jwt}`, "#jwt");
  await me.click("#check");
  await me.locator("#verdict", { hasText: /✓|✗/ }).waitFor(wait);
  await inspect(me, "the licence verification page", "main", false); // the verdict only

  // The public pages.
  const pub = await phonePage(await browser.newContext(), base);
  const publicPages = [
    ["#/network", "the function network", ".tree"],
    [`#/network/regions/${p.code}`, "the region", "#orgs"],
    [`#/network/orgs/${p.orgA}`, "the department's power list", ".powers"],
    [`#/network/powers/${enc(p.powerA)}`, "the power", ".stages"],
    ["#/network/analyses", "the analyses", "#comparison"],
    [`#/network/graph/${p.code}`, "the graph", "#deps"],
    ["#/performance", "the dashboard", "#by-item"],
  ];
  for (const [hash, what, ready] of publicPages) {
    await visit(pub, hash, ready);
    await inspect(pub, what);
  }
  // The dashboard's charts draw names in their tooltips (ECharts escapes them): hover them all.
  await visit(pub, "#/performance", "#by-item");
  for (const el of await pub.locator(".chart path").all()) await el.hover({ force: true, timeout: 1000 }).catch(() => {});
  await inspect(pub, "the dashboard's tooltips");
  // In English the pages show the English names, planted too.
  await pub.click("#lang");
  await pub.waitForFunction(() => localStorage.getItem("lang") === "en");
  for (const [hash, what, ready] of [...publicPages, [`#/items/${enc(p.itemA)}`, "the service guide", ".facts"]]) {
    await visit(pub, hash, ready);
    await inspect(pub, `${what}, in English`);
  }
  await pub.click("#lang");
  await pub.waitForFunction(() => localStorage.getItem("lang") === "zh");
  await visit(pub, `#/network/graph/${p.code}`, "#deps");
  // The graph's tooltips are HTML: hovering every node and edge must not make the markup live.
  for (const el of await pub.locator("#c-graph path, #c-graph text").all()) await el.hover({ force: true, timeout: 2000 }).catch(() => {});
  await inspect(pub, "the graph's tooltips", "#deps");
  // The log: the planted department's creation verified in the browser, its entry shown.
  const created = (await call(null, "GET", `/api/v1/orgs/${p.orgA}/history`)).body.history[0].index;
  await visit(pub, "#/ledger", "#verify-entry");
  await pub.fill("#entry-index", String(created));
  await pub.click("#verify-entry button");
  await pub.locator("#vf-entry:not([hidden])").waitFor(wait);
  await inspect(pub, "the public log's entry");

  // The officers' pages.
  const officer = await phonePage(await browser.newContext(), base);
  await visit(officer, "#/work", "#oid");
  await officer.fill("#oid", p.officerId);
  await officer.click("#wlogin button");
  await officer.locator("#wlogout").waitFor(wait);
  const officerPages = [
    ["#/work", "the workbench queue", "#queue-count"],
    [`#/work/cases/${enc(p.no)}`, "the workbench case", "#work-timeline li"],
    ["#/work/rectifications", "the rectifications", "#rect-list li"],
    [`#/work/rectifications/${enc(p.no)}`, "the rectification", ".rect-steps li"],
  ];
  for (const [hash, what, ready] of officerPages) {
    await visit(officer, hash, ready);
    await inspect(officer, what);
  }
  const admin = await phonePage(await browser.newContext(), base);
  await visit(admin, "#/admin", "#oid");
  await admin.fill("#oid", "admin");
  await admin.click("#wlogin button");
  await admin.locator("#wlogout").waitFor(wait);
  const adminPages = [
    [`#/admin?region=${p.code}`, "the organisations", "#orgs li[data-id]"],
    [`#/admin/officers?org=${p.orgA}`, "the officers", "#officers li[data-id]"],
  ];
  for (const [hash, what, ready] of adminPages) {
    await visit(admin, hash, ready);
    await inspect(admin, what);
  }
  const elsewhere = [me, pub, officer, admin].flatMap((page) => page.external);
  check(elsewhere.length === 0, `nothing is fetched from elsewhere (${elsewhere.join(", ")})`);
});
