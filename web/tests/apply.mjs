// Applying as the materials' plans say, checked against the API:
//   from the search box on the home page, 我想开个饭馆 → the life event the API ranks first → its
//   page shows who may apply, that it can be applied for online and each material's plan → apply
//   → sign in as the demo citizen (a resident of the register) → the form shows each material's
//   plan sentence as GET /api/v1/me/forms/{code} words it, with an upload control for exactly the
//   materials it says to upload → upload them → submit (the shared values checked) → the case
//   page shows the parts. Then EVERY item of one region (GET /api/v1/items?region=, every page):
//   its apply page, signed in, gives every material either a plan sentence (shared or licence) or
//   an upload control; an item that takes no applications online shows its reason instead.
//   With SUNLIGHT_BUSINESS=<credit code>:<legal representative's id> (test_browser.py reads one
//   from the demo's business register), the choice "for a business" re-resolves the plans for it,
//   and a business the citizen does not represent is refused on the field.
//
//   node tests/apply.mjs BASE_URL DEMO_CITIZEN      (exits non-zero if a check fails)
import { accessible, check, launch, phonePage, run } from "./lib.mjs";

const base = process.argv[2];
const citizen = process.argv[3];
const wait = { timeout: 30000 };
const browser = await launch();
const pdf = { name: "material.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4 test\n%%EOF\n") };

async function api(page, path, token) {
  const r = await page.request.get(base + path, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
  if (!r.ok()) throw new Error(`${path}: ${r.status()} ${await r.text()}`);
  return r.json();
}

async function signIn(page, id) {
  await page.goto(base + "/#/me");
  await page.fill("#cid", id);
  await page.click("#login button");
  await page.locator("a[href='#/me/data-uses']").waitFor(wait);
  return page.evaluate(() => sessionStorage.getItem("token"));
}

// What the page should show per material name: the plan sentences, and whether it is uploaded.
function expected(form, lang = "zh") {
  const byName = new Map();
  for (const m of form.materials) {
    const e = byName.get(m.name) ?? { upload: false, plans: new Set() };
    e.upload ||= m.plan.via === "upload";
    e.plans.add(m.plan[lang]);
    byName.set(m.name, e);
  }
  return byName;
}

// The materials as the apply page shows them: name → {upload control?, plan sentences}.
async function shown(page) {
  return page.locator("#materials .material").evaluateAll((ds) =>
    ds.map((d) => ({
      name: d.dataset.name,
      upload: !!d.querySelector("input[type=file]"),
      plans: Array.from(d.querySelectorAll("ul.plan > li"), (li) => li.firstChild?.textContent.trim() ?? ""),
    })),
  );
}

// Every material of `form` shown once, with its plan sentences and an upload control exactly
// when some part must upload it.
async function matches(page, form, what) {
  const want = expected(form);
  const got = await shown(page);
  const bad = [];
  for (const g of got) {
    const e = want.get(g.name);
    if (!e) bad.push(`${g.name}: not in the form`);
    else {
      if (e.upload !== g.upload) bad.push(`${g.name}: upload control ${g.upload}, plan says ${e.upload}`);
      for (const p of e.plans) if (!g.plans.includes(p)) bad.push(`${g.name}: missing plan "${p}"`);
    }
  }
  if (got.length !== want.size) bad.push(`${got.length} materials shown, ${want.size} in the form`);
  check(bad.length === 0, `${what}: each material's plan, and upload controls exactly for the uploads ${bad.join("; ")}`);
  return got;
}

await run(browser, async () => {
  const page = await phonePage(browser, base);
  const external = page.external;

  // --- from the search box to the life event ------------------------------------------------------
  await page.goto(base + "/");
  await page.locator("#q").waitFor(wait);
  await page.fill("#q", "我想开个饭馆");
  await page.press("#q", "Enter");
  const results = (await api(page, `/api/v1/search?q=${encodeURIComponent("我想开个饭馆")}&limit=20`)).results;
  const le = results.find((r) => r.kind === "life_event");
  check(!!le, `the search finds a life event (${le?.name})`);
  await page.locator(`#results a[href="#/life-events/${encodeURIComponent(le.code)}"]`).first().click();
  await page.locator("h1", { hasText: le.name }).waitFor(wait);
  const publicForm = await api(page, `/api/v1/forms/${encodeURIComponent(le.code)}`);
  const audience = await page.locator("dd.audience").innerText();
  check(publicForm.audience.every((a) => audience.includes(a === "natural_person" ? "个人" : "企业")), `the life event says who may apply (${audience})`);
  check((await page.locator("dd.online").innerText()).includes(publicForm.online ? "可以在线申请" : "暂不能"), "…and whether it can be applied for online");
  const lePlans = await page.locator("ul.materials ul.plan > li").allInnerTexts();
  const missing = publicForm.materials.filter((m) => !lePlans.some((p) => p.startsWith(m.plan.zh)));
  check(missing.length === 0, `…and each material's plan, before sign-in ${missing.map((m) => m.name).join(", ")}`);

  // --- apply: sign in, the plans for this applicant, the uploads they ask for, submit --------------
  await page.locator("#le-apply").click();
  await page.locator("a[href='#/me']", { hasText: "登录" }).first().waitFor(wait);
  check((await page.locator("#materials .material input[type=file]").count()) === 0, "before sign-in the apply page shows the plans, without upload controls");
  await page.locator("main a[href='#/me']").first().click();
  const token = await signIn(page, citizen);
  await page.goto(`${base}/#/apply/${encodeURIComponent(le.code)}`);
  await page.locator("#materials .material").first().waitFor(wait);
  const mine = await api(page, `/api/v1/me/forms/${encodeURIComponent(le.code)}`, token);
  await matches(page, mine, "the life event's form, signed in");
  check((await page.locator("#plan-for").innerText()).includes("本人"), "…worked out for the applicant as themselves");
  const onlyPerson = !mine.audience.includes("legal_person");
  check(!onlyPerson || (await page.locator("#applicant").innerText()).includes("只面向个人"), "…saying it serves individuals only");
  await accessible(page, "the application form with the plans");
  await page.fill("#f-phone", "13800000000");
  for (const box of await page.locator("input[name=decl]").all()) await box.check();
  for (const input of await page.locator("#materials input[type=file]").all()) await input.setInputFiles(pdf);
  await page.click("#apply-submit");
  await page.locator("#confirm, h1:has-text('990100'), .case-parts").first().waitFor(wait);
  if (await page.locator("#confirm").count()) await page.click("#confirm");
  await page.waitForURL(/#\/me\/cases\//, wait);
  await page.locator(".case-parts li").first().waitFor(wait);
  const no = decodeURIComponent(page.url().split("#/me/cases/")[1]);
  const kase = await api(page, `/api/v1/me/cases/${encodeURIComponent(no)}`, token);
  const partsShown = await page.locator(".case-parts li").allInnerTexts();
  check(kase.cases.length > 1 && partsShown.length === kase.cases.length && kase.cases.every((c) => partsShown.some((p) => p.includes(c.no))),
    `the case page shows the parts (${partsShown.length} of ${kase.cases.length})`);
  check(kase.status !== "draft", `…and the application is submitted (${kase.status})`);

  // --- in English -------------------------------------------------------------------------------
  await page.goto(`${base}/#/apply/${encodeURIComponent(le.code)}`);
  await page.locator("#materials .material").first().waitFor(wait);
  await page.click("#lang");
  await page.locator("#plan-for", { hasText: "worked out for you" }).waitFor(wait);
  const enPlans = (await shown(page)).flatMap((m) => m.plans);
  const enMissing = mine.materials.filter((m) => !enPlans.includes(m.plan.en));
  check(enMissing.length === 0, `in English, each plan in English ${enMissing.map((m) => m.name).join(", ")}`);
  await page.click("#lang");

  // --- acting for a business ----------------------------------------------------------------------
  const [businessCode, representative] = (process.env.SUNLIGHT_BUSINESS ?? "").split(":");
  const items = [];
  for (;;) {
    const r = await api(page, `/api/v1/items?region=990100&limit=100&offset=${items.length}`);
    items.push(...r.items);
    if (!r.items.length || items.length >= r.total) break;
  }
  const forms = new Map();
  for (const it of items) forms.set(it.code, await api(page, `/api/v1/forms/${encodeURIComponent(it.code)}`));
  const both = items.find((it) => forms.get(it.code).online && forms.get(it.code).audience.length === 2);
  const onlyBusiness = items.find((it) => forms.get(it.code).online && forms.get(it.code).audience.join() === "legal_person");
  if (both) {
    await page.goto(`${base}/#/apply/${encodeURIComponent(both.code)}`);
    await page.locator("input[name=as][value=business]").waitFor(wait);
    check(await page.locator("input[name=as][value=person]").isChecked(), `an item for both (${both.name}): 本人 chosen first`);
    await page.locator("input[name=as][value=business]").check();
    await page.locator("#credit").waitFor({ state: "visible", ...wait });
    check((await page.locator("#materials input[type=file]").count()) === 0 && (await page.locator("#apply-submit").isDisabled()),
      "…for a business, nothing to upload or submit until its credit code is given");
    // A business of the register the citizen does not represent (else any well-formed code).
    await page.fill("#credit", businessCode && representative !== citizen ? businessCode : "91990102000000027Y");
    await page.click("#credit-check");
    await page.locator(".field[data-field=business] .field-error").filter({ hasText: /.+/ }).waitFor(wait);
    check((await page.locator(".field[data-field=business] .field-error").innerText()).includes("法定代表人"),
      "…a business the citizen does not represent is refused on the field (the server's reason)");
    await page.fill("#credit", "12345");
    await page.click("#credit-check");
    check((await page.locator(".field[data-field=business] .field-error").innerText()).includes("18"), "…a malformed credit code is stopped on the page");
    await page.locator("input[name=as][value=person]").check();
    await page.locator("#plan-for", { hasText: "本人" }).waitFor(wait);
    await matches(page, await api(page, `/api/v1/me/forms/${encodeURIComponent(both.code)}`, token), "…back to 本人");
  }
  if (onlyBusiness) {
    await page.goto(`${base}/#/apply/${encodeURIComponent(onlyBusiness.code)}`);
    await page.locator("#applicant .only").waitFor(wait);
    check((await page.locator("#applicant").innerText()).includes("只面向企业") && (await page.locator("#credit").isVisible()),
      `an item for businesses only (${onlyBusiness.name}): business preselected and explained`);
  }
  if (businessCode && onlyBusiness) {
    const ctx = await browser.newContext();
    const rep = await phonePage(ctx, base);
    const repToken = await signIn(rep, representative);
    await rep.goto(`${base}/#/apply/${encodeURIComponent(onlyBusiness.code)}`);
    await rep.locator("#credit").waitFor(wait);
    await rep.fill("#credit", businessCode);
    await rep.click("#credit-check");
    await rep.locator("#plan-for", { hasText: businessCode }).waitFor(wait);
    await matches(rep, await api(rep, `/api/v1/me/forms/${encodeURIComponent(onlyBusiness.code)}?business=${businessCode}`, repToken),
      `the legal representative, for the business ${businessCode}`);
    await ctx.close();
  }

  // --- every item of the region -------------------------------------------------------------------
  let notOnline = 0;
  for (const it of items) {
    const form = forms.get(it.code);
    await page.goto(`${base}/#/apply/${encodeURIComponent(it.code)}`);
    if (!form.online) {
      await page.locator(".not-online").waitFor(wait);
      const text = await page.locator(".not-online").innerText();
      check(text.includes(form.not_online.zh) && (await page.locator("#apply").count()) === 0, `${it.code} ${it.name}: not online, says why (${form.not_online.zh})`);
      notOnline++;
      continue;
    }
    await page.locator("#materials .material, #materials .sub").first().waitFor(wait);
    const got = await shown(page);
    const stranded = got.filter((m) => !m.upload && !m.plans.some((p) => p.length > 0));
    const names = new Set(form.materials.map((m) => m.name));
    check(stranded.length === 0 && got.length === names.size,
      `${it.code} ${it.name}: every material has a plan sentence or an upload control (${got.length})${stranded.map((m) => " " + m.name).join("")}`);
    // Signed in as a resident: for items individuals can apply for, the page is the resolved form.
    if (form.audience.includes("natural_person")) await matches(page, await api(page, `/api/v1/me/forms/${encodeURIComponent(it.code)}`, token), `${it.code}`);
  }
  check(notOnline > 0 || items.every((it) => forms.get(it.code).online), `the items not online were shown with their reason (${notOnline})`);

  // --- the guide with its plans -------------------------------------------------------------------
  const guided = items.find((it) => forms.get(it.code).online && forms.get(it.code).audience.includes("natural_person"));
  await page.goto(`${base}/#/items/${encodeURIComponent(guided.code)}`);
  await page.locator("ul.materials ul.plan").first().waitFor(wait);
  check((await page.locator(".plans-for").innerText()).includes("已按您"), "the guide, signed in, gives the plans worked out for the reader");
  const guideMine = await api(page, `/api/v1/me/forms/${encodeURIComponent(guided.code)}`, token);
  const guidePlans = await page.locator("ul.materials ul.plan > li").allInnerTexts();
  check(guideMine.materials.every((m) => guidePlans.includes(m.plan.zh)), "…each material's plan as the API words it");
  const unfounded = items.find((it) => !forms.get(it.code).online);
  if (unfounded) {
    await page.goto(`${base}/#/items/${encodeURIComponent(unfounded.code)}`);
    await page.locator(".not-online").waitFor(wait);
    check((await page.locator("a.button[href^='#/apply/']").count()) === 0, `the guide of an item not online (${unfounded.name}) offers no apply button, and says why`);
  }
  await accessible(page, "the guide with the plans");
  check(external.length === 0, `nothing fetched from elsewhere ${external.join(" ")}`);
});
