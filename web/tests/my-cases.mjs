// Browser journey: 我的办件, told plainly (web/src/pages/my-cases.ts, web/src/case-words.ts).
//   The demo citizen's cases are joined, through the API, by one in each state the demo lacks
//   (a draft, a special step, not accepted, decided awaiting delivery); then EVERY case of
//   GET /api/v1/me/cases is opened, in Chinese and in English: a status sentence and a
//   next-step sentence are there, and no raw event code (case.accepted), snake_case name
//   (id_number, in_progress) or status value shows anywhere on the page; the list tells each
//   case the same way. A 补正 round trip: an officer returns a case with a reason through the
//   API → the citizen's page shows the reason, the date, the materials asked for → uploads →
//   resubmits → the status changes (page and API). A draft confirmed from the page. A
//   withdrawal from the page, through its confirmation dialog (cancelled once, then confirmed).
//   axe-core on the list, a case in progress and a returned case.
//
//   node tests/my-cases.mjs BASE_URL DEMO_CITIZEN      (exits non-zero if a check fails)
import { accessible, check, launch, phonePage, run } from "./lib.mjs";

const base = process.argv[2];
const citizen = process.argv[3];
const browser = await launch();
const wait = { timeout: 30000 };
const kItem = "990100-001401-01"; // 残疾人证办理: fetches the household record (a draft), then 受理 审查 决定 送达
const kOfficer = "mc-disabled-01";

async function login(request, who) {
  const r = await request.post(`${base}/api/v1/auth/demo-login`, { data: who });
  return (await r.json()).token;
}

async function call(request, token, method, path, body) {
  const headers = { Authorization: `Bearer ${token}` };
  const r = method === "GET" ? await request.get(base + path, { headers }) : await request.post(base + path, { headers, data: body ?? {} });
  const json = await r.json().catch(() => null);
  if (r.status() >= 300) throw new Error(`${method} ${path} → ${r.status()} ${JSON.stringify(json)}`);
  return json;
}

const pdf = (s) => Buffer.from(`%PDF-1.4 ${s}`);

await run(browser, async () => {
  const page = await phonePage(browser, base);
  const request = page.request;
  await page.goto(`${base}/#/me`);
  await page.fill("#cid", citizen);
  await page.click("#login button");
  await page.locator("a[href='#/me/cases']").waitFor(wait);
  const me = await page.evaluate(() => sessionStorage.getItem("token"));
  const officer = await login(request, { officer: kOfficer });
  const cit = (method, path, body) => call(request, me, method, path, body);
  const act = (no, body) => call(request, officer, "POST", `/api/v1/cases/${no}/actions`, body);

  // A new application for the disability card; it waits as a draft (the household record was
  // fetched for the applicant to check).
  async function apply(tag) {
    const up = async (s) => (await (await request.post(`${base}/api/v1/me/uploads`, { headers: { Authorization: `Bearer ${me}`, "Content-Type": "application/pdf" }, data: pdf(`${tag} ${s}`) })).json()).hash;
    const r = await cit("POST", "/api/v1/me/cases", {
      item: kItem,
      form: { phone: "13912345678", declarations: [true] },
      materials: [{ name: "残疾评定表", upload: await up("评定表") }, { name: "近期免冠照片", upload: await up("照片") }],
    });
    return r.no;
  }
  async function accepted(tag) {
    const no = await apply(tag);
    await cit("POST", `/api/v1/me/cases/${no}/submit`);
    await act(no, { action: "accept" });
    return no;
  }

  // Cases in the states the demo does not have.
  const draft = await apply("draft");
  const special = await accepted("special");
  await act(special, { action: "special_start", step: "残疾评定", comment: "需要进行残疾评定" });
  const refused = await apply("refused");
  await cit("POST", `/api/v1/me/cases/${refused}/submit`);
  await act(refused, { action: "not_accept", comment: "申请人不符合申请条件" });
  const decided = await accepted("decided");
  await act(decided, { action: "advance" });
  await act(decided, { action: "approve", comment: "符合条件，准予" });
  const returned = await accepted("returned");
  const withdrawMe = await apply("withdraw");
  await cit("POST", `/api/v1/me/cases/${withdrawMe}/submit`);

  // Every case of the citizen, in both languages.
  const all = (await cit("GET", "/api/v1/me/cases?limit=200")).cases;
  const states = new Set(all.map((k) => `${k.status}${k.outcome ? "/" + k.outcome : ""}`));
  check(all.length >= 10, `the citizen has ${all.length} cases, in states ${[...states].join(", ")}`);
  const kSnake = /\b[a-z]+_[a-z_]+\b/;
  const kEvent = /\b(?:case|rectification|upload|access|credential)\.[a-z_]+\b/;
  const kValue = /\b(?:draft|submitted|in_progress|returned|special|decided|closed|approved|rejected|withdrawn|not_accepted|shared|upload|licence|citizen|supplement)\b/;
  for (const lang of ["zh", "en"]) {
    await page.evaluate((l) => localStorage.setItem("lang", l), lang);
    await page.goto("about:blank");
    await page.goto(`${base}/#/me/cases`);
    await page.locator(".my-cases li.my-case").first().waitFor(wait);
    const rows = await page.locator(".my-cases li.my-case").evaluateAll((lis) => lis.map((li) => ({ no: li.dataset.no, text: li.innerText })));
    check(rows.length === all.length, `${lang}: the list shows every case (${rows.length} of ${all.length})`);
    for (const r of rows) {
      check(/\S/.test(r.text) && !kEvent.test(r.text) && !kSnake.test(r.text), `${lang}: list row ${r.no} has no raw code`);
      check(r.text.includes(lang === "zh" ? "办件状态" : "Status:") && r.text.includes(lang === "zh" ? "下一步" : "What happens next"), `${lang}: list row ${r.no} has its status and next step`);
    }
    if (lang === "zh") await accessible(page, "my cases (zh)");
    for (const k of all) {
      await page.goto("about:blank");
      await page.goto(`${base}/#/me/cases/${encodeURIComponent(k.no)}`);
      await page.locator("main .case-next").first().waitFor(wait);
      const text = await page.locator("main").innerText();
      const status = (await page.locator("main > .case-status").first().innerText()).trim();
      const next = (await page.locator("main > .case-next").first().innerText()).trim();
      const what = `${lang} ${k.no} (${k.status}${k.outcome ? "/" + k.outcome : ""})`;
      check(status.length > (lang === "zh" ? 6 : 10), `${what}: a status sentence — ${status}`);
      check(next.length > (lang === "zh" ? 8 : 20), `${what}: a next-step sentence — ${next}`);
      const raw = text.match(kEvent) ?? text.match(kSnake) ?? (lang === "zh" ? text.match(kValue) : null);
      check(!raw, `${what}: no raw event code or field name on the page${raw ? ` (found "${raw[0]}")` : ""}`);
      const steps = await page.locator("ol.timeline > li").count();
      const detail = await cit("GET", `/api/v1/me/cases/${encodeURIComponent(k.no)}`);
      check(steps === (detail.timeline ?? []).length, `${what}: every timeline step shown (${steps})`);
      if (detail.materials?.some((m) => m.values && Object.keys(m.values).includes("id_number"))) {
        check(text.includes(lang === "zh" ? "公民身份号码" : "identity number"), `${what}: a fetched field shown by its name in words`);
      }
    }
  }

  // A case in progress, as the screenshots show it: the clock's dates and the days left.
  await page.evaluate(() => localStorage.setItem("lang", "zh"));
  const running = all.find((k) => k.status === "in_progress" && k.item && k.clock?.promised?.due);
  if (running) {
    await page.goto("about:blank");
    await page.goto(`${base}/#/me/cases/${encodeURIComponent(running.no)}`);
    await page.locator("main .case-due").first().waitFor(wait);
    const due = await page.locator("main .case-due").first().innerText();
    check(due.includes(running.clock.promised.due) && (!running.clock.statutory?.due || due.includes(running.clock.statutory.due)), `in progress: both due dates shown — ${due}`);
    if (typeof running.clock.promised.working_days_left === "number") check(due.includes(`还剩 ${running.clock.promised.working_days_left} 个工作日`), "in progress: the working days left");
    await accessible(page, "a case in progress (zh)");
  }

  // 补正: the officer returns the case with a reason; the citizen sees it, uploads, resubmits.
  const reason = "照片不清晰，请上传近三个月内的白底免冠照片";
  await act(returned, { action: "return", materials: ["近期免冠照片"], comment: reason });
  const back = await cit("GET", `/api/v1/me/cases/${returned}`);
  const on = back.timeline.filter((s) => s.type === "case.returned").pop().on;
  await page.goto("about:blank");
  await page.goto(`${base}/#/me/cases/${returned}`);
  await page.locator("#returned-reason").waitFor(wait);
  check((await page.locator("#returned-reason").innerText()).includes(reason), "补正: the officer's reason is shown");
  check((await page.locator("#returned-on").innerText()).includes(on), `补正: the date it was returned (${on})`);
  const asked = await page.locator("#returned-materials li").allInnerTexts();
  check(asked.length === 1 && asked[0] === "近期免冠照片", `补正: the material asked for (${asked.join("、")})`);
  check((await page.locator("main > .case-status").innerText()).includes("退回补正"), "补正: status 退回补正");
  check((await page.locator("main > .case-next").innerText()).includes("请您补正材料"), "补正: the next step is the applicant's");
  await accessible(page, "a returned case (zh)");
  await page.locator("#resubmit input[type=file]").setInputFiles({ name: "photo.pdf", mimeType: "application/pdf", buffer: pdf("新照片") });
  await page.click("#resubmit button[type=submit]");
  await page.locator("main > .case-status").filter({ hasText: "办理中" }).waitFor(wait);
  check((await page.locator("#returned-reason").count()) === 0, "补正: after resubmitting, the form is gone");
  const after = await cit("GET", `/api/v1/me/cases/${returned}`);
  check(after.status === "in_progress" && after.timeline.some((s) => s.type === "case.resubmitted"), `补正: the API says ${after.status}, resubmitted`);
  check((await page.locator("ol.timeline").innerText()).includes("补正材料"), "补正: the resubmission in the timeline, in words");

  // A draft, confirmed and submitted from the page.
  await page.goto("about:blank");
  await page.goto(`${base}/#/me/cases/${draft}`);
  await page.locator("#submit-draft").waitFor(wait);
  check((await page.locator("main > .case-next").innerText()).includes("确认后提交"), "draft: the next step asks to confirm and submit");
  await page.click("#submit-draft");
  await page.locator("main > .case-status").filter({ hasText: "已提交" }).waitFor(wait);
  check((await cit("GET", `/api/v1/me/cases/${draft}`)).status === "submitted", "draft: submitted (API)");
  check((await page.locator("main > .case-next").innerText()).includes("受理"), "draft: now waiting for acceptance");

  // Withdrawal from the page: the dialog, cancelled, then confirmed.
  await page.goto("about:blank");
  await page.goto(`${base}/#/me/cases/${withdrawMe}`);
  await page.locator("#withdraw").waitFor(wait);
  await page.click("#withdraw");
  check(await page.locator("#withdraw-dialog").isVisible(), "withdraw: a confirmation dialog opens");
  await page.click("#withdraw-no");
  check(!(await page.locator("#withdraw-dialog").isVisible()), "withdraw: cancelling closes the dialog");
  check((await cit("GET", `/api/v1/me/cases/${withdrawMe}`)).status === "submitted", "withdraw: cancelled, nothing changed");
  await page.click("#withdraw");
  await page.click("#withdraw-yes");
  await page.locator("main > .case-status").filter({ hasText: "已撤回" }).waitFor(wait);
  const gone = await cit("GET", `/api/v1/me/cases/${withdrawMe}`);
  check(gone.status === "closed" && gone.outcome === "withdrawn", "withdraw: the API says closed, withdrawn");
  check((await page.locator("#withdraw").count()) === 0, "withdraw: no withdraw button on a withdrawn case");
  check((await page.locator("ol.timeline").innerText()).includes("撤回"), "withdraw: in the timeline, in words");

  check(page.external.length === 0, `nothing fetched from elsewhere ${page.external.join(" ")}`);
});
