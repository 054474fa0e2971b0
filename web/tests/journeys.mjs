// Browser journeys through the web UI, in Debian's chromium driven by playwright-core:
//   我要办: type a phrase, results appear as you type, open the service guide, which shows
//   the legal basis with the article text and where each material comes from;
//   the English switch; the public log page; the demo citizen signs in, opens "who used my
//   data" and verifies an entry against the signed checkpoint in the browser, and follows a
//   case's progress.
//
//   node tests/journeys.mjs BASE_URL [DEMO_CITIZEN]      (exits non-zero if a check fails)
import { accessible, check, launch, phonePage, run } from "./lib.mjs";

const base = process.argv[2];
const citizen = process.argv[3];
const browser = await launch();
await run(browser, async () => {
  const page = await phonePage(browser, base);
  const external = page.external;
  await page.goto(base + "/");
  await page.fill("#q", "我想办社保卡");
  const first = page.locator("#results a").first();
  await first.waitFor({ timeout: 30000 });
  check((await page.locator("#results a").count()) > 0, "search shows results as you type");
  await accessible(page, "the search page");
  await page.locator("#results a", { hasText: "社会保障卡申领" }).first().click();
  await page.locator("h1", { hasText: "社会保障卡申领" }).waitFor({ timeout: 30000 });
  check(true, "the service guide opens");
  await accessible(page, "the service guide");
  const basis = await page.locator(".basis").innerText();
  check(basis.includes("社会保险法") && basis.includes("第58条"), "the guide cites the law and article");
  check((await page.locator(".basis blockquote").first().innerText()).length > 10, "…with the article text");
  const materials = await page.locator(".materials").innerText();
  check(materials.includes("部门共享") && materials.includes("需上传"), "each material says where it comes from");
  await page.click("#lang");
  await page.locator("h1", { hasText: "social security card" }).waitFor({ timeout: 30000 });
  check(true, "the English switch translates the guide");
  check((await page.locator("html").getAttribute("lang")) === "en", "…and the page language");
  await page.goto(base + "/#/ledger");
  await page.locator(".note").waitFor({ timeout: 30000 });
  check((await page.locator(".note").innerText()).includes("sunlight.example"), "the public log shows the signed checkpoint");
  await page.goto(base + "/#/performance");
  await page.locator("#c-overdue svg").waitFor({ timeout: 30000 });
  const bars = await page.locator("#c-overdue svg path").count();
  check(bars > 5, `the dashboard draws its charts (${bars} shapes)`);
  const rows = await page.locator("table.data tbody tr").count();
  const perf = await (await page.request.get(base + "/api/v1/performance")).json();
  check(rows === Math.min(12, perf.by_org.length) && rows > 0, `…from the real figures (${rows} departments)`);
  check((await page.locator("table.data").innerText()).includes(perf.by_org[0].org_name), "…naming the departments");
  await accessible(page, "the dashboard");
  if (citizen) {
    await page.click("#lang"); // back to Chinese
    await page.goto(base + "/#/me");
    await page.locator("#cid").waitFor({ timeout: 30000 });
    await accessible(page, "the sign-in page");
    await page.fill("#cid", citizen);
    await page.click("#login button");
    await page.locator("a[href='#/me/data-uses']").waitFor({ timeout: 30000 });
    await accessible(page, "我的 (signed in)");
    await page.click("a[href='#/me/data-uses']");
    await page.locator("button.verify").first().waitFor({ timeout: 30000 });
    check((await page.locator(".uses li").count()) >= 5, "the data-use record lists the accesses");
    await accessible(page, "the data-use record");
    const text = await page.locator(".uses").innerText();
    check(text.includes("依职权") && text.includes("依办件") && text.includes("经您授权"), "…under each kind of basis");
    await page.locator("button.verify").first().click();
    const verdict = page.locator(".verdict").first();
    await verdict.filter({ hasText: /✓|✗/ }).waitFor({ timeout: 30000 });
    check((await verdict.innerText()).startsWith("✓"), `an entry verifies against the signed checkpoint (${await verdict.innerText()})`);
    // A tampered proof is caught: the browser recomputes the root itself.
    await page.route("**/api/v1/log/proof/inclusion*", async (route) => {
      const r = await route.fetch();
      const proof = await r.json();
      proof.hashes[0] = proof.hashes[0].replace(/^./, (c) => (c === "A" ? "B" : "A"));
      await route.fulfill({ response: r, json: proof });
    });
    await page.locator("button.verify").nth(1).click();
    const second = page.locator(".verdict").nth(1);
    await second.filter({ hasText: /✓|✗/ }).waitFor({ timeout: 30000 });
    check((await second.innerText()).startsWith("✗"), `a tampered proof is refused (${await second.innerText()})`);
    await page.unroute("**/api/v1/log/proof/inclusion*");
    await page.goto(base + "/#/me/cases");
    await page.locator(".results a").first().waitFor({ timeout: 30000 });
    check((await page.locator(".results a").count()) >= 4, "my cases are listed");
    await accessible(page, "my cases");
    await page.goto(base + "/" + (await page.locator(".results a").first().getAttribute("href")));
    await page.locator(".timeline li").first().waitFor({ timeout: 30000 });
    check((await page.locator(".timeline li").count()) >= 1, "a case shows its progress step by step");
    await accessible(page, "a case's progress");

    // Apply → an officer approves → the citizen's licence verifies.
    await page.goto(base + "/#/items/990100-000502-01"); // 居民身份证换领
    await page.locator("a.button").click();
    await page.locator("#apply").waitFor({ timeout: 30000 });
    await accessible(page, "the application form");
    await page.fill("#f-phone", "13800000000");
    for (const box of await page.locator("input[name=decl]").all()) await box.check();
    for (const input of await page.locator("input[type=file]").all())
      await input.setInputFiles({ name: "material.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4 test\n%%EOF\n") });
    await page.click("#apply button[type=submit]");
    await page.locator("#confirm").waitFor({ timeout: 30000 });
    await accessible(page, "the preview of shared data");
    check((await page.locator("main").innerText()).includes(citizen), "the shared identity record is shown for checking");
    await page.click("#confirm");
    await page.waitForURL(/#\/me\/cases\//, { timeout: 30000 });
    const no = decodeURIComponent(page.url().split("#/me/cases/")[1]);
    check(/^990100-\d{8}-\d{14}$/.test(no), `the application has a case number (${no})`);

    const officer = await (await browser.newContext()).newPage();
    await officer.goto(base + "/#/work");
    await officer.fill("#oid", "mc-police-01");
    await officer.click("#wlogin button");
    await officer.locator(`a[href="#/work/cases/${no}"]`).waitFor({ timeout: 30000 });
    check(true, "the case is in the police's queue");
    await officer.goto(base + `/#/work/cases/${encodeURIComponent(no)}`);
    for (const action of ["accept", "advance", "approve", "deliver"]) {
      const button = officer.locator(`button.act[data-action=${action}]`);
      await button.waitFor({ timeout: 30000 });
      await button.click();
      await officer.locator(`button.act[data-action=${action}]`).waitFor({ state: "detached", timeout: 30000 });
    }
    check((await officer.locator("main").innerText()).includes("已办结"), "the officer takes the case to its end");

    await page.goto(base + "/#/me/licences");
    const licence = page.locator(".uses li", { hasText: "居民身份证" }).first();
    await licence.waitFor({ timeout: 30000 });
    await licence.locator("button.check-licence").click();
    await licence.locator(".verdict").filter({ hasText: /✓|✗/ }).waitFor({ timeout: 30000 });
    check((await licence.locator(".verdict").innerText()).startsWith("✓"), "the citizen's new licence verifies");
    await accessible(page, "my licences");
    check((await licence.locator("canvas.qr").evaluate((c) => c.width)) > 100, "the licence has a QR code to scan");
    const jwt = await licence.locator("textarea.jwt").inputValue();

    // The citizen rates the case; a bad rating opens a rectification the public can see.
    await page.goto(base + `/#/me/cases/${encodeURIComponent(no)}`);
    await page.locator("#rate").waitFor({ timeout: 30000 });
    await page.check("input[name=level][value='2']");
    await page.check("input[name=indicator][value='timeliness']");
    await page.fill("#rate-comment", "等待时间较长");
    await page.click("#rate button[type=submit]");
    await page.locator("main p", { hasText: "★★" }).first().waitFor({ timeout: 30000 });
    const rect = await (await page.request.get(base + "/api/v1/rectifications")).json();
    check(rect.rectifications.some((r) => r.case === no), "a bad rating opens a public rectification");

    // A consent: granted to 明川市民政局 for two fields of the tax record, then revoked.
    await page.goto(base + "/#/me/consents");
    await page.locator("#grant").waitFor({ timeout: 30000 });
    await accessible(page, "my consents");
    const before = await page.locator(".uses li").count();
    await page.selectOption("#c-recipient", "11990100990000228H");
    await page.selectOption("#c-resource", "tax");
    await page.locator("input[name=field][value=annual_income]").check({ timeout: 30000 });
    await page.check("input[name=field][value=id_number]");
    await page.fill("#c-purpose", "申请临时救助，核对收入");
    const until = new Date(Date.now() + 30 * 86400000).toISOString().slice(0, 10);
    await page.fill("#c-until", until);
    await page.click("#grant button[type=submit]");
    await page.locator(".uses li").nth(before).waitFor({ timeout: 30000 });
    const granted = page.locator(".uses li", { hasText: "申请临时救助，核对收入" }).first();
    check((await granted.innerText()).includes("active"), "a consent is granted");
    await granted.locator("button.revoke").click();
    await page.locator(".uses li", { hasText: "申请临时救助，核对收入" }).filter({ hasText: "revoked" }).first().waitFor({ timeout: 30000 });
    check(true, "…and revoked at once");

    // 补正: the demo's case returned for supplement gets its material again and goes on.
    // Follow the link's address rather than clicking it: the list may still be redrawn
    // while a slow (sanitizer) build answers.
    await page.goto(base + "/#/me/cases");
    const returned = page.locator(".results li", { hasText: "退回补正" }).first().locator("a");
    await returned.waitFor({ timeout: 30000 });
    await page.goto(base + "/" + (await returned.getAttribute("href")));
    await page.locator("#resubmit").waitFor({ timeout: 30000 });
    for (const input of await page.locator("#resubmit input[type=file]").all())
      await input.setInputFiles({ name: "stamped.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4 stamped\n") });
    await page.click("#resubmit button[type=submit]");
    await page.locator("main > .case-status", { hasText: "办理中" }).waitFor({ timeout: 30000 });
    check(true, "a case returned for supplement is resubmitted and goes on");
    const stranger = await (await browser.newContext()).newPage();
    await stranger.goto(base + `/#/verify/${jwt}`); // what the QR code opens
    await stranger.click("#check");
    await stranger.locator("#verdict").filter({ hasText: /✓|✗/ }).waitFor({ timeout: 30000 });
    check((await stranger.locator("#verdict").innerText()).startsWith("✓"), "anyone can verify it on the public page");
    await accessible(stranger, "the public verification page");
  }
  check(external.length === 0, `nothing is fetched from elsewhere (${external.join(", ")})`);
});
