// Administration (管理, the admin role): organisations by region — create, rename, dissolve;
// officers — list, create, deactivate; and catalogue import with its progress. Forms check
// what the page can check, and show the server's problem+json field errors next to the field
// they name.
import { type Answer, ApiError, type Body, type FieldError, get, type Params, post, type Route, type Schema } from "../api";
import { currentLang, pick, t } from "../i18n";
import { html, nothing, type SafeHtml, setHtml } from "../html";
import { navigate, type Officer, wireWorkNav, workNav } from "../officer";
import { clearErrors, failure, field, fieldset, formError, render, showErrors, showProblem, nextView, value, view } from "../ui";

type Region = Schema<"Region">;
type Organisation = Schema<"Organisation">;
type ImportJob = Schema<"ImportJob">;

export async function asAdmin(me: Officer, v: number, page: () => Promise<void>): Promise<void> {
  if ((me.roles as string[]).includes("admin")) return page();
  render(html`${workNav(me)}<h1>${t("admin.title")}</h1><p class="error" role="alert">${t("admin.only")}</p>`, v);
  wireWorkNav();
}

function adminNav(here: string): SafeHtml {
  const link = (path: string, key: string) =>
    html`<a href="#${path}"${path === here ? html` aria-current="page"` : ""}>${t(key)}</a>`;
  return html`<nav class="subnav tabs" aria-label="${t("admin.title")}">${link("/admin", "admin.orgs")}${link("/admin/officers", "admin.officers")}${link("/admin/import", "admin.import")}</nav>`;
}

const kKinds = ["government", "department", "agency", "institution", "vertical", "other"] as const;
const kRoles = ["officer", "auditor", "admin"] as const;
// GB 32100-2015: 18 characters, digits and capitals without I, O, S, V, Z. The check
// characters are the server's to verify.
const kUscc = /^[0-9A-HJ-NPQRTUWXY]{18}$/;
const kOfficerId = /^[A-Za-z0-9._-]{1,32}$/;

async function regions(): Promise<Region[]> {
  return (await get("/api/v1/regions")).regions ?? [];
}

async function orgsOf(region: string | null, dissolved: boolean): Promise<Organisation[]> {
  const q = { limit: 500, region: region ?? undefined, include_dissolved: dissolved ? ("true" as const) : undefined };
  return (await get("/api/v1/orgs", q)).organisations ?? [];
}

function regionOptions(list: Region[], selected: string): SafeHtml[] {
  const indent: Record<string, string> = { province: "", city: "　", county: "　　", township: "　　　" };
  return list
    .map((r) => html`<option value="${r.code}"${r.code === selected ? " selected" : ""}>${indent[r.level] ?? ""}${pick(r, "name")} (${r.code})</option>`);
}

function orgOptions(list: Organisation[], selected = "", empty = ""): SafeHtml {
  return html`${empty ? html`<option value="">${empty}</option>` : ""}${list.map(
    (o) => html`<option value="${o.id}"${o.id === selected ? " selected" : ""}>${pick(o, "name")}</option>`,
  )}`;
}

// Problems the page can see before asking the server: required fields and lengths.
function required(errors: FieldError[], name: string, v: string, max = 0): void {
  if (!v) errors.push({ field: name, message: t("form.required") });
  else if (max && v.length > max) errors.push({ field: name, message: t("form.too_long").replace("{n}", String(max)) });
}

// Submits `body` to `path` after the page's own checks; on success runs `done`.
function wireForm<P extends Route<"post">>(
  form: HTMLFormElement,
  check: () => { body: Body<P>; errors: FieldError[] },
  route: P,
  params: Params<P, "post">,
  done: (r: Answer<P, "post">) => void,
): void {
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const { body, errors } = check();
    if (showErrors(form, errors)) return;
    const button = form.querySelector("button[type=submit]") as HTMLButtonElement;
    button.disabled = true;
    try {
      done(await post(route, params, body));
    } catch (e) {
      showProblem(form, e);
    } finally {
      button.disabled = false;
    }
  });
}

// --- organisations ---------------------------------------------------------------------------

export async function orgsPage(me: Officer, params: URLSearchParams, v: number): Promise<void> {
  const all = await regions();
  const region = params.get("region") ?? all.find((r) => r.level === "city")?.code ?? all[0]?.code ?? "";
  const list = await orgsOf(region, true);
  const names = new Map(list.map((o) => [o.id, o]));
  const rows = list
    .map((o, i) => html`<li data-id="${o.id}" class="${o.active ? "" : "dissolved"}"><strong>${pick(o, "name")}</strong>
      <span>${o.id} · ${t(`kind.${o.kind}`)}${o.parent ? ` · ${t("admin.parent")} ${names.has(o.parent) ? pick(names.get(o.parent) as Organisation, "name") : o.parent}` : ""}${
        o.active ? "" : html` · <strong>${t("admin.dissolved")} ${o.dissolved_on ?? ""}</strong>`}</span>
      ${o.active ? html`<details><summary>${t("admin.change")}<span class="visually-hidden"> ${o.name}</span></summary>
        <form class="rename" data-id="${o.id}" novalidate>
          ${field(`rn-name-${i}`, "name", t("admin.org_name"), html`<input id="rn-name-${i}" type="text" maxlength="100" value="${o.name}" required />`)}
          ${field(`rn-en-${i}`, "name_en", t("admin.org_name_en"), html`<input id="rn-en-${i}" type="text" maxlength="200" value="${o.name_en ?? ""}" lang="en" />`)}
          ${formError()}<button type="submit">${t("admin.rename")}</button></form>
        <form class="dissolve" data-id="${o.id}" novalidate>
          ${field(`ds-basis-${i}`, "basis", t("admin.basis"), html`<input id="ds-basis-${i}" type="text" maxlength="500" required />`)}
          ${field(`ds-on-${i}`, "effective", t("admin.effective"), html`<input id="ds-on-${i}" type="date" />`)}
          ${formError()}<button type="submit">${t("admin.dissolve")}</button></form></details>` : ""}</li>`);
  const here = all.find((r) => r.code === region);
  render(html`${workNav(me)}${adminNav("/admin")}<h1>${t("admin.orgs")}</h1>
    <form id="region-form" class="filters" novalidate>${field("a-region", "region", t("admin.region"), html`<select id="a-region">${regionOptions(all, region)}</select>`)}
      <button type="submit">${t("admin.show")}</button></form>
    <details class="create" id="org-create-box"><summary><strong>${t("admin.org_create")}</strong></summary>
    <form id="org-create" novalidate>
      ${field("o-id", "id", t("admin.uscc"), html`<input id="o-id" type="text" maxlength="18" autocomplete="off" spellcheck="false" required />`, t("admin.uscc_hint"))}
      ${field("o-name", "name", t("admin.org_name"), html`<input id="o-name" type="text" maxlength="100" required />`)}
      ${field("o-name-en", "name_en", t("admin.org_name_en"), html`<input id="o-name-en" type="text" maxlength="200" lang="en" />`)}
      ${field("o-kind", "kind", t("admin.kind"), html`<select id="o-kind">${kKinds.map((k) => html`<option value="${k}"${k === "department" ? " selected" : ""}>${t(`kind.${k}`)}</option>`)}</select>`)}
      ${field("o-region", "region", t("admin.region"), html`<select id="o-region">${regionOptions(all, region)}</select>`)}
      ${field("o-parent", "parent", t("admin.parent"), html`<select id="o-parent">${orgOptions(list.filter((o) => o.active), "", t("admin.no_parent"))}</select>`)}
      ${formError()}<button type="submit">${t("admin.create")}</button></form></details>
    <h2 id="orgs-h">${here ? pick(here, "name") : region} · ${t("admin.count_orgs").replace("{n}", String(list.length))}</h2>
    <ul class="uses orgs" id="orgs" aria-labelledby="orgs-h">${rows.length ? rows : html`<li class="none">${t("me.none")}</li>`}</ul>
`, v);
  if (v !== view) return;
  wireWorkNav();
  const again = () => {
    if (v !== view) return; // the reader has moved on: do not draw this page over theirs
    const w = nextView();
    void orgsPage(me, params, w).catch((e) => render(failure(e), w));
  };
  (document.getElementById("region-form") as HTMLFormElement).addEventListener("submit", (ev) => {
    ev.preventDefault();
    navigate("/admin", new URLSearchParams({ region: value(document.body, "#a-region") }));
  });
  // The parents offered are the active organisations of the region chosen.
  const regionSelect = document.getElementById("o-region") as HTMLSelectElement;
  regionSelect.addEventListener("change", async () => {
    const parents = await orgsOf(regionSelect.value, false);
    setHtml(document.getElementById("o-parent") as HTMLSelectElement, orgOptions(parents, "", t("admin.no_parent")));
  });
  const idInput = document.getElementById("o-id") as HTMLInputElement;
  idInput.addEventListener("change", () => (idInput.value = idInput.value.trim().toUpperCase()));
  const create = document.getElementById("org-create") as HTMLFormElement;
  wireForm(
    create,
    () => {
      const body: Body<"/api/v1/orgs"> = {
        id: value(create, "#o-id").toUpperCase(),
        name: value(create, "#o-name"),
        kind: value(create, "#o-kind") as (typeof kKinds)[number],
        region: value(create, "#o-region"),
      };
      if (value(create, "#o-name-en")) body.name_en = value(create, "#o-name-en");
      if (value(create, "#o-parent")) body.parent = value(create, "#o-parent");
      const errors: FieldError[] = [];
      required(errors, "id", body.id);
      if (body.id && !kUscc.test(body.id)) errors.push({ field: "id", message: t("admin.uscc_bad") });
      required(errors, "name", body.name, 100);
      return { body, errors };
    },
    "/api/v1/orgs",
    {},
    (r) => {
      if (r.region === region) return again();
      navigate("/admin", new URLSearchParams({ region: r.region }));
    },
  );
  document.querySelectorAll<HTMLFormElement>("form.rename").forEach((f) =>
    wireForm(
      f,
      () => {
        const body: Body<"/api/v1/orgs/{id}/rename"> = { name: value(f, "input[id^=rn-name]") };
        if (value(f, "input[id^=rn-en]")) body.name_en = value(f, "input[id^=rn-en]");
        const errors: FieldError[] = [];
        required(errors, "name", body.name, 100);
        return { body, errors };
      },
      "/api/v1/orgs/{id}/rename",
      { id: f.dataset.id as string },
      again,
    ),
  );
  document.querySelectorAll<HTMLFormElement>("form.dissolve").forEach((f) =>
    wireForm(
      f,
      () => {
        const body: Body<"/api/v1/orgs/{id}/dissolve"> = { basis: value(f, "input[id^=ds-basis]") };
        if (value(f, "input[id^=ds-on]")) body.effective = value(f, "input[id^=ds-on]");
        const errors: FieldError[] = [];
        required(errors, "basis", body.basis, 500);
        return { body, errors };
      },
      "/api/v1/orgs/{id}/dissolve",
      { id: f.dataset.id as string },
      again,
    ),
  );
}

// --- officers --------------------------------------------------------------------------------

export async function officersPage(me: Officer, params: URLSearchParams, v: number): Promise<void> {
  const org = params.get("org") ?? "";
  const [orgs, list] = await Promise.all([
    orgsOf(null, true),
    get("/api/v1/officers", { org }),
  ]);
  const names = new Map(orgs.map((o) => [o.id, o]));
  const active = orgs.filter((o) => o.active);
  const rows = (list.officers ?? [])
    .map((o, i) => html`<li data-id="${o.id}" class="${o.active ? "" : "dissolved"}"><strong>${o.name ?? "—"}</strong> (${o.id})
      <span>${names.has(o.org) ? pick(names.get(o.org) as Organisation, "name") : o.org} · ${(o.roles as string[]).map((r) => t(`role.${r}`)).join(t("list.sep"))}${
        o.active ? "" : html` · <strong>${t("admin.inactive")}</strong>`}</span>
      ${o.active && o.id !== me.id ? html`<details><summary>${t("admin.deactivate")}<span class="visually-hidden"> ${o.id}</span></summary>
        <form class="deactivate" data-id="${o.id}" novalidate>
          ${field(`dc-reason-${i}`, "reason", t("admin.reason"), html`<input id="dc-reason-${i}" type="text" maxlength="500" required />`)}
          ${formError()}<button type="submit">${t("admin.deactivate")}</button></form></details>` : ""}</li>`);
  render(html`${workNav(me)}${adminNav("/admin/officers")}<h1>${t("admin.officers")}</h1>
    <form id="officer-filter" class="filters" novalidate>${field("a-org", "org", t("admin.org"), html`<select id="a-org">${orgOptions(orgs, org, t("filter.any"))}</select>`)}
      <button type="submit">${t("admin.show")}</button></form>
    <details class="create" id="officer-create-box"><summary><strong>${t("admin.officer_create")}</strong></summary>
    <form id="officer-create" novalidate>
      ${field("p-id", "id", t("admin.officer_id"), html`<input id="p-id" type="text" maxlength="32" autocomplete="off" spellcheck="false" required />`, t("admin.officer_id_hint"))}
      ${field("p-name", "name", t("admin.officer_name"), html`<input id="p-name" type="text" maxlength="50" autocomplete="off" required />`)}
      ${field("p-org", "org", t("admin.org"), html`<select id="p-org">${orgOptions(active, org)}</select>`)}
      ${fieldset("p-roles", "roles", t("admin.roles"), kRoles
        .map((r) => html`<label class="check"><input type="checkbox" name="role" value="${r}"${r === "officer" ? " checked" : ""} /> ${t(`role.${r}`)}</label>`)
        )}
      ${formError()}<button type="submit">${t("admin.create")}</button></form></details>
    <h2 id="officers-h">${t("admin.count_officers").replace("{n}", String((list.officers ?? []).length))}</h2>
    <ul class="uses officers" id="officers" aria-labelledby="officers-h">${rows.length ? rows : html`<li class="none">${t("me.none")}</li>`}</ul>
`, v);
  if (v !== view) return;
  wireWorkNav();
  const again = () => {
    if (v !== view) return; // the reader has moved on: do not draw this page over theirs
    const w = nextView();
    void officersPage(me, params, w).catch((e) => render(failure(e), w));
  };
  (document.getElementById("officer-filter") as HTMLFormElement).addEventListener("submit", (ev) => {
    ev.preventDefault();
    const chosen = value(document.body, "#a-org");
    navigate("/admin/officers", new URLSearchParams(chosen ? { org: chosen } : {}));
  });
  const create = document.getElementById("officer-create") as HTMLFormElement;
  wireForm(
    create,
    () => {
      const body: Body<"/api/v1/officers"> = {
        id: value(create, "#p-id"),
        name: value(create, "#p-name"),
        org: value(create, "#p-org"),
        roles: Array.from(create.querySelectorAll<HTMLInputElement>("input[name=role]:checked"), (c) => c.value as (typeof kRoles)[number]),
      };
      const errors: FieldError[] = [];
      required(errors, "id", body.id);
      if (body.id && !kOfficerId.test(body.id)) errors.push({ field: "id", message: t("admin.officer_id_bad") });
      required(errors, "name", body.name, 50);
      required(errors, "org", body.org);
      if (!body.roles.length) errors.push({ field: "roles", message: t("admin.roles_needed") });
      return { body, errors };
    },
    "/api/v1/officers",
    {},
    (r) => navigate("/admin/officers", new URLSearchParams({ org: r.org })),
  );
  document.querySelectorAll<HTMLFormElement>("form.deactivate").forEach((f) =>
    wireForm(
      f,
      () => {
        const body = { reason: value(f, "input") };
        const errors: FieldError[] = [];
        required(errors, "reason", body.reason, 500);
        return { body, errors };
      },
      "/api/v1/officers/{id}/deactivate",
      { id: f.dataset.id as string },
      again,
    ),
  );
}

// --- catalogue import ------------------------------------------------------------------------

const kImportFiles = [
  "regions.jsonl",
  "organisations.jsonl",
  "laws.jsonl",
  "data_resources.jsonl",
  "powers.jsonl",
  "service_items.jsonl",
  "life_events.jsonl",
  "officers.jsonl",
];
const kImportMax = 48 * 1024 * 1024;

// The result of a finished import: what was written, or every problem found (nothing written).
function jobResult(job: ImportJob): SafeHtml {
  if (job.report)
    return html`<h3>${t("import.report")}</h3><dl class="facts" id="import-report">${Object.entries(job.report.records ?? {})
      .map(([file, n]) => html`<dt>${file}</dt><dd data-file="${file}">${n} ${t("import.records")}</dd>`)
      }<dt>${t("import.events")}</dt><dd id="import-events">${job.report.events}</dd>
      <dt>${t("import.log")}</dt><dd>${job.report.first_index}–${job.report.last_index}</dd></dl>`;
  if (job.state === "failed")
    return html`<h3>${t("import.errors")}</h3><p>${job.detail ?? ""}</p><p>${t("import.nothing_written")}</p>
      <ul class="uses import-errors" id="import-errors">${((job.errors ?? []) ?? [])
        .map((e) => html`<li><code>${e.field}</code><span>${e.message}</span></li>`)
        }</ul>`;
  return nothing;
}

// Redraws the progress of `job` in place: the state (announced when it changes), the bar and
// the count, and the result once there is one.
function showJob(box: HTMLElement, job: ImportJob): void {
  if (box.dataset.id !== job.id) {
    box.dataset.id = job.id;
    setHtml(box, html`<h2>${t("import.job")} <code>${job.id}</code></h2>
      <p id="import-state" role="status"></p><progress id="import-progress" aria-labelledby="import-state"></progress>
      <p class="muted" id="import-count"></p><div id="import-result"></div>`);
  }
  const state = box.querySelector("#import-state") as HTMLElement;
  if (state.dataset.state !== job.state) {
    state.dataset.state = job.state;
    state.textContent = t(`import.${job.state}`);
  }
  // Before the first count the total is not known yet: the bar is indeterminate.
  const bar = box.querySelector("#import-progress") as HTMLProgressElement;
  if (job.total > 0) {
    bar.max = job.total;
    bar.value = Math.min(job.done, job.total);
  } else bar.removeAttribute("value");
  const running = job.state === "checking" || job.state === "writing";
  const unit = t(job.phase === "write" ? "import.records" : "import.bytes");
  (box.querySelector("#import-count") as HTMLElement).textContent =
    `${t(`import.phase_${job.phase}`)}: ${job.done} / ${job.total} ${unit}${running ? "…" : ""}`;
  const result = box.querySelector("#import-result") as HTMLElement;
  if (!running && !result.innerHTML) setHtml(result, jobResult(job));
}

export async function importPage(me: Officer, params: URLSearchParams, v: number): Promise<void> {
  const id = params.get("id");
  const recent = await get("/api/v1/imports").catch((e) => (e instanceof ApiError && e.status === 404 ? null : Promise.reject(e)));
  const rows = (recent?.imports ?? [])
    .map((j) => html`<li><a href="#/admin/import?id=${encodeURIComponent(j.id)}"><code>${j.id}</code></a> <span>${t(`import.${j.state}`)} · ${j.actor ?? ""} · ${
      new Date(j.started ?? 0).toLocaleString(currentLang() === "zh" ? "zh-CN" : "en")}</span></li>`);
  render(html`${workNav(me)}${adminNav("/admin/import")}<h1>${t("admin.import")}</h1>
    <p>${t("import.intro")}</p>
    ${recent ? "" : html`<p class="error" role="alert" id="import-unavailable">${t("import.unavailable")}</p>`}
    <form id="import-form" novalidate>
      ${field("imp-files", "files", t("import.files"), html`<input id="imp-files" type="file" multiple accept=".jsonl,application/jsonl,application/x-ndjson" />`, kImportFiles.join(", "))}
      ${formError()}<button type="submit">${t("import.start")}</button></form>
    <section id="import-job" aria-label="${t("import.job")}"></section>
    <h2>${t("import.recent")}</h2><ul class="uses" id="imports">${rows.length ? rows : html`<li class="none">${t("me.none")}</li>`}</ul>`, v);
  if (v !== view) return;
  wireWorkNav();
  if (id) void follow(id, v);
  const form = document.getElementById("import-form") as HTMLFormElement;
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const files = Array.from((document.getElementById("imp-files") as HTMLInputElement).files ?? []);
    const errors: FieldError[] = [];
    if (!files.length) errors.push({ field: "files", message: t("import.choose") });
    for (const f of files)
      if (!kImportFiles.includes(f.name)) errors.push({ field: "files", message: `${f.name}: ${t("import.bad_name")}` });
    if (files.reduce((n, f) => n + f.size, 0) > kImportMax) errors.push({ field: "files", message: t("import.too_big") });
    if (showErrors(form, errors)) return;
    const body: Body<"/api/v1/imports"> = { files: {} };
    for (const f of files) body.files[f.name] = await f.text();
    try {
      const job = await post("/api/v1/imports", {}, body);
      clearErrors(form);
      navigate("/admin/import", new URLSearchParams({ id: job.id }));
    } catch (e) {
      showProblem(form, e);
    }
  });
}

// Follows an import until it is done or failed, redrawing its progress.
async function follow(id: string, v: number): Promise<void> {
  const box = document.getElementById("import-job") as HTMLElement;
  for (;;) {
    if (v !== view) return;
    let job: ImportJob;
    try {
      job = await get("/api/v1/imports/{id}", { id });
    } catch (e) {
      setHtml(box, html`<p class="error" role="alert">${t("error")}: ${(e as Error).message}</p>`);
      return;
    }
    if (v !== view) return;
    showJob(box, job);
    if (job.state === "done" || job.state === "failed") return;
    await new Promise((r) => setTimeout(r, 250));
  }
}
