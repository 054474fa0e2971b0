// Browser journeys through the web UI, in Debian's chromium driven by playwright-core:
//   我要办: type a phrase, results appear as you type, open the service guide, which shows
//   the legal basis with the article text and where each material comes from;
//   the English switch; the public log page.
//
//   node tests/journeys.mjs BASE_URL      (exits non-zero on the first failed check)
import { chromium } from "playwright-core";

const base = process.argv[2];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--headless=new"],
});
const failures = [];
function check(ok, what) {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures.push(what);
}
try {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } }); // a phone
  const external = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(base)) external.push(r.url());
  });
  await page.goto(base + "/");
  await page.fill("#q", "我想办社保卡");
  const first = page.locator("#results a").first();
  await first.waitFor({ timeout: 10000 });
  check((await page.locator("#results a").count()) > 0, "search shows results as you type");
  await page.locator("#results a", { hasText: "社会保障卡申领" }).first().click();
  await page.locator("h1", { hasText: "社会保障卡申领" }).waitFor({ timeout: 10000 });
  check(true, "the service guide opens");
  const basis = await page.locator(".basis").innerText();
  check(basis.includes("社会保险法") && basis.includes("第58条"), "the guide cites the law and article");
  check((await page.locator(".basis blockquote").first().innerText()).length > 10, "…with the article text");
  const materials = await page.locator(".materials").innerText();
  check(materials.includes("部门共享") && materials.includes("需上传"), "each material says where it comes from");
  await page.click("#lang");
  await page.locator("h1", { hasText: "social security card" }).waitFor({ timeout: 10000 });
  check(true, "the English switch translates the guide");
  check((await page.locator("html").getAttribute("lang")) === "en", "…and the page language");
  await page.goto(base + "/#/ledger");
  await page.locator(".note").waitFor({ timeout: 10000 });
  check((await page.locator(".note").innerText()).includes("sunlight.example"), "the public log shows the signed checkpoint");
  check(external.length === 0, `nothing is fetched from elsewhere (${external.join(", ")})`);
} catch (e) {
  failures.push(String(e));
  console.log("FAIL", e);
} finally {
  await browser.close();
}
process.exit(failures.length ? 1 : 0);
