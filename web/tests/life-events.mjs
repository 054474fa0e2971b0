// 我要办 from the home page's search box to a life event (一件事), checked against the API:
//   type 我想开个饭馆 in the box on the home page and press Enter — the query goes into the
//   address; open the life event among the results; see its parts in the life event's order,
//   each department, the materials each asked for once, the time limit, the legal bases and the
//   one application for all of it; Back returns to the same results; the English switch.
//   Then every life event of the catalogue (GET /api/v1/life-events, every page) opens and draws
//   its parts without an error; every kind of search result the API can answer (the OpenAPI
//   enum) opens its own page without an error; a search that finds nothing offers the popular
//   services and the categories; the region is chosen once, kept, and sent with the search;
//   the demo citizen opens the life event's application form. axe-core on each new page.
//
//   node tests/life-events.mjs BASE_URL [DEMO_CITIZEN]      (exits non-zero if a check fails)
import { accessible, check, launch, phonePage, run } from "./lib.mjs";

const base = process.argv[2];
const citizen = process.argv[3];
const wait = { timeout: 30000 };
const browser = await launch();

async function api(page, path) {
  const r = await page.request.get(base + path);
  if (!r.ok()) throw new Error(`${path}: ${r.status()}`);
  return r.json();
}

// Every row of a paged list route.
async function all(page, path, key) {
  const out = [];
  for (;;) {
    const sep = path.includes("?") ? "&" : "?";
    const r = await api(page, `${path}${sep}limit=100&offset=${out.length}`);
    out.push(...(r[key] ?? []));
    if (!(r[key] ?? []).length || out.length >= (r.total ?? 0)) return out;
  }
}

// The page's main text shows no failure.
async function noError(page, what) {
  const text = await page.locator("main").innerText();
  const failed = (await page.locator("main .error, main [role=alert]").count()) > 0 || /出错了|Something went wrong|不存在|not found/i.test(text);
  check(!failed, `${what}: no error shown${failed ? ` (${text.slice(0, 160).replace(/\s+/g, " ")})` : ""}`);
}

await run(browser, async () => {
  const page = await phonePage(browser, base);
  const external = page.external;

  // --- the journey, from the search box on the home page ---------------------------------------
  await page.goto(base + "/");
  await page.locator("#q").waitFor(wait);
  await page.locator("#browse .categories").waitFor(wait);
  check((await page.locator("#h-popular").count()) === 1 && (await page.locator(".popular li").count()) > 0, "the home page shows the popular services");
  const perf = await api(page, "/api/v1/performance");
  const busiest = [...perf.by_item].sort((a, b) => b.cases - a.cases)[0];
  check(!busiest || (await page.locator(".popular").innerText()).includes(busiest.item_name), `…the busiest item first among them (${busiest?.item_name})`);
  check((await page.locator(".categories [data-audience=natural_person] h3").innerText()).includes("个人办事"), "…the categories for individuals (个人办事)");
  check((await page.locator(".categories [data-audience=legal_person] h3").innerText()).includes("法人办事"), "…and for businesses (法人办事)");
  check((await page.locator(".categories .stages a").count()) > 0 && (await page.locator(".categories details.theme").count()) > 0, "…by life stage and by theme");
  await accessible(page, "the home page");

  await page.fill("#q", "我想开个饭馆");
  await page.press("#q", "Enter");
  await page.waitForURL(/#\/search\?q=/, wait);
  check(new URL(page.url()).hash.startsWith("#/search?q=" + encodeURIComponent("我想开个饭馆")), `Enter puts the query in the address (${decodeURIComponent(new URL(page.url()).hash)})`);
  const found = (await api(page, "/api/v1/search?q=" + encodeURIComponent("我想开个饭馆") + "&limit=20")).results;
  const le = found.find((r) => r.kind === "life_event");
  check(!!le, `the search API answers a life event for 我想开个饭馆 (${le?.code})`);
  const link = page.locator(`#results li.kind-life_event a[href="#/life-events/${encodeURIComponent(le.code)}"]`).first();
  await link.waitFor(wait);
  check((await link.innerText()).includes(le.name), `the results link the life event ${le.name} to its own page`);
  await accessible(page, "the search results");
  await link.click();
  await page.locator("ol.parts li").first().waitFor(wait);
  await noError(page, "the life event");
  const detail = await api(page, `/api/v1/life-events/${encodeURIComponent(le.code)}`);
  check((await page.locator("main h1").innerText()) === detail.name, `the life event's page is titled ${detail.name}`);
  check((await page.title()).startsWith(detail.name), "…and so is the document");
  check(await page.locator("main h1").evaluate((h) => document.activeElement === h), "…and the focus is on its heading");
  check((await page.locator("nav.crumbs").innerText()).includes("我要办"), "…with breadcrumbs");
  const parts = await page.locator("ol.parts li a").allInnerTexts();
  const expected = detail.item_details.map((i) => i.name);
  check(JSON.stringify(parts) === JSON.stringify(expected), `its parts in the life event's order: ${parts.join("、")}`);
  const hrefs = await page.locator("ol.parts li a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  check(hrefs.every((h, i) => h === `#/items/${encodeURIComponent(detail.items[i])}`), "…each leading to its service guide");
  const deps = await page.locator("ul.departments").innerText();
  check(detail.item_details.every((i) => deps.includes(i.org_name)), "every department handling a part is named");
  const form = await api(page, `/api/v1/forms/${encodeURIComponent(le.code)}`);
  const names = new Set(form.materials.map((m) => m.name));
  const shown = await page.locator("ul.materials > li").evaluateAll((lis) => lis.map((li) => li.firstChild.textContent.trim()));
  check(shown.length === names.size && new Set(shown).size === shown.length, `the materials combined, each once (${shown.length} of ${form.materials.length} asked by the parts)`);
  check([...names].every((n) => shown.some((s) => s.startsWith(n))), "…every part's material among them");
  check((await page.locator("ul.materials").innerText()).includes("部门共享"), "…saying where each comes from");
  if (detail.promised_days != null)
    check((await page.locator(".facts").innerText()).includes(`承诺 ${detail.promised_days} 个工作日`), `the time limit: promised ${detail.promised_days} working days`);
  check((await page.locator("ul.basis li").count()) > 0, "the legal bases of its parts");
  check((await page.locator("#le-apply").getAttribute("href")) === `#/apply/${encodeURIComponent(le.code)}`, "one application for all of it");
  await accessible(page, "the life event");

  await page.goBack();
  await page.locator("#results li a").first().waitFor(wait);
  check((await page.locator("#q").inputValue()) === "我想开个饭馆", "Back returns to the same search, the query in the box");
  check((await page.locator(`#results a[href="#/life-events/${encodeURIComponent(le.code)}"]`).count()) > 0, "…with its results");
  await page.goForward();
  await page.locator("ol.parts li").first().waitFor(wait);
  await page.click("#lang");
  await page.locator("main h1", { hasText: detail.name_en }).waitFor(wait);
  check((await page.locator("#h-parts").innerText()) === "What it bundles", `the English switch: ${detail.name_en}`);
  await accessible(page, "the life event in English");
  await page.click("#lang"); // back to Chinese

  // --- every life event of the catalogue ------------------------------------------------------
  const events = await all(page, "/api/v1/life-events", "life_events");
  check(events.length > 0, `the catalogue has ${events.length} life events`);
  for (const e of events) {
    const d = await api(page, `/api/v1/life-events/${encodeURIComponent(e.code)}`);
    await page.goto(`${base}/#/life-events/${encodeURIComponent(e.code)}`);
    await page.locator("ol.parts li, main .error").first().waitFor(wait);
    await noError(page, `${e.code} ${e.name}`);
    const n = await page.locator("ol.parts li").count();
    check(n === d.items.length, `${e.code}: its ${d.items.length} parts drawn (${n})`);
  }

  // --- every kind of search result opens its own page -----------------------------------------
  const doc = await api(page, "/openapi.json");
  const kinds = doc.paths["/api/v1/search"].get.responses["200"].content["application/json"].schema.properties.results.items.properties.kind.enum;
  const queries = ["我想开个饭馆", "孩子出生", "身份证", "退休", "失业", "驾驶证"];
  const seen = new Map();
  for (const q of queries) {
    for (const r of (await api(page, `/api/v1/search?q=${encodeURIComponent(q)}&limit=5`)).results) if (!seen.has(r.kind)) seen.set(r.kind, { q, r });
  }
  check(kinds.every((k) => seen.has(k)), `the searches answered every kind of result (${kinds.join(", ")}): ${[...seen.keys()].join(", ")}`);
  for (const [kind, { q, r }] of seen) {
    await page.goto(`${base}/#/search?q=${encodeURIComponent(q)}`);
    const a = page.locator(`#results li.kind-${kind} a`).first();
    await a.waitFor(wait);
    await a.click();
    await page.locator("main h1, main .error").first().waitFor(wait);
    await page.waitForLoadState("networkidle");
    await noError(page, `a result of kind ${kind} (${q} → ${r.name})`);
    check(!new URL(page.url()).hash.startsWith("#/search"), `…opens a page of its own (${decodeURIComponent(new URL(page.url()).hash)})`);
  }

  // Every result of the first search, folded ones too, opens without an error.
  await page.goto(`${base}/#/search?q=${encodeURIComponent(queries[0])}`);
  await page.locator("#results li a").first().waitFor(wait);
  const every = await page.locator("#results a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  for (const href of every) {
    await page.goto(`${base}/${href}`);
    await page.locator("main h1, main .error").first().waitFor(wait);
    await page.waitForLoadState("networkidle");
    await noError(page, `result ${href}`);
  }

  // --- nothing found -------------------------------------------------------------------------------
  const nonsense = "qzxvkw zzqxj";
  const none = (await api(page, `/api/v1/search?q=${encodeURIComponent(nonsense)}`)).results;
  await page.goto(`${base}/#/search?q=${encodeURIComponent(nonsense)}`);
  if (none.length === 0) {
    await page.locator(".nothing-found").waitFor(wait);
    check((await page.locator("#results a").count()) === 0, "nothing found: no unrelated results");
    await page.locator("#browse .categories").waitFor(wait);
    check((await page.locator("#browse .popular li").count()) > 0 && (await page.locator("#browse .stages a").count()) > 0, "…but the popular services and the categories instead");
    await accessible(page, "the nothing-found page");
  } else check(true, `(the API found ${none.length} results for the nonsense query; nothing-found not shown)`);

  // --- the region: chosen once, kept, sent with the search ---------------------------------------
  const regions = (await api(page, "/api/v1/regions")).regions;
  const county = regions.find((r) => r.level === "county" && r.active !== false);
  await page.goto(`${base}/#/`);
  await page.locator(`#region option[value="${county.code}"]`).waitFor({ state: "attached", ...wait });
  await page.selectOption("#region", county.code);
  check((await page.evaluate(() => localStorage.getItem("region"))) === county.code, `the region ${county.name} is remembered`);
  await page.reload();
  await page.locator(`#region option[value="${county.code}"]`).waitFor({ state: "attached", ...wait });
  check((await page.locator("#region").inputValue()) === county.code, "…after a reload");
  const asked = page.waitForRequest((r) => r.url().includes("/api/v1/search?") && new URL(r.url()).searchParams.get("region") === county.code, wait);
  await page.fill("#q", "我想开个饭馆");
  await asked;
  check(true, "…and sent with the search");
  await page.locator("#results li a").first().waitFor(wait);
  const local = (await api(page, `/api/v1/search?q=${encodeURIComponent("我想开个饭馆")}&region=${county.code}&limit=20`)).results;
  check((await page.locator("#results li a").first().getAttribute("href")).endsWith(encodeURIComponent(local[0].code)), "…the results are the region's");
  await page.evaluate(() => localStorage.removeItem("region"));

  // --- the application form of a life event -------------------------------------------------------
  if (citizen) {
    await page.goto(base + "/#/me");
    await page.fill("#cid", citizen);
    await page.click("#login button");
    await page.locator("a[href='#/me/data-uses']").waitFor(wait);
    await page.goto(`${base}/#/life-events/${encodeURIComponent(le.code)}`);
    await page.locator("#le-apply").click();
    await page.locator("#apply").waitFor(wait);
    await noError(page, "the life event's application form");
    const uploads = await page.locator("#apply input[type=file]").evaluateAll((is) => is.map((i) => i.dataset.name));
    check(uploads.length > 0 && new Set(uploads).size === uploads.length, `the form asks for each upload once (${uploads.length})`);
    check((await page.locator("#apply input[name=decl]").count()) === form.fields.find((f) => f.type === "declarations").items.length, "…with every part's conditions to confirm");
  }

  check(external.length === 0, `nothing fetched from elsewhere ${external.join(" ")}`);
});
