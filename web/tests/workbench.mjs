// Browser journey through the officers' pages, against the demo data (compared with what the
// API answers, never with fixed counts):
//   the police officer's queue and alerts; filters (overdue only, by item) kept in the address;
//   a new application is claimed, commented on, a visit recorded, and handled to its end;
//   the citizen rates it badly → the police see the rectification and record contact and fix →
//   the citizen gives the one follow-up rating and appeals → the auditor decides the appeal;
//   the administrator creates an organisation (a field error first, from the page and from the
//   server), renames it, creates an officer and deactivates them, dissolves the organisation,
//   and imports a catalogue file with its progress shown, then a bad one with its errors.
//   axe-core on the queue, the case page, the rectification page and the admin pages.
//
//   node tests/workbench.mjs BASE_URL DEMO_CITIZEN      (exits non-zero if a check fails)
import { accessible, check, launch, phonePage, run } from "./lib.mjs";

const base = process.argv[2];
const citizen = process.argv[3];
const browser = await launch();
const wait = { timeout: 30000 };

// The API as the page's signed-in user.
async function api(page, path, body) {
  const token = await page.evaluate(() => sessionStorage.getItem("token"));
  const headers = { Authorization: `Bearer ${token}` };
  const r = body === undefined ? await page.request.get(base + path, { headers }) : await page.request.post(base + path, { headers, data: body });
  return { status: r.status(), body: await r.json() };
}

// Opens the page at `hash` as a new document, so that nothing of the page before can be
// mistaken for it (the sign-in is kept: it lasts as long as the tab).
async function visit(page, hash) {
  await page.goto("about:blank");
  await page.goto(base + "/" + hash);
}

async function officerPage(id) {
  const page = await phonePage(await browser.newContext(), base);
  await visit(page, "#/work");
  await page.fill("#oid", id);
  await page.click("#wlogin button");
  await page.locator("#wlogout").waitFor(wait);
  return page;
}

// The numbers of the cases listed in `selector`, once the list is drawn.
async function listed(page, selector) {
  await page.locator("#queue-count").filter({ hasText: /\d/ }).waitFor(wait);
  return page.locator(selector).evaluateAll((lis) => lis.map((li) => li.dataset.no));
}

// A unified social credit code (GB 32100-2015) with correct check characters, for region and
// an 8-character organisation body.
function uscc(region, body) {
  const chars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const ow = [3, 7, 9, 10, 5, 8, 4, 2];
  const value = (c) => (c >= "0" && c <= "9" ? Number(c) : c.charCodeAt(0) - 55);
  const oc = 11 - ([...body].reduce((s, c, i) => s + value(c) * ow[i], 0) % 11);
  let s = `11${region}${body}${oc === 10 ? "X" : oc === 11 ? "0" : oc}`;
  const c = 31 - ([...s].reduce((n, ch, i) => n + chars.indexOf(ch) * w[i], 0) % 31);
  return s + chars[c === 31 ? 0 : c];
}

const external = [];
await run(browser, async () => {
  // --- the police officer's queue, alerts and filters ------------------------------------------
  const police = await officerPage("mc-police-01");
  external.push(police.external);
  const queue = (await api(police, "/api/v1/workbench/queue?limit=50")).body.cases;
  const shown = await listed(police, "#queue li[data-no]");
  check(shown.length === queue.length && shown.every((no, i) => no === queue[i].no), `the queue lists the organisation's open cases in the API's order (${shown.length})`);
  const alerts = (await api(police, "/api/v1/workbench/alerts")).body;
  check((await police.locator("#alert-overdue").innerText()) === String(alerts.overdue), `the alerts show the overdue count (${alerts.overdue})`);
  check((await police.locator("#alert-due-soon").innerText()) === String(alerts.due_soon), `…and the due-soon count (${alerts.due_soon})`);
  const alerted = await police.locator(".alert-list li[data-no]").evaluateAll((lis) => lis.map((li) => li.dataset.no));
  check(alerted.length === alerts.alerts.length && alerts.alerts.every((a) => alerted.includes(a.no)), `…and every alerted case (${alerted.length})`);
  check((await police.locator(".alerts.urgent").count()) === (alerts.overdue + alerts.due_soon > 0 ? 1 : 0), "…prominently when there are any");
  await accessible(police, "the workbench queue");

  // Overdue only: every row is overdue by the API's clock, and the view can be linked.
  await police.locator(".filter-box summary").click();
  await police.check("#f-overdue");
  await police.click("#filters button[type=submit]");
  await police.waitForURL(/overdue=true/, wait);
  await police.locator("#filters-active").waitFor(wait);
  const overdue = await listed(police, "#queue li[data-no]");
  const apiOverdue = (await api(police, "/api/v1/workbench/queue?overdue=true&limit=50")).body.cases.map((k) => k.no);
  check(overdue.length > 0 && overdue.join() === apiOverdue.join(), `"overdue only" lists the API's overdue cases (${overdue.length})`);
  let allLate = true;
  for (const no of overdue) {
    const k = (await api(police, `/api/v1/cases/${no}`)).body;
    allLate &&= k.clock.promised.state === "overdue" || k.clock.statutory.state === "overdue";
  }
  check(allLate, "…and each of them is past a deadline by the case's own clock");
  const link = police.url();
  const second = await phonePage(await browser.newContext(), base); // a colleague, not signed in yet
  await second.goto(link);
  await second.fill("#oid", "mc-police-01");
  await second.click("#wlogin button");
  check((await listed(second, "#queue li[data-no]")).join() === overdue.join(), "the filtered view opens from its address, after signing in");
  await second.close();

  // By service item.
  const item = queue.find((k) => k.item)?.item;
  await visit(police, "#/work");
  await police.locator(".filter-box summary").click();
  await police.selectOption("#f-item", item);
  await police.click("#filters button[type=submit]");
  await police.waitForURL(new RegExp(`item=${item}`), wait);
  await police.locator("#filters-active").waitFor(wait);
  const byItem = await police.locator("#queue li[data-no]").evaluateAll((lis) => lis.map((li) => li.dataset.item));
  const apiByItem = (await api(police, `/api/v1/workbench/queue?item=${item}&limit=50`)).body.cases;
  check(byItem.length === apiByItem.length && byItem.every((i) => i === item), `filtering by item lists only that item's cases (${byItem.length})`);
  // A filter the server refuses is shown on its field.
  await visit(police, "#/work?due_before=2026-13-45");
  await police.locator("#f-due-error").filter({ hasText: /\S/ }).waitFor(wait);
  check(true, "a bad filter in the address is shown next to its field");

  // --- a new application: claimed, commented on, a visit, handled to its end ------------------
  const me = await phonePage(await browser.newContext(), base);
  external.push(me.external);
  await visit(me, "#/me");
  await me.fill("#cid", citizen);
  await me.click("#login button");
  await me.locator("a[href='#/me/cases']").waitFor(wait);
  await visit(me, "#/apply/990100-000502-01"); // 居民身份证换领
  await me.locator("#apply").waitFor(wait);
  await me.fill("#f-phone", "13800000000");
  for (const box of await me.locator("input[name=decl]").all()) await box.check();
  for (const input of await me.locator("#apply input[type=file]").all())
    await input.setInputFiles({ name: "material.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4 test\n%%EOF\n") });
  await me.click("#apply button[type=submit]");
  await me.locator("#confirm").waitFor(wait);
  await me.click("#confirm");
  await me.waitForURL(/#\/me\/cases\//, wait);
  const no = decodeURIComponent(me.url().split("#/me/cases/")[1]);
  check(/^990100-\d{8}-\d{14}$/.test(no), `the citizen applies (${no})`);

  await visit(police, `#/work/cases/${no}`);
  await police.locator("#claim").waitFor(wait);
  const offered = await police.locator("button.act").evaluateAll((bs) => bs.map((b) => b.dataset.action));
  check(offered.join() === "accept,return,not_accept", `a submitted case offers accept, return and refuse (${offered.join()})`);
  await accessible(police, "the workbench case page");
  await police.click("button.act[data-action=return]");
  await police.locator("#a-reason-error").filter({ hasText: /\S/ }).waitFor(wait);
  check((await police.locator("#a-reason").getAttribute("aria-invalid")) === "true", "returning without a reason is stopped on the page, next to the field");
  await police.click("#claim");
  await police.locator("#assignee", { hasText: "mc-police-01" }).waitFor(wait);
  check((await api(police, `/api/v1/cases/${no}`)).body.assignee === "mc-police-01", "the officer claims the case");
  check((await police.locator("#claim").count()) === 0, "…and is not offered to claim it again");
  await police.fill("#c-text", "请核对原证件照片");
  await police.click("#note-form button[type=submit]");
  await police.locator("#work-timeline li", { hasText: "请核对原证件照片" }).waitFor(wait);
  const noted = (await api(police, `/api/v1/cases/${no}`)).body.timeline.some((s) => s.type === "case.commented" && s.note === "请核对原证件照片");
  check(noted, "…comments on it");
  await police.fill("#v-purpose", "现场采集相片");
  await police.click("#visit-form button[type=submit]");
  await police.locator("#visits", { hasText: /^1 / }).waitFor(wait);
  check((await api(police, `/api/v1/cases/${no}`)).body.visits === 1, "…and records a visit in person");
  await visit(police, "#/work?mine=true");
  check((await listed(police, "#queue li[data-no]")).includes(no), "\"mine\" lists the claimed case");
  await visit(police, `#/work/cases/${no}`);
  for (const action of ["accept", "advance", "approve", "deliver"]) {
    const button = police.locator(`button.act[data-action=${action}]`);
    await button.waitFor(wait);
    await button.click();
    await police.locator(`button.act[data-action=${action}]`).waitFor({ state: "detached", ...wait });
  }
  check((await api(police, `/api/v1/cases/${no}`)).body.status === "closed", "the officer takes the case to its end");

  // --- 好差评整改: bad rating → contact → fix → follow-up → appeal → the auditor decides ------
  await visit(me, `#/me/cases/${no}`);
  await me.locator("#rate").waitFor(wait);
  await me.check("input[name=level][value='1']");
  await me.check("input[name=indicator][value='attitude']");
  await me.fill("#rate-comment", "窗口人员态度生硬");
  await me.click("#rate button[type=submit]");
  await me.locator(".rect .rect-status").waitFor(wait);
  let rect = (await api(police, "/api/v1/rectifications?org=1199010099000021XH")).body.rectifications.find((r) => r.case === no);
  check(rect?.status === "open", "a bad rating opens a rectification for the police");
  const facts = await me.locator(".rect-facts").innerText();
  check(facts.includes(rect.contact_due) && facts.includes(rect.fix_due) && facts.includes("待联系申请人"), "the citizen's case page shows it with its deadlines and state");
  check((await me.locator("#rate").count()) === 0 && (await me.locator("#appeal").count()) === 0, "…and offers no rating or appeal while it is being put right");

  await visit(police, "#/work/rectifications");
  const row = police.locator(`#rect-list li[data-case="${no}"]`);
  await row.waitFor(wait);
  check((await row.getAttribute("data-status")) === "open", "the police see the rectification in their list");
  await visit(police, `#/work/rectifications/${no}`);
  await police.locator("#rect-contact").waitFor(wait);
  check((await police.locator(".rect-steps").innerText()).includes("窗口人员态度生硬"), "…with the applicant's comment");
  await accessible(police, "the rectification page");
  await police.click("#rect-contact button[type=submit]");
  await police.locator("#n-contact-error").filter({ hasText: /\S/ }).waitFor(wait);
  check(true, "recording contact without a note is stopped on the page");
  await police.fill("#n-contact", "已电话联系申请人，致歉并说明改进措施");
  await police.click("#rect-contact button[type=submit]");
  await police.locator("#rect-fix").waitFor(wait);
  await police.fill("#n-fix", "对窗口人员开展服务规范培训");
  await police.click("#rect-fix button[type=submit]");
  await police.locator(".rect-facts[data-status=fixed]").waitFor(wait);
  rect = (await api(police, "/api/v1/rectifications?org=1199010099000021XH")).body.rectifications.find((r) => r.case === no);
  check(rect.status === "fixed" && rect.contacted_on && rect.fixed_on, "the police record contact and fix");
  check((await police.locator("#rect-decide").count()) === 0, "the rated organisation is not offered to decide anything further");

  await visit(me, `#/me/cases/${no}`);
  await me.locator("#rate").waitFor(wait);
  check((await me.locator("main").innerText()).includes("追评"), "after the fix the citizen is offered the follow-up rating");
  check((await me.locator("#appeal").count()) === 0, "…before any appeal");
  await me.check("input[name=level][value='2']");
  await me.click("#rate button[type=submit]");
  await me.locator("#appeal").waitFor(wait);
  const ratings = (await api(me, `/api/v1/me/cases/${no}`)).body.ratings;
  check(ratings.length === 2 && ratings[1].round === 2, "the follow-up rating is recorded");
  check((await me.locator("#rate").count()) === 0, "…once only");
  await me.click("#appeal button[type=submit]");
  await me.locator("#appeal-reason-error").filter({ hasText: /\S/ }).waitFor(wait);
  await me.fill("#appeal-reason", "整改后仍未解决换证延误问题");
  await me.click("#appeal button[type=submit]");
  await me.locator(".rect-facts[data-status=appealed]").waitFor(wait);
  check(true, "the citizen appeals");

  await visit(police, `#/work/rectifications/${no}`);
  await police.locator(".rect-facts[data-status=appealed]").waitFor(wait);
  check((await police.locator("#rect-decide").count()) === 0, "the rated organisation cannot decide the appeal");
  const auditor = await officerPage("auditor");
  external.push(auditor.external);
  await visit(auditor, "#/work/rectifications?status=appealed");
  await auditor.locator(`#rect-list li[data-case="${no}"]`).waitFor(wait);
  const appealed = (await api(auditor, "/api/v1/rectifications?status=appealed")).body.rectifications;
  check((await auditor.locator("#rect-list li[data-case]").count()) === appealed.length, `the auditor sees every appealed rectification (${appealed.length})`);
  await visit(auditor, `#/work/rectifications/${no}`);
  await auditor.locator("#rect-decide").waitFor(wait);
  check((await auditor.locator(".rect-steps").innerText()).includes("整改后仍未解决换证延误问题"), "…with the appeal's reason");
  await auditor.check("#rect-decide input[name=upheld][value=true]");
  await auditor.fill("#d-finding", "换证延误属实，责令限期改进");
  await auditor.click("#rect-decide button[type=submit]");
  await auditor.locator(".rect-facts[data-status=appeal_decided]").waitFor(wait);
  rect = (await api(police, "/api/v1/rectifications?org=1199010099000021XH")).body.rectifications.find((r) => r.case === no);
  check(rect.status === "appeal_decided" && rect.appeal_upheld === true, "the auditor decides the appeal");
  await visit(me, `#/me/cases/${no}`);
  await me.locator(".rect-facts[data-status=appeal_decided]").waitFor(wait);
  check((await me.locator(".rect-facts").innerText()).includes("申诉成立"), "the citizen sees the outcome");

  // --- administration ----------------------------------------------------------------------------
  const admin = await officerPage("admin");
  external.push(admin.external);
  await visit(admin, "#/admin?region=990100");
  await admin.locator("#orgs li").first().waitFor(wait);
  const orgs = (await api(admin, "/api/v1/orgs?region=990100&include_dissolved=true&limit=500")).body.organisations;
  check((await admin.locator("#orgs li[data-id]").count()) === orgs.length, `the organisations of a region are listed (${orgs.length})`);
  const suffix = String(Date.now() % 1000000).padStart(6, "0");
  const id = uscc("990100", `77${suffix}`);
  await admin.locator("#org-create-box summary").click();
  await admin.fill("#o-id", "123");
  await admin.fill("#o-name", "明川市数据资源局");
  await admin.click("#org-create button[type=submit]");
  await admin.locator("#o-id-error").filter({ hasText: /\S/ }).waitFor(wait);
  check((await admin.locator("#o-id").getAttribute("aria-invalid")) === "true", "a malformed credit code is shown next to its field by the page");
  await accessible(admin, "the organisations page, with a field error");
  const wrong = id.slice(0, 17) + (id[17] === "0" ? "1" : "0");
  await admin.fill("#o-id", wrong);
  await admin.click("#org-create button[type=submit]");
  const refused = await api(admin, "/api/v1/orgs", { id: wrong, name: "明川市数据资源局", kind: "department", region: "990100" });
  await admin.locator("#o-id-error", { hasText: refused.body.errors?.[0]?.message ?? "?" }).waitFor(wait);
  check(refused.status === 400 && refused.body.errors[0].field === "/id", `a wrong check character: the server's field error is shown next to the field (${refused.body.errors[0].message})`);
  await admin.fill("#o-id", id);
  await admin.selectOption("#o-parent", "119901009900001996");
  await admin.click("#org-create button[type=submit]");
  await admin.locator(`#orgs li[data-id="${id}"]`).waitFor(wait);
  const created = (await api(admin, `/api/v1/orgs/${id}`)).body;
  check(created.name === "明川市数据资源局" && created.parent === "119901009900001996", "the administrator creates an organisation");
  const li = admin.locator(`#orgs li[data-id="${id}"]`);
  await li.locator("summary").click();
  await li.locator("form.rename input[id^=rn-name]").fill("明川市大数据局");
  await li.locator("form.rename button[type=submit]").click();
  await admin.locator(`#orgs li[data-id="${id}"] strong`, { hasText: "明川市大数据局" }).waitFor(wait);
  check((await api(admin, `/api/v1/orgs/${id}`)).body.name === "明川市大数据局", "…renames it");

  await visit(admin, `#/admin/officers?org=${id}`);
  await admin.locator("#officer-create-box").waitFor(wait);
  await admin.locator("#officer-create-box summary").click();
  await admin.fill("#p-id", "not valid!");
  await admin.fill("#p-name", "林晓");
  await admin.click("#officer-create button[type=submit]");
  await admin.locator("#p-id-error").filter({ hasText: /\S/ }).waitFor(wait);
  check(true, "a bad officer id is shown next to its field");
  await accessible(admin, "the officers page, with a field error");
  const officerId = `wb-${suffix}`;
  await admin.fill("#p-id", officerId);
  await admin.selectOption("#p-org", id);
  await admin.check("#officer-create input[name=role][value=officer]");
  await admin.click("#officer-create button[type=submit]");
  await admin.locator(`#officers li[data-id="${officerId}"]`).waitFor(wait);
  const officer = (await api(admin, `/api/v1/officers/${officerId}`)).body;
  check(officer.org === id && officer.active && officer.roles.join() === "officer", "…creates an officer in it");
  const row2 = admin.locator(`#officers li[data-id="${officerId}"]`);
  await row2.locator("summary").click();
  await row2.locator("form.deactivate input").fill("岗位调整");
  await row2.locator("form.deactivate button[type=submit]").click();
  await admin.locator(`#officers li.dissolved[data-id="${officerId}"]`).waitFor(wait);
  check((await api(admin, `/api/v1/officers/${officerId}`)).body.active === false, "…and deactivates them");

  await visit(admin, "#/admin?region=990100");
  const org = admin.locator(`#orgs li[data-id="${id}"]`);
  await org.locator("summary").click();
  await org.locator("form.dissolve input[id^=ds-basis]").fill("明川市机构改革方案");
  await org.locator("form.dissolve button[type=submit]").click();
  await admin.locator(`#orgs li.dissolved[data-id="${id}"]`).waitFor(wait);
  check((await api(admin, `/api/v1/orgs/${id}`)).body.active === false, "…and dissolves the organisation");

  // Catalogue import: the server must take imports (a missing route fails here).
  await visit(admin, "#/admin/import");
  await admin.locator("#import-form").waitFor(wait);
  const imports = await api(admin, "/api/v1/imports");
  check(imports.status === 200 && Array.isArray(imports.body.imports), `the server lists imports (GET /api/v1/imports answered ${imports.status})`);
  check((await admin.locator("#import-unavailable").count()) === 0, "…and the import page does not say it is unavailable");
  await importJourney(admin, suffix);
  const elsewhere = external.flat();
  check(elsewhere.length === 0, `nothing is fetched from elsewhere (${elsewhere.join(", ")})`);
});

async function importJourney(admin, suffix) {
  await accessible(admin, "the import page");
  const law = {
    id: `wb-law-${suffix}`, title: "明川市政务服务工作台测试规定", title_en: "Workbench test rules", level: "normative_document",
    issuer: "明川市人民政府", promulgated: "2026-01-05", effective: "2026-02-01", invented: true,
    articles: [{ number: 1, text: "为规范政务服务工作台的使用，制定本规定。", text_kind: "quote" }],
  };
  await admin.setInputFiles("#imp-files", { name: "laws.jsonl", mimeType: "application/jsonl", buffer: Buffer.from(JSON.stringify(law) + "\n") });
  // What the server answers the page: the POST that starts the job, and each look at its progress.
  const isPost = (r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/api/v1/imports";
  const polled = [];
  const onResponse = async (r) => {
    if (r.request().method() === "GET" && /^\/api\/v1\/imports\/[^/]+$/.test(new URL(r.url()).pathname))
      polled.push({ status: r.status(), job: await r.json().catch(() => null) });
  };
  admin.on("response", onResponse);
  const [started] = await Promise.all([admin.waitForResponse(isPost, wait), admin.click("#import-form button[type=submit]")]);
  const startedJob = await started.json().catch(() => ({}));
  check(started.status() >= 200 && started.status() < 300 && typeof startedJob.id === "string", `POST /api/v1/imports starts a job (${started.status()} ${startedJob.id})`);
  await admin.waitForURL(new RegExp(`#/admin/import\\?id=${startedJob.id}$`), wait);
  check(true, "…and the page follows that job");
  await admin.locator("#import-progress").waitFor(wait);
  await admin.locator("#import-state[data-state=done]").waitFor(wait);
  admin.off("response", onResponse);
  const jobId = new URLSearchParams(admin.url().split("?")[1]).get("id");
  const job = (await api(admin, `/api/v1/imports/${jobId}`)).body;
  const answers = polled.filter((a) => a.job?.id === jobId);
  check(
    answers.length > 0 && answers.every((a) => a.status === 200) && answers[answers.length - 1].job.state === "done" && job.state === "done",
    `the page's progress comes from GET /api/v1/imports/{id}, to done (${answers.map((a) => a.job?.state).join(" → ")})`,
  );
  check(job.total > 0 && job.report?.records?.["laws.jsonl"] === 1, `…which counted the work and wrote the law (${job.done}/${job.total})`);
  const bar = await admin.locator("#import-progress").evaluate((p) => [p.value, p.max]);
  check(bar[0] === job.done && bar[1] === job.total && job.done === job.total, `…full when done (${bar.join("/")})`);
  check((await admin.locator('#import-report dd[data-file="laws.jsonl"]').innerText()).startsWith(String(job.report.records["laws.jsonl"])), "…and the report: what was written");
  check((await api(admin, `/api/v1/laws/${law.id}`)).status === 200, "the imported law is in the catalogue");
  check((await admin.locator(`#imports a[href="#/admin/import?id=${jobId}"]`).count()) === 1, "…and the job is among the recent imports");
  const bad = `${JSON.stringify({ ...law, id: "Bad Id", level: "decree" })}\nnot json\n`;
  await admin.setInputFiles("#imp-files", { name: "laws.jsonl", mimeType: "application/jsonl", buffer: Buffer.from(bad) });
  await admin.click("#import-form button[type=submit]");
  await admin.locator("#import-state[data-state=failed]").waitFor(wait);
  const badId = new URLSearchParams(admin.url().split("?")[1]).get("id");
  const failed = (await api(admin, `/api/v1/imports/${badId}`)).body;
  const lines = await admin.locator("#import-errors li code").allInnerTexts();
  check(failed.errors.length > 1 && lines.join() === failed.errors.map((e) => e.field).join(), `a bad file shows every error by file:line/field (${lines.join(", ")})`);
  await admin.setInputFiles("#imp-files", { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("x") });
  await admin.click("#import-form button[type=submit]");
  await admin.locator("#imp-files-error", { hasText: "notes.txt" }).waitFor(wait);
  check(true, "a file that is not an import file is named on the page");
}
