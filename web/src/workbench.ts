// The officer workbench (工作台): sign-in, the organisation's queue with filters kept in the
// address (so a filtered view can be linked), deadline alerts, and the case page with the
// actions the case's state and the power list allow — claim, the handling steps, comments and
// in-person visits. The rectification pages (rectification.ts) hang off it.
import { type FieldError, get, post } from "./api";
import { currentLang, pick, t } from "./i18n";
import { asOfficer, hashParts, navigate, wireWorkNav, workNav } from "./officer";
import { officerRectificationPage, officerRectificationsPage, rectificationOf, rectificationFacts } from "./rectification";
import {
  clearErrors,
  deadlineText,
  esc,
  eventLabel,
  failure,
  field,
  fieldset,
  formError,
  type Json,
  main,
  render,
  showErrors,
  showProblem,
  value,
  nextView,
  view,
} from "./ui";

// --- routing ---------------------------------------------------------------------------------

// Draws the workbench page the address names; answers false for any other address.
export function routeWorkbench(): boolean {
  const { path, params } = hashParts();
  const kase = path.match(/^\/work\/cases\/([^/]+)$/);
  const rect = path.match(/^\/work\/rectifications\/([^/]+)$/);
  if (path === "/work") asOfficer((me, v) => queuePage(me, params, v));
  else if (kase) asOfficer((me, v) => casePage(me, kase[1], v));
  else if (path === "/work/rectifications") asOfficer((me, v) => officerRectificationsPage(me, params, v));
  else if (rect) asOfficer((me, v) => officerRectificationPage(me, rect[1], v));
  else return false;
  return true;
}

// --- the queue (待办) -------------------------------------------------------------------------

const kPage = 50;
const kFilters = ["status", "item", "due_before", "overdue", "mine"];
const kStatuses = ["submitted", "in_progress", "returned", "special", "decided", "closed"];
const kUrgency = ["none", "ok", "paused", "due_soon", "due_today", "overdue"];

// The more urgent of a case's two deadlines (the promised one is never later).
function urgency(clock: Json | undefined): string {
  const a = clock?.statutory?.state ?? "none";
  const b = clock?.promised?.state ?? "none";
  return kUrgency.indexOf(a) >= kUrgency.indexOf(b) ? a : b;
}

// The service items the organisation implements, by code.
async function itemsOf(org: string): Promise<Map<string, Json>> {
  const r = await get<Json>(`/api/v1/items?org=${encodeURIComponent(org)}&limit=1000`);
  return new Map((r.items as Json[]).map((i) => [i.code, i]));
}

function caseRow(k: Json, items: Map<string, Json>): string {
  const state = urgency(k.clock);
  const item = items.get(k.item);
  const name = item ? pick(item, "name") : (k.item_name ?? k.item ?? "");
  return `<li class="due-${esc(state)}" data-no="${esc(k.no)}" data-item="${esc(k.item ?? "")}" data-status="${esc(k.status)}">
    <a href="#/work/cases/${encodeURIComponent(k.no)}"><strong>${esc(k.no)}</strong> ${esc(name)}
    <span>${[k.status ? t(`status.${k.status}`) : "", k.stage ?? ""].filter((x) => x).map(esc).join(" · ")}${k.assignee ? ` · ${esc(t("work.assignee"))} ${esc(k.assignee)}` : ""}</span>
    <span>${esc(t("case.due"))} ${esc(deadlineText(k.clock?.statutory))}</span>
    <span>${esc(t("work.promised_due"))} ${esc(deadlineText(k.clock?.promised))}</span></a></li>`;
}

function alertsBox(alerts: Json, rects: Json[], items: Map<string, Json>): string {
  const rows = (alerts.alerts as Json[]).map((a) => caseRow(a, items)).join("");
  const open = rects.filter((r) => r.status === "open").length;
  const contacted = rects.filter((r) => r.status === "contacted").length;
  const late = rects.filter((r) => r.overdue).length;
  const urgent = alerts.overdue > 0 || alerts.due_soon > 0 || late > 0;
  return `<section class="alerts${urgent ? " urgent" : ""}" aria-labelledby="alerts-h">
    <h2 id="alerts-h">${esc(t("alerts.title"))}</h2>
    <p class="alert-counts"><strong id="alert-overdue">${esc(alerts.overdue)}</strong> ${esc(t("alerts.overdue"))} ·
      <strong id="alert-due-soon">${esc(alerts.due_soon)}</strong> ${esc(t("alerts.due_soon").replace("{n}", String(alerts.warn_days)))}</p>
    ${rows ? `<ul class="results queue alert-list">${rows}</ul>` : ""}
    ${alerts.overdue > 0 ? `<p><a href="#/work?overdue=true">${esc(t("alerts.show_overdue"))}</a></p>` : ""}
    <p class="alert-rect">${esc(t("rect.title"))}: ${esc(t("rect.open_n"))} <strong>${open}</strong> · ${esc(t("rect.contacted_n"))} <strong>${contacted}</strong>${
      late ? ` · <strong class="error">${late} ${esc(t("rect.late_n"))}</strong>` : ""} · <a href="#/work/rectifications">${esc(t("rect.see"))}</a></p>
  </section>`;
}

// A checkbox that is a field of its own (a query parameter the server may find fault with).
function checkField(id: string, name: string, label: string, checked: boolean): string {
  return `<div class="field" data-field="${name}"><label class="check" for="${id}"><input id="${id}" name="${name}" type="checkbox"
    value="true" aria-describedby="${id}-error"${checked ? " checked" : ""} /> ${esc(label)}</label><p id="${id}-error" class="field-error"></p></div>`;
}

function filterForm(params: URLSearchParams, items: Map<string, Json>): string {
  const status = params.get("status") ?? "";
  const item = params.get("item") ?? "";
  const itemOptions = [...items.values()]
    .map((i) => `<option value="${esc(i.code)}"${i.code === item ? " selected" : ""}>${esc(pick(i, "name"))}</option>`)
    .join("");
  const extra = item && !items.has(item) ? `<option value="${esc(item)}" selected>${esc(item)}</option>` : "";
  const active = [
    status ? t(`status.${status}`) : "",
    item ? (items.has(item) ? pick(items.get(item) as Json, "name") : item) : "",
    params.get("due_before") ? `${t("filter.due_before")} ${params.get("due_before")}` : "",
    params.get("overdue") === "true" ? t("filter.overdue") : "",
    params.get("mine") === "true" ? t("filter.mine") : "",
  ].filter((x) => x);
  return `<details class="filter-box"${active.length ? " open" : ""}><summary><strong>${esc(t("filter.title"))}</strong>${
    active.length ? `: <span id="filters-active">${esc(active.join(" · "))}</span>` : ""}</summary>
  <form id="filters" class="filters" novalidate>
    ${field("f-status", "status", esc(t("filter.status")), `<select id="f-status" name="status"><option value="">${esc(t("filter.any"))}</option>${kStatuses
      .map((s) => `<option value="${s}"${s === status ? " selected" : ""}>${esc(t(`status.${s}`))}</option>`)
      .join("")}</select>`)}
    ${field("f-item", "item", esc(t("filter.item")), `<select id="f-item" name="item"><option value="">${esc(t("filter.any"))}</option>${itemOptions}${extra}</select>`)}
    ${field("f-due", "due_before", esc(t("filter.due_before")), `<input id="f-due" name="due_before" type="date" value="${esc(params.get("due_before") ?? "")}" />`)}
    <fieldset class="flags"><legend>${esc(t("filter.flags"))}</legend>
      ${checkField("f-overdue", "overdue", t("filter.overdue"), params.get("overdue") === "true")}
      ${checkField("f-mine", "mine", t("filter.mine"), params.get("mine") === "true")}</fieldset>
    ${formError()}
    <p class="actions"><button type="submit">${esc(t("filter.apply"))}</button> <a href="#/work">${esc(t("filter.clear"))}</a></p>
  </form></details>`;
}

// How many cases are shown. The queue answers no total, so a page of a longer queue says
// which cases it holds.
function countText(filtered: boolean, offset: number, n: number): string {
  if (offset === 0 && n < kPage) return t(filtered ? "work.count_filtered" : "work.count").replace("{n}", String(n));
  return t("work.range").replace("{a}", String(n ? offset + 1 : offset)).replace("{b}", String(offset + n));
}

async function queuePage(me: Json, params: URLSearchParams, v: number): Promise<void> {
  const query = new URLSearchParams();
  for (const name of kFilters) {
    const x = params.get(name);
    if (x) query.set(name, x);
  }
  const offset = Math.max(0, Number(params.get("offset") ?? 0) || 0);
  query.set("limit", String(kPage));
  if (offset) query.set("offset", String(offset));
  const [items, alerts, rects] = await Promise.all([
    itemsOf(me.org),
    get<Json>("/api/v1/workbench/alerts"),
    get<Json>(`/api/v1/rectifications?org=${encodeURIComponent(me.org)}`),
  ]);
  // A bad filter in the address (typed or edited by hand) is shown on its field.
  let queue: Json | null = null;
  let problem: unknown = null;
  try {
    queue = await get<Json>(`/api/v1/workbench/queue?${query}`);
  } catch (e) {
    problem = e;
  }
  const cases: Json[] = queue?.cases ?? [];
  const filtered = kFilters.some((f) => params.get(f));
  const pager = (to: number, label: string) => {
    const p = new URLSearchParams(params);
    if (to) p.set("offset", String(to));
    else p.delete("offset");
    return `<a href="#/work?${esc(p.toString())}">${esc(label)}</a>`;
  };
  render(`${workNav(me)}
    <h1>${esc(t("work.queue"))}</h1>
    ${alertsBox(alerts, rects.rectifications as Json[], items)}
    ${filterForm(params, items)}
    <p id="queue-count" role="status">${queue ? esc(countText(filtered, offset, cases.length)) : ""}</p>
    <ul class="results queue" id="queue">${cases.map((k) => caseRow(k, items)).join("") || (queue ? `<li class="none">${esc(t("me.none"))}</li>` : "")}</ul>
    <p class="pager">${offset > 0 ? pager(Math.max(0, offset - kPage), t("work.prev")) : ""} ${cases.length === kPage ? pager(offset + kPage, t("work.next")) : ""}</p>`, v);
  if (v !== view) return;
  wireWorkNav();
  const form = document.getElementById("filters") as HTMLFormElement;
  if (problem) {
    (form.parentElement as HTMLDetailsElement).open = true;
    showProblem(form, problem);
  }
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const due = value(form, "#f-due");
    if (due && !/^\d{4}-\d{2}-\d{2}$/.test(due)) {
      showErrors(form, [{ field: "due_before", message: t("filter.bad_date") }]);
      return;
    }
    const next = new URLSearchParams();
    for (const name of ["status", "item", "due_before"]) {
      const x = value(form, `[name=${name}]`);
      if (x) next.set(name, x);
    }
    for (const name of ["overdue", "mine"])
      if ((form.querySelector(`[name=${name}]`) as HTMLInputElement).checked) next.set(name, "true");
    navigate("/work", next);
  });
}

// --- the case page ---------------------------------------------------------------------------

// The handling steps a case's state allows (docs/cases.md, "Handling"); the power list is
// asked separately whether this officer may act at the case's stage at all.
function actionsFor(k: Json, item: Json | null): string[] {
  const stages: string[] = k.stages ?? [];
  let decision = stages.length - 1;
  while (decision > 0 && (stages[decision] === "送达" || stages[decision] === "给付")) decision--;
  const at = stages.indexOf(k.stage);
  const special = (item?.special_steps ?? []).length > 0;
  if (k.status === "submitted") return ["accept", "return", "not_accept"];
  if (k.status === "in_progress") {
    if (at === decision) return ["approve", "reject", ...(special ? ["special_start"] : [])];
    return ["advance", "return", ...(special ? ["special_start"] : [])];
  }
  if (k.status === "special") return ["special_end"];
  if (k.status === "decided") return ["deliver"];
  return [];
}

function timelineList(k: Json): string {
  return (k.timeline as Json[])
    .map(
      (s) => `<li><time>${esc(s.on)}</time> <strong>${esc(eventLabel(s.type))}</strong>${s.stage ? ` · ${esc(s.stage)}` : ""}${
        s.actor ? ` · ${esc(s.actor)}` : ""}${s.level ? ` · ${"★".repeat(s.level)}` : ""}${s.note ? `<span class="note-text">${esc(s.note)}</span>` : ""}</li>`,
    )
    .join("");
}

async function casePage(me: Json, no: string, v: number): Promise<void> {
  const k = await get<Json>(`/api/v1/cases/${encodeURIComponent(no)}`);
  const handling = k.org === me.org;
  const open = k.status !== "closed" && k.status !== "draft";
  // May this officer act at the case's stage? The power list answers, with its reason.
  const policy =
    handling && open && k.item && k.stage
      ? await get<Json>(`/api/v1/policy/check?action=${encodeURIComponent(k.stage)}&item=${encodeURIComponent(k.item)}`).catch(() => null)
      : null;
  const allowed = policy?.allowed === true;
  const item = allowed ? await get<Json>(`/api/v1/items/${encodeURIComponent(k.item)}`).catch(() => null) : null;
  const rect = rectificationOf(k);
  const actions = allowed ? actionsFor(k, item) : [];
  const canClaim = allowed && k.assignee !== me.id;
  const reason = policy ? (currentLang() === "en" ? policy.reason_en : policy.reason) : "";
  const materials = (k.materials as Json[])
    .map((m) => `<li>${esc(m.name)} <span class="tag tag-${esc(m.via === "shared" ? "shared" : m.via === "licence" ? "licence" : "upload")}">${esc(t(`via.${m.via}`))}</span>${
      m.requested ? ` <span class="tag tag-upload">${esc(t("work.requested"))}</span>` : ""}${
      m.values ? `<span>${esc(Object.entries(m.values as Json).map(([a, b]) => `${a}: ${b}`).join(" · "))}</span>` : ""}</li>`)
    .join("");
  const buttons = actions
    .filter((a) => a !== "special_start")
    .map((a) => `<button type="button" class="act" data-action="${a}">${esc(t(`action.${a}`))}</button>`)
    .join(" ");
  const needsReason = actions.some((a) => ["return", "not_accept", "reject"].includes(a));
  const returnable = actions.includes("return");
  const special = actions.includes("special_start")
    ? field("a-step", "step", esc(t("work.special_step")), `<select id="a-step">${(item?.special_steps as Json[])
        .map((s) => `<option value="${esc(s.name)}">${esc(s.name)}${s.counts_toward_limit === false ? ` (${esc(t("work.pauses"))})` : ""}</option>`)
        .join("")}</select>`) + `<button type="button" class="act" data-action="special_start">${esc(t("action.special_start"))}</button>`
    : "";
  const actionForm = actions.length
    ? `<form id="act-form" class="case-actions" novalidate><h2>${esc(t("work.handle"))}</h2>
        ${needsReason ? field("a-reason", "comment", esc(t("work.reason")), `<textarea id="a-reason" maxlength="2000"></textarea>`) : ""}
        ${returnable ? fieldset("a-materials", "materials", esc(t("work.return_materials")), (k.materials as Json[])
          .map((m, i) => `<label class="check"><input type="checkbox" name="ret" value="${esc(m.name)}"${m.via === "upload" ? " checked" : ""} id="a-m-${i}" /> ${esc(m.name)}</label>`)
          .join("")) : ""}
        ${special}
        <p class="actions">${buttons}</p>${formError()}</form>`
    : "";
  const claim = canClaim
    ? `<p><button id="claim" type="button">${esc(t("work.claim"))}</button> <span id="claim-status" role="status"></span></p>`
    : "";
  const notes = handling
    ? `<section aria-labelledby="notes-h"><h2 id="notes-h">${esc(t("work.comments"))}</h2>
        <form id="note-form" novalidate>${field("c-text", "text", esc(t("work.comment_label")), `<textarea id="c-text" maxlength="2000" required></textarea>`)}
        ${formError()}<button type="submit">${esc(t("work.comment_add"))}</button></form>
        ${open ? `<form id="visit-form" novalidate>${field("v-purpose", "purpose", esc(t("work.visit_purpose")), `<input id="v-purpose" type="text" maxlength="200" />`)}
        ${formError()}<button type="submit">${esc(t("work.visit_add"))}</button></form>` : ""}</section>`
    : "";
  render(`${workNav(me)}<p><a href="#/work">← ${esc(t("work.queue"))}</a></p>
    <h1>${esc(k.item_name ?? k.life_event ?? k.no)}</h1>
    <p class="muted">${esc(k.no)} · ${esc(t(`status.${k.status}`))}${k.stage ? ` · ${esc(k.stage)}` : ""} · ${esc(k.org_name ?? "")}</p>
    <dl class="facts" id="case-facts">
      <dt>${esc(t("work.applicant"))}</dt><dd>${esc(k.applicant ?? "")}</dd>
      <dt>${esc(t("work.applied"))}</dt><dd>${esc(k.applied_on ?? "")} · ${esc(t(`channel.${k.channel}`))}</dd>
      <dt>${esc(t("case.due"))}</dt><dd>${esc(deadlineText(k.clock?.statutory))}</dd>
      <dt>${esc(t("work.promised_due"))}</dt><dd>${esc(deadlineText(k.clock?.promised))}</dd>
      <dt>${esc(t("work.assignee"))}</dt><dd id="assignee">${esc(k.assignee ?? t("work.unassigned"))}</dd>
      <dt>${esc(t("guide.visits"))}</dt><dd id="visits">${esc(k.visits)} / ${esc(t("guide.promised"))} ${esc(k.promised_visits)}${
        k.visits > k.promised_visits ? ` <strong class="error">${esc(t("work.visits_over"))}</strong>` : ""}</dd>
    </dl>
    ${policy ? `<p class="${allowed ? "policy" : "policy error"}">${esc(allowed ? t("work.may") : t("work.may_not"))}: ${esc(reason)}</p>` : ""}
    ${claim}${actionForm}
    ${rect ? `<section aria-labelledby="rect-h"><h2 id="rect-h">${esc(t("rect.title"))}</h2>${rectificationFacts(rect)}
      <p><a href="#/work/rectifications/${encodeURIComponent(k.no)}">${esc(t("rect.open_page"))}</a></p></section>` : ""}
    <h2>${esc(t("guide.materials"))}</h2><ul class="uses">${materials}</ul>
    ${notes}
    <h2>${esc(t("case.timeline"))}</h2><ol class="timeline" id="work-timeline">${timelineList(k)}</ol>`, v);
  if (v !== view) return;
  wireWorkNav();
  const again = () => {
    if (v !== view) return; // the reader has moved on: do not draw this page over theirs
    const w = nextView();
    void casePage(me, no, w).catch((e) => render(failure(e), w));
  };
  document.getElementById("claim")?.addEventListener("click", async () => {
    try {
      await post<Json>(`/api/v1/cases/${encodeURIComponent(no)}/claim`, {});
      again();
    } catch (e) {
      (document.getElementById("claim-status") as HTMLElement).textContent = `${t("error")}: ${(e as Error).message}`;
    }
  });
  const form = document.getElementById("act-form") as HTMLFormElement | null;
  form?.addEventListener("submit", (ev) => ev.preventDefault());
  main.querySelectorAll<HTMLButtonElement>("button.act").forEach((b) =>
    b.addEventListener("click", async () => {
      if (!form) return;
      const action = b.dataset.action as string;
      const body: Json = { action };
      const reasonText = value(form, "#a-reason");
      if (reasonText) body.comment = reasonText;
      if (action === "return") body.materials = Array.from(form.querySelectorAll<HTMLInputElement>("input[name=ret]:checked"), (c) => c.value);
      if (action === "special_start") body.step = value(form, "#a-step");
      const errors: FieldError[] = [];
      if (["return", "not_accept", "reject"].includes(action) && !reasonText) errors.push({ field: "comment", message: t("work.reason_needed") });
      if (action === "return" && !body.materials.length) errors.push({ field: "materials", message: t("work.materials_needed") });
      if (showErrors(form, errors)) return;
      try {
        await post<Json>(`/api/v1/cases/${encodeURIComponent(no)}/actions`, body);
        again();
      } catch (e) {
        showProblem(form, e);
      }
    }),
  );
  const noteForm = document.getElementById("note-form") as HTMLFormElement | null;
  noteForm?.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const text = value(noteForm, "#c-text");
    if (showErrors(noteForm, text ? [] : [{ field: "text", message: t("form.required") }])) return;
    try {
      await post<Json>(`/api/v1/cases/${encodeURIComponent(no)}/comments`, { text });
      again();
    } catch (e) {
      showProblem(noteForm, e);
    }
  });
  const visitForm = document.getElementById("visit-form") as HTMLFormElement | null;
  visitForm?.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    clearErrors(visitForm);
    const purpose = value(visitForm, "#v-purpose");
    try {
      await post<Json>(`/api/v1/cases/${encodeURIComponent(no)}/visits`, purpose ? { purpose } : {});
      again();
    } catch (e) {
      showProblem(visitForm, e);
    }
  });
}
