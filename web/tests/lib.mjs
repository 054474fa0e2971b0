// What every browser journey shares: Debian's chromium through playwright-core, a list of
// checks that prints as it goes, axe-core on a page, and the exit code.
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--headless=new"],
  });
}

export const failures = [];

export function check(ok, what) {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures.push(what);
}

// axe-core on the page as it is now: no serious or critical WCAG 2.1 A/AA violations.
export async function accessible(page, what) {
  await page.addScriptTag({ path: axePath });
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} (${v.nodes.length})`);
  });
  check(found.length === 0, `axe: no serious or critical violations on ${what} ${found.join(", ")}`);
}

// A phone-sized page that records every request leaving the server under test.
const pages = [];

export async function phonePage(browserOrContext, base) {
  const page = await browserOrContext.newPage({ viewport: { width: 390, height: 844 } });
  pages.push(page);
  page.external = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(base)) page.external.push(r.url());
  });
  return page;
}

// Runs the journey, records an exception as a failure, closes the browser and exits non-zero
// if any check failed.
export async function run(browser, journey) {
  try {
    await journey();
  } catch (e) {
    failures.push(String(e));
    console.log("FAIL", e);
    // What each page showed when the journey stopped, to tell a slow page from a wrong one.
    for (const page of pages) {
      if (page.isClosed()) continue;
      const shown = await page.locator("main").innerText({ timeout: 2000 }).catch(() => "(no main)");
      console.log(`  page ${page.url()} shows: ${shown.slice(0, 600).replace(/\s+/g, " ")}`);
    }
  } finally {
    await browser.close();
  }
  process.exit(failures.length ? 1 : 0);
}
