// Captures the main pages for docs/screenshots (run by scripts/screenshots).
//   node tests/screenshots.mjs BASE_URL DEMO_CITIZEN OUT_DIR
import { chromium } from "playwright-core";

const [base, citizen, out] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox", "--headless=new"] });
const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
async function shot(name, hash, ready) {
  await page.goto(`${base}/${hash}`);
  await page.locator(ready).first().waitFor({ timeout: 15000 });
  await page.screenshot({ path: `${out}/${name}.png`, fullPage: false });
  console.log(`${out}/${name}.png`);
}
await page.goto(`${base}/`);
await page.fill("#q", "我想开个饭馆");
await page.locator("#results a").first().waitFor({ timeout: 15000 });
await page.screenshot({ path: `${out}/search.png` });
console.log(`${out}/search.png`);
await shot("guide", "#/items/990100-001101-01", ".basis");
await shot("performance", "#/performance", "#c-overdue svg");
await shot("ledger", "#/ledger", ".note");
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
await browser.close();
