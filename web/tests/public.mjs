// The public transparency pages in Debian's chromium, each checked against what the API
// answers on the same server (no figures are written into this file):
//   the function network: region → department → power (with its legal basis) → the item's
//   guide; the analyses (overlaps, circular proofs, without legal basis, comparison); the
//   graph view draws and marks the circular proofs; the public log's growth chart, and
//   "verify any entry" — ✓ for a real entry, ✗ when the proof is tampered with; processing
//   times by item on the dashboard, for all departments and for one; the English switch on
//   these pages; axe-core on the network, analyses, graph and log pages.
//
//   node tests/public.mjs BASE_URL [DEMO_CITIZEN]      (exits non-zero if a check fails)
import { accessible, check, launch, phonePage, run } from "./lib.mjs";

const base = process.argv[2];
const browser = await launch();
await run(browser, async () => {
  const page = await phonePage(browser, base);
  const api = async (path) => (await page.request.get(base + path)).json();
  const wait = (selector, options = {}) => page.locator(selector).first().waitFor({ timeout: 30000, ...options });
  // Polls `ok` until it holds or 30 s have passed; answers whether it held.
  const until = async (ok) => {
    for (const end = Date.now() + 30000; Date.now() < end; await page.waitForTimeout(200)) if (await ok()) return true;
    return false;
  };

  // --- the function network: region → department → power → item -----------------------------
  const roots = (await api("/api/v1/regions?level=province")).regions;
  const cities = (await api(`/api/v1/regions?parent=${roots[0].code}`)).regions;
  await page.goto(base + "/#/network");
  await wait(".tree a");
  const tree = await page.locator(".tree").first().innerText();
  check(tree.includes(roots[0].name) && cities.every((c) => tree.includes(c.name)), `the network lists the regions (${roots[0].name} and ${cities.length} cities)`);
  await accessible(page, "the function network");

  // The city and, in it, the department with the most service items (from the API).
  const city = cities[0];
  const cityItems = (await api(`/api/v1/items?region=${city.code}&limit=1000`)).items;
  const counts = new Map();
  for (const i of cityItems) counts.set(i.org, (counts.get(i.org) ?? 0) + 1);
  const orgId = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
  const org = await api(`/api/v1/orgs/${orgId}`);
  const cityOrgs = await api(`/api/v1/orgs?region=${city.code}&limit=500`);
  await page.click(`.tree a[href="#/network/regions/${city.code}"]`);
  await page.locator("h1", { hasText: city.name }).waitFor({ timeout: 30000 });
  await wait("#orgs tbody tr");
  check((await page.locator("#orgs tbody tr").count()) === cityOrgs.total, `the region lists its ${cityOrgs.total} departments`);
  const orgPowers = await api(`/api/v1/powers?org=${orgId}&limit=1000`);
  const orgRow = await page.locator("#orgs tbody tr", { has: page.locator(`a[href="#/network/orgs/${orgId}"]`) }).innerText();
  check(orgRow.includes(`\t${orgPowers.total}\t${counts.get(orgId)}`), `…with each one's powers and items (${org.name}: ${orgPowers.total}, ${counts.get(orgId)})`);

  await page.click(`#orgs a[href="#/network/orgs/${orgId}"]`);
  await page.locator("h1", { hasText: org.name }).waitFor({ timeout: 30000 });
  await wait(".powers > li");
  check((await page.locator(".powers > li").count()) === orgPowers.total, `the department shows its power list (${orgPowers.total} powers)`);
  // A power of this department that an item exercises, from the item's own record.
  const item = await api(`/api/v1/items/${cityItems.find((i) => i.org === orgId).code}`);
  const power = await api(`/api/v1/powers/${item.power}`);
  const powerEntry = page.locator(".powers > li", { has: page.locator(`a[href="#/network/powers/${power.code}"]`) });
  const entryText = await powerEntry.innerText();
  check(power.basis.every((b) => entryText.includes(b.law_title) && entryText.includes(`第${b.article}条`)), `…each with its legal basis (${power.name})`);
  check((await powerEntry.locator(`a[href="#/items/${item.code}"]`).count()) === 1, `…and the items that exercise it (${item.name})`);

  await powerEntry.locator(`a[href="#/network/powers/${power.code}"]`).click();
  await page.locator("h1", { hasText: power.name }).waitFor({ timeout: 30000 });
  await wait(".basis");
  const basis = await page.locator(".basis").innerText();
  check(power.basis.every((b) => basis.includes(b.law_title) && basis.includes(`第${b.article}条`) && basis.includes(b.text)), "the power quotes its basis with the article text");
  const stages = await page.locator(".stages li").allInnerTexts();
  check(stages.length === power.stages.length && stages.every((s, i) => s.includes(power.stages[i].stage)), `…its ${power.stages.length} responsibility stages`);
  const main = await page.locator("main").innerText();
  check((power.accountability ?? []).every((a) => main.includes(a)), "…and its accountability cases");
  await page.click(`.items a[href="#/items/${item.code}"]`);
  await page.locator("h1", { hasText: item.name }).waitFor({ timeout: 30000 });
  check(true, `the power leads to the service guide of ${item.name}`);

  // --- the analyses ----------------------------------------------------------------------
  const [overlaps, cycles, unfounded, comparison] = await Promise.all(
    ["overlaps", "cycles", "unfounded", "comparison"].map((a) => api(`/api/v1/analyses/${a}`)),
  );
  await page.goto(base + "/#/network/analyses");
  await wait("#h-comparison");
  const text = async (selector) => page.locator(selector).innerText();
  const overlapText = await text("#overlaps");
  check(
    overlapText.includes(`(${overlaps.count})`) && overlaps.overlaps.every((f) => f.powers.every((p) => overlapText.includes(p.name) && overlapText.includes(p.holder_name))),
    `the overlaps are listed with their powers and holders (${overlaps.count})`,
  );
  const cycleText = await text("#cycles");
  check(
    cycleText.includes(`(${cycles.count})`) && cycles.cycles.every((c) => c.steps.every((s) => cycleText.includes(s.name) && cycleText.includes(s.needs) && cycleText.includes(s.org_name))),
    `the circular proofs are spelled out step by step (${cycles.count})`,
  );
  check(
    (await page.locator("#unfounded-powers tbody tr").count()) === unfounded.powers.length &&
      (await page.locator("#unfounded-items tbody tr").count()) === unfounded.items.length,
    `the powers and items without legal basis are listed (${unfounded.powers.length} + ${unfounded.items.length})`,
  );
  check((await page.locator("#comparison details").count()) === comparison.count, `the regional comparison has every catalogue item (${comparison.count})`);
  const first = comparison.comparisons[0];
  await page.locator("#comparison details summary").first().click();
  const compared = await page.locator("#comparison details").first().innerText();
  check(first.items.every((i) => compared.includes(i.region_name)) && compared.includes("最佳实践"), `…side by side, with the best practice (${first.name})`);
  await accessible(page, "the analyses");

  // --- the graph view ----------------------------------------------------------------------
  await page.goto(base + "/#/network/graph");
  await wait("#c-graph svg");
  const shapes = await page.locator("#c-graph svg path").count();
  check(shapes > 5, `the graph draws (${shapes} shapes)`);
  const shown = cycles.cycles[0];
  check((await page.locator("#graph-region").inputValue()) === shown.region, `…for the first region with a circular proof (${shown.region_name})`);
  const marked = (await page.locator("#deps tr.in-cycle").allInnerTexts()).join("\n");
  check(shown.steps.every((s) => marked.includes(s.needs) && marked.includes(s.org_name)), "…and marks the circular proof's edges");
  await accessible(page, "the graph view");
  const other = cycles.cycles.find((c) => c.region !== shown.region) ?? { region: cities[1].code };
  await page.selectOption("#graph-region", other.region);
  await page.waitForURL(new RegExp(`#/network/graph/${other.region}$`), { timeout: 30000 });
  await wait("#c-graph svg");
  check((await page.locator("#graph-region").inputValue()) === other.region, "another region can be chosen");

  // --- the public log: growth and "verify any entry" ------------------------------------------
  const history = (await api("/api/v1/log/checkpoints?limit=1000")).checkpoints;
  await page.goto(base + "/#/ledger");
  await wait("#c-growth svg");
  check((await page.locator("#c-growth svg path").count()) > 2, "the log's growth is drawn");
  const label = await page.locator("#c-growth").getAttribute("aria-label");
  check(label.includes(` ${history[0].size} → `), `…from the published checkpoints (${history.length}, the first of ${history[0].size} entries)`);
  await accessible(page, "the public log");
  const size = Number((await (await page.request.get(base + "/log/checkpoint")).text()).split("\n")[1]);
  const index = Math.floor(size / 2);
  const entry = await api(`/api/v1/log/entries/${index}`);
  await page.fill("#entry-index", String(index));
  await page.click("#verify-entry button");
  const verdict = page.locator("#vf-verdict").filter({ hasText: /✓|✗/ });
  await verdict.waitFor({ timeout: 30000 });
  check((await verdict.innerText()).startsWith("✓"), `entry ${index} verifies in the browser (${await verdict.innerText()})`);
  check((await page.locator("#vf-steps li.ok").count()) === 3, "…signature, leaf hash and inclusion proof each checked");
  await wait("#vf-entry:not([hidden])");
  check((await page.locator("#vf-entry pre").textContent()).includes(`"type": "${entry.entry.type}"`), `…and the entry is shown (${entry.entry.type})`);
  await page.route("**/api/v1/log/proof/inclusion*", async (route) => {
    const r = await route.fetch();
    const proof = await r.json();
    proof.hashes[0] = proof.hashes[0].replace(/^./, (c) => (c === "A" ? "B" : "A"));
    await route.fulfill({ response: r, json: proof });
  });
  await page.fill("#entry-index", String(index - 1));
  await page.click("#verify-entry button");
  await verdict.waitFor({ timeout: 30000 });
  check((await verdict.innerText()).startsWith("✗"), `a tampered proof is refused (${await verdict.innerText()})`);
  check(
    (await page.locator("#vf-steps li.ok").count()) === 2 && (await page.locator("#vf-steps li[data-step=proof].error").count()) === 1,
    "…at the inclusion-proof step",
  );
  await page.unroute("**/api/v1/log/proof/inclusion*");

  // --- processing times by item --------------------------------------------------------------
  const perf = await api("/api/v1/performance");
  await page.goto(base + "/#/performance");
  await wait("#by-item tbody tr");
  await wait("#c-item-days svg");
  const matches = async (rows) => {
    if ((await page.locator("#by-item tbody tr").count()) !== rows.length) return false;
    for (const r of rows) {
      const row = page.locator(`#by-item tr[data-item="${r.item}"]`);
      const days = r.avg_days_to_decision == null ? "—" : String(r.avg_days_to_decision);
      const overdue = r.decided ? `${Math.round((r.late_statutory / r.decided) * 1000) / 10}%` : "—";
      if ((await row.locator("td.cases").innerText()) !== String(r.cases)) return false;
      if ((await row.locator("td.days").innerText()) !== days) return false;
      if ((await row.locator("td.overdue").innerText()) !== overdue) return false;
    }
    return true;
  };
  check(await matches(perf.by_item), `the dashboard shows each item's cases, days to decision and overdue rate (${perf.by_item.length} items)`);
  check((await page.locator("#c-item-days svg path").count()) > 3, "…and charts them");
  const dept = perf.by_org[0];
  const perfOrg = await api(`/api/v1/performance?org=${dept.org}`);
  await page.selectOption("#perf-org", dept.org);
  check(await until(() => matches(perfOrg.by_item)), `…for one department too (${dept.org_name}: ${perfOrg.by_item.length} items)`);
  await accessible(page, "the dashboard's items");

  // --- in English ------------------------------------------------------------------------
  await page.goto(base + `/#/network/powers/${power.code}`);
  await wait(".basis");
  await page.click("#lang");
  await page.locator("h2", { hasText: "Responsibility stages" }).waitFor({ timeout: 30000 });
  check((await page.locator("nav[aria-label=main]").innerText()).includes("Powers"), "the network pages switch to English");
  await page.goto(base + "/#/ledger");
  await wait("#entry-index");
  await page.fill("#entry-index", String(index));
  await page.click("#verify-entry button");
  await verdict.waitFor({ timeout: 30000 });
  check((await page.locator("#vf-steps").innerText()).includes("Ed25519 signature valid"), "…and so do the verification's steps");
  await page.click("#lang"); // back to Chinese for whoever uses this browser next

  check(page.external.length === 0, `nothing is fetched from elsewhere (${page.external.join(", ")})`);
});
