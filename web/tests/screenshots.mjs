// Captures the main pages for docs/screenshots (run by scripts/screenshots).
//   node tests/screenshots.mjs BASE_URL DEMO_CITIZEN OUT_DIR
import { chromium } from "playwright-core";

const [base, citizen, out] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox", "--headless=new"] });
const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
// `at`, if given, is scrolled to the top of the picture first.
async function shot(name, hash, ready, at) {
  await page.goto(`${base}/${hash}`);
  await page.locator(ready).first().waitFor({ timeout: 15000 });
  if (at) await page.locator(at).first().evaluate((el) => el.scrollIntoView({ block: "start" }));
  await page.screenshot({ path: `${out}/${name}.png`, fullPage: false });
  console.log(`${out}/${name}.png`);
}
// 我要办: the home page with its popular services and categories; the search box, Enter, the
// results; the life event they lead to, in Chinese and in English.
await page.goto(`${base}/`);
await page.locator("#browse .categories").waitFor({ timeout: 15000 });
await page.screenshot({ path: `${out}/home.png` });
console.log(`${out}/home.png`);
await page.locator("#h-categories").evaluate((el) => el.scrollIntoView({ block: "start" }));
await page.locator(".categories details").first().evaluate((d) => (d.open = true));
await page.screenshot({ path: `${out}/home-categories.png` });
console.log(`${out}/home-categories.png`);
await page.fill("#q", "我想开个饭馆");
await page.press("#q", "Enter");
await page.locator("#results li.kind-life_event a").first().waitFor({ timeout: 15000 });
await page.screenshot({ path: `${out}/search.png` });
console.log(`${out}/search.png`);
await page.locator("#results li.kind-life_event a").first().click();
await page.locator("ol.parts li").first().waitFor({ timeout: 15000 });
await page.screenshot({ path: `${out}/life-event.png` });
console.log(`${out}/life-event.png`);
await page.locator("#h-parts").evaluate((el) => el.scrollIntoView({ block: "start" }));
await page.screenshot({ path: `${out}/life-event-parts.png` });
console.log(`${out}/life-event-parts.png`);
await page.click("#lang");
await page.locator("#h-parts", { hasText: "What it bundles" }).waitFor({ timeout: 15000 });
await page.evaluate(() => window.scrollTo(0, 0));
await page.screenshot({ path: `${out}/life-event-en.png` });
console.log(`${out}/life-event-en.png`);
await page.click("#lang");
await page.goto(`${base}/#/search?q=${encodeURIComponent("qzxvkw zzqxj")}`);
await page.locator(".nothing-found").waitFor({ timeout: 15000 });
await page.locator("#browse .popular").waitFor({ timeout: 15000 });
await page.screenshot({ path: `${out}/search-none.png` });
console.log(`${out}/search-none.png`);
await shot("guide", "#/items/990100-001101-01", ".basis");
await shot("performance", "#/performance", "#c-overdue svg");
await shot("performance-items", "#/performance", "#c-item-days svg", "#h-by-item");
await shot("ledger", "#/ledger", "#c-growth svg", "main h2");
// "Verify any entry": every step checked in the browser.
await page.fill("#entry-index", "100");
await page.click("#verify-entry button");
await page.locator("#vf-verdict").filter({ hasText: /✓|✗/ }).waitFor({ timeout: 15000 });
await page.locator("#verify-entry").evaluate((el) => el.scrollIntoView({ block: "start" }));
await page.screenshot({ path: `${out}/ledger-verify.png` });
console.log(`${out}/ledger-verify.png`);
await shot("network", "#/network/orgs/1199010099000021XH", ".powers li"); // 明川市公安局's power list
await shot("analyses", "#/network/analyses", "#cycles", "#cycles");
await shot("graph", "#/network/graph", "#c-graph svg", "#graph-summary");
await page.goto(`${base}/#/me`);
await page.fill("#cid", citizen);
await page.click("#login button");
await page.locator("a[href='#/me/data-uses']").waitFor();
await shot("data-uses", "#/me/data-uses", "button.verify");
await page.locator("button.verify").first().click();
await page.locator(".verdict").first().filter({ hasText: /✓|✗/ }).waitFor({ timeout: 15000 });
await page.screenshot({ path: `${out}/data-uses-verified.png` });
console.log(`${out}/data-uses-verified.png`);
await shot("my-cases", "#/me/cases", ".results a");
// 我的办件, told plainly: a case in progress (status, next step, the clock's dates and days left)
// and a case returned for correction (the officer's reason, the date, the materials asked
// for, the form), in Chinese and English.
{
  const token = await page.evaluate(() => sessionStorage.getItem("token"));
  const mine = (await (await page.request.get(`${base}/api/v1/me/cases?limit=100`, { headers: { Authorization: `Bearer ${token}` } })).json()).cases;
  const running = mine.find((k) => k.status === "in_progress" && k.item);
  const back = mine.find((k) => k.status === "returned" && k.item);
  for (const lang of ["zh", "en"]) {
    await page.evaluate((l) => localStorage.setItem("lang", l), lang);
    const suffix = lang === "en" ? "-en" : "";
    await page.goto("about:blank");
    if (running) await shot(`my-case${suffix}`, `#/me/cases/${running.no}`, "main > .case-next");
    await page.goto("about:blank");
    if (back) await shot(`my-case-returned${suffix}`, `#/me/cases/${back.no}`, "#returned-reason", "main h1");
  }
  // Back to Chinese in a new document: the pages below switch the language themselves.
  await page.evaluate(() => localStorage.setItem("lang", "zh"));
  await page.goto("about:blank");
}
await shot("apply", "#/apply/990100-000502-01", "#apply");
// The life event 我想开个饭馆 leads to: each material's plan for this applicant, uploads only
// where it says so (apply-plans.png, in English apply-plans-en.png); a guide's plans.
const le = (await (await page.request.get(`${base}/api/v1/search?q=${encodeURIComponent("我想开个饭馆")}`)).json()).results.find((r) => r.kind === "life_event");
await shot("apply-plans", `#/apply/${encodeURIComponent(le.code)}`, "#materials .material", "#h-materials");
await page.click("#lang");
await page.locator("#plan-for", { hasText: "worked out for you" }).waitFor({ timeout: 15000 });
await page.locator("#h-materials").evaluate((el) => el.scrollIntoView({ block: "start" }));
await page.screenshot({ path: `${out}/apply-plans-en.png` });
console.log(`${out}/apply-plans-en.png`);
await page.click("#lang");
await shot("guide-plans", "#/items/990100-000201-01", "ul.materials ul.plan", "#h-materials");

// The officers' pages, in a browser of their own (a sign-in lasts for its tab).
const officer = await (await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 })).newPage();
async function officerShot(name, hash, ready) {
  await officer.goto(`${base}/${hash}`);
  await officer.locator(ready).first().waitFor({ timeout: 15000 });
  await officer.screenshot({ path: `${out}/${name}.png` });
  console.log(`${out}/${name}.png`);
}
async function signIn(id) {
  await officer.goto(`${base}/#/work`);
  await officer.fill("#oid", id);
  await officer.click("#wlogin button");
  await officer.locator("#wlogout").waitFor({ timeout: 15000 });
}
await signIn("mc-police-01");
await officerShot("work-queue", "#/work", "#queue li");
// The first alerted case (an overdue one), else the first in the queue.
await officerShot("work-case", await officer.locator(".alert-list a, #queue a").first().getAttribute("href"), "#work-timeline li");
await officer.click("#wlogout");
await signIn("admin");
await officerShot("admin", "#/admin?region=990100", "#orgs li");
await browser.close();
