// The officer workbench (工作台): sign-in, the organisation's queue with filters kept in the
// address (so a filtered view can be linked), deadline alerts, and the case page with the
// actions the case's state and the power list allow — claim, the handling steps, comments and
// in-person visits. The rectification pages (rectification.ts) hang off it.
import { type Answer, type Body, type FieldError, get, type Params, post, type Schema } from "../api";
import type { CaseRecord, CaseRow, ItemRow, Rectification, ServiceItem } from "../api-gaps";
import { currentLang, pick, t } from "../i18n";
import { html, type SafeHtml } from "../html";
import { navigate, type Officer, wireWorkNav, workNav } from "../officer";
import { rectificationOf, rectificationFacts } from "./rectification";
import {
  clearErrors,
  deadlineText,
  eventLabel,
  failure,
  field,
  fieldset,
  formError,
  main,
  render,
  showErrors,
  showProblem,
  value,
  nextView,
  view,
} from "../ui";

type Action = Body<"/api/v1/cases/{no}/actions">["action"];

// --- the queue (待办) -------------------------------------------------------------------------

const kPage = 50;
const kFilters = ["status", "item", "due_before", "overdue", "mine"];
const kStatuses = ["submitted", "in_progress", "returned", "special", "decided", "closed"];
const kUrgency = ["none", "ok", "paused", "due_soon", "due_today", "overdue"];

// The more urgent of a case's two deadlines (the promised one is never later).
function urgency(clock: Schema<"Clock"> | undefined): string {
  const a = clock?.statutory?.state ?? "none";
  const b = clock?.promised?.state ?? "none";
  return kUrgency.indexOf(a) >= kUrgency.indexOf(b) ? a : b;
}

// The service items the organisation implements, by code.
async function itemsOf(org: string): Promise<Map<string, ItemRow>> {
  const r = await get("/api/v1/items", { org, limit: 1000 });
  return new Map((r.items ?? []).map((i) => [i.code, i]));
}

function caseRow(k: CaseRow, items: Map<string, ItemRow>): SafeHtml {
  const state = urgency(k.clock);
  const item = k.item ? items.get(k.item) : undefined;
  const name = item ? pick(item, "name") : (k.item_name ?? k.item ?? "");
  return html`<li class="due-${state}" data-no="${k.no}" data-item="${k.item ?? ""}" data-status="${k.status}">
    <a href="#/work/cases/${encodeURIComponent(k.no)}"><strong>${k.no}</strong> ${name}
    <span>${[k.status ? t(`status.${k.status}`) : "", k.stage ?? ""].filter((x) => x).join(" · ")}${k.assignee ? ` · ${t("work.assignee")} ${k.assignee}` : ""}</span>
    <span>${t("case.due")} ${deadlineText(k.clock?.statutory)}</span>
    <span>${t("work.promised_due")} ${deadlineText(k.clock?.promised)}</span></a></li>`;
}

function alertsBox(alerts: Answer<"/api/v1/workbench/alerts">, rects: Rectification[], items: Map<string, ItemRow>): SafeHtml {
  const rows = (alerts.alerts ?? []).map((a) => caseRow(a, items));
  const open = rects.filter((r) => r.status === "open").length;
  const contacted = rects.filter((r) => r.status === "contacted").length;
  const late = rects.filter((r) => r.overdue).length;
  const urgent = alerts.overdue > 0 || alerts.due_soon > 0 || late > 0;
  return html`<section class="alerts${urgent ? " urgent" : ""}" aria-labelledby="alerts-h">
    <h2 id="alerts-h">${t("alerts.title")}</h2>
    <p class="alert-counts"><strong id="alert-overdue">${alerts.overdue}</strong> ${t("alerts.overdue")} ·
      <strong id="alert-due-soon">${alerts.due_soon}</strong> ${t("alerts.due_soon").replace("{n}", String(alerts.warn_days))}</p>
    ${rows.length ? html`<ul class="results queue alert-list">${rows}</ul>` : ""}
    ${alerts.overdue > 0 ? html`<p><a href="#/work?overdue=true">${t("alerts.show_overdue")}</a></p>` : ""}
    <p class="alert-rect">${t("rect.title")}: ${t("rect.open_n")} <strong>${open}</strong> · ${t("rect.contacted_n")} <strong>${contacted}</strong>${
      late ? html` · <strong class="error">${late} ${t("rect.late_n")}</strong>` : ""} · <a href="#/work/rectifications">${t("rect.see")}</a></p>
  </section>`;
}

// A checkbox that is a field of its own (a query parameter the server may find fault with).
function checkField(id: string, name: string, label: string, checked: boolean): SafeHtml {
  return html`<div class="field" data-field="${name}"><label class="check" for="${id}"><input id="${id}" name="${name}" type="checkbox"
    value="true" aria-describedby="${id}-error"${checked ? " checked" : ""} /> ${label}</label><p id="${id}-error" class="field-error"></p></div>`;
}

function filterForm(params: URLSearchParams, items: Map<string, ItemRow>): SafeHtml {
  const status = params.get("status") ?? "";
  const item = params.get("item") ?? "";
  const itemOptions = [...items.values()]
    .map((i) => html`<option value="${i.code}"${i.code === item ? " selected" : ""}>${pick(i, "name")}</option>`);
  const extra = item && !items.has(item) ? html`<option value="${item}" selected>${item}</option>` : "";
  const active = [
    status ? t(`status.${status}`) : "",
    item ? (items.has(item) ? pick(items.get(item) as ItemRow, "name") : item) : "",
    params.get("due_before") ? `${t("filter.due_before")} ${params.get("due_before")}` : "",
    params.get("overdue") === "true" ? t("filter.overdue") : "",
    params.get("mine") === "true" ? t("filter.mine") : "",
  ].filter((x) => x);
  return html`<details class="filter-box"${active.length ? " open" : ""}><summary><strong>${t("filter.title")}</strong>${
    active.length ? html`: <span id="filters-active">${active.join(" · ")}</span>` : ""}</summary>
  <form id="filters" class="filters" novalidate>
    ${field("f-status", "status", t("filter.status"), html`<select id="f-status" name="status"><option value="">${t("filter.any")}</option>${kStatuses
      .map((s) => html`<option value="${s}"${s === status ? " selected" : ""}>${t(`status.${s}`)}</option>`)
      }</select>`)}
    ${field("f-item", "item", t("filter.item"), html`<select id="f-item" name="item"><option value="">${t("filter.any")}</option>${itemOptions}${extra}</select>`)}
    ${field("f-due", "due_before", t("filter.due_before"), html`<input id="f-due" name="due_before" type="date" value="${params.get("due_before") ?? ""}" />`)}
    <fieldset class="flags"><legend>${t("filter.flags")}</legend>
      ${checkField("f-overdue", "overdue", t("filter.overdue"), params.get("overdue") === "true")}
      ${checkField("f-mine", "mine", t("filter.mine"), params.get("mine") === "true")}</fieldset>
    ${formError()}
    <p class="actions"><button type="submit">${t("filter.apply")}</button> <a href="#/work">${t("filter.clear")}</a></p>
  </form></details>`;
}

// How many cases are shown. The queue answers no total, so a page of a longer queue says
// which cases it holds.
function countText(filtered: boolean, offset: number, n: number): string {
  if (offset === 0 && n < kPage) return t(filtered ? "work.count_filtered" : "work.count").replace("{n}", String(n));
  return t("work.range").replace("{a}", String(n ? offset + 1 : offset)).replace("{b}", String(offset + n));
}

export async function queuePage(me: Officer, params: URLSearchParams, v: number): Promise<void> {
  // The filters go to the server as the address has them: it is the server that checks them,
  // and a value it refuses is shown on its field.
  const query: Record<string, string | number> = {};
  for (const name of kFilters) {
    const x = params.get(name);
    if (x) query[name] = x;
  }
  // The queue is for officers who handle cases; an auditor or an administrator is told so
  // and offered what their roles do (the workbench's navigation).
  if (!(me.roles as string[]).includes("officer")) {
    render(html`${workNav(me)}<h1>${t("work.title")}</h1>
      <p class="note" id="no-queue">${t("work.no_queue")}</p>`, v);
    if (v === view) wireWorkNav();
    return;
  }
  const offset = Math.max(0, Number(params.get("offset") ?? 0) || 0);
  query.limit = kPage;
  if (offset) query.offset = offset;
  const [items, alerts, rects] = await Promise.all([
    itemsOf(me.org),
    get("/api/v1/workbench/alerts"),
    get("/api/v1/rectifications", { org: me.org }),
  ]);
  // A bad filter in the address (typed or edited by hand) is shown on its field.
  let queue: Answer<"/api/v1/workbench/queue"> | null = null;
  let problem: unknown = null;
  try {
    queue = await get("/api/v1/workbench/queue", query as Params<"/api/v1/workbench/queue">);
  } catch (e) {
    problem = e;
  }
  const cases = queue?.cases ?? [];
  const filtered = kFilters.some((f) => params.get(f));
  const pager = (to: number, label: string) => {
    const p = new URLSearchParams(params);
    if (to) p.set("offset", String(to));
    else p.delete("offset");
    return html`<a href="#/work?${p.toString()}">${label}</a>`;
  };
  render(html`${workNav(me)}
    <h1>${t("work.queue")}</h1>
    ${alertsBox(alerts, rects.rectifications, items)}
    ${filterForm(params, items)}
    <p id="queue-count" role="status">${queue ? countText(filtered, offset, cases.length) : ""}</p>
    <ul class="results queue" id="queue">${cases.length ? cases.map((k) => caseRow(k, items)) : queue ? html`<li class="none">${t("me.none")}</li>` : ""}</ul>
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
function actionsFor(k: CaseRecord, item: ServiceItem | null): Action[] {
  const stages: string[] = k.stages ?? [];
  let decision = stages.length - 1;
  while (decision > 0 && (stages[decision] === "送达" || stages[decision] === "给付")) decision--;
  const at = k.stage ? stages.indexOf(k.stage) : -1;
  const special = (item?.special_steps ?? []).length > 0;
  if (k.status === "submitted") return ["accept", "return", "not_accept"];
  if (k.status === "in_progress") {
    const more: Action[] = special ? ["special_start"] : [];
    if (at === decision) return ["approve", "reject", ...more];
    return ["advance", "return", ...more];
  }
  if (k.status === "special") return ["special_end"];
  if (k.status === "decided") return ["deliver"];
  return [];
}

function timelineList(k: CaseRecord): SafeHtml[] {
  return (k.timeline ?? [])
    .map(
      (s) => html`<li><time>${s.on}</time> <strong>${eventLabel(s.type)}</strong>${s.stage ? ` · ${s.stage}` : ""}${
        s.actor ? ` · ${s.actor}` : ""}${s.level ? ` · ${"★".repeat(s.level)}` : ""}${s.note ? html`<span class="note-text">${s.note}</span>` : ""}</li>`,
    );
}

export async function casePage(me: Officer, no: string, v: number): Promise<void> {
  const k = await get("/api/v1/cases/{no}", { no });
  const handling = k.org === me.org;
  const open = k.status !== "closed" && k.status !== "draft";
  // May this officer act at the case's stage? The power list answers, with its reason.
  const policy =
    handling && open && k.item && k.stage
      ? await get("/api/v1/policy/check", { action: k.stage, item: k.item }).catch(() => null)
      : null;
  const allowed = policy?.allowed === true;
  const item = allowed && k.item ? await get("/api/v1/items/{code}", { code: k.item }).catch(() => null) : null;
  const rect = rectificationOf(k);
  const actions = allowed ? actionsFor(k, item) : [];
  const canClaim = allowed && k.assignee !== me.id;
  const reason = policy ? (currentLang() === "en" ? policy.reason_en : policy.reason) : "";
  const materials = (k.materials ?? [])
    .map((m) => html`<li>${m.name} <span class="tag tag-${m.via === "shared" ? "shared" : m.via === "licence" ? "licence" : "upload"}">${t(`via.${m.via}`)}</span>${
      m.requested ? html` <span class="tag tag-upload">${t("work.requested")}</span>` : ""}${
      m.values ? html`<span>${Object.entries(m.values).map(([a, b]) => `${a}: ${b}`).join(" · ")}</span>` : ""}</li>`);
  const buttons = actions
    .filter((a) => a !== "special_start")
    .map((a) => html`<button type="button" class="act" data-action="${a}">${t(`action.${a}`)}</button> `);
  const needsReason = actions.some((a) => ["return", "not_accept", "reject"].includes(a));
  const returnable = actions.includes("return");
  const special = actions.includes("special_start")
    ? html`${field("a-step", "step", t("work.special_step"), html`<select id="a-step">${(item?.special_steps ?? [])
        .map((s) => html`<option value="${s.name}">${s.name}${s.counts_toward_limit === false ? ` (${t("work.pauses")})` : ""}</option>`)
        }</select>`)}<button type="button" class="act" data-action="special_start">${t("action.special_start")}</button>`
    : "";
  const actionForm = actions.length
    ? html`<form id="act-form" class="case-actions" novalidate><h2>${t("work.handle")}</h2>
        ${needsReason ? field("a-reason", "comment", t("work.reason"), html`<textarea id="a-reason" maxlength="2000"></textarea>`) : ""}
        ${returnable ? fieldset("a-materials", "materials", t("work.return_materials"), (k.materials ?? [])
          .map((m, i) => html`<label class="check"><input type="checkbox" name="ret" value="${m.name}"${m.via === "upload" ? " checked" : ""} id="a-m-${i}" /> ${m.name}</label>`)
          ) : ""}
        ${special}
        <p class="actions">${buttons}</p>${formError()}</form>`
    : "";
  const claim = canClaim
    ? html`<p><button id="claim" type="button">${t("work.claim")}</button> <span id="claim-status" role="status"></span></p>`
    : "";
  const notes = handling
    ? html`<section aria-labelledby="notes-h"><h2 id="notes-h">${t("work.comments")}</h2>
        <form id="note-form" novalidate>${field("c-text", "text", t("work.comment_label"), html`<textarea id="c-text" maxlength="2000" required></textarea>`)}
        ${formError()}<button type="submit">${t("work.comment_add")}</button></form>
        ${open ? html`<form id="visit-form" novalidate>${field("v-purpose", "purpose", t("work.visit_purpose"), html`<input id="v-purpose" type="text" maxlength="200" />`)}
        ${formError()}<button type="submit">${t("work.visit_add")}</button></form>` : ""}</section>`
    : "";
  render(html`${workNav(me)}<p><a href="#/work">← ${t("work.queue")}</a></p>
    <h1>${k.item_name ?? k.life_event ?? k.no}</h1>
    <p class="muted">${k.no} · ${t(`status.${k.status}`)}${k.stage ? ` · ${k.stage}` : ""} · ${k.org_name ?? ""}</p>
    <dl class="facts" id="case-facts">
      <dt>${t("work.applicant")}</dt><dd>${k.applicant ?? ""}</dd>
      <dt>${t("work.applied")}</dt><dd>${k.applied_on ?? ""} · ${t(`channel.${k.channel}`)}</dd>
      <dt>${t("case.due")}</dt><dd>${deadlineText(k.clock?.statutory)}</dd>
      <dt>${t("work.promised_due")}</dt><dd>${deadlineText(k.clock?.promised)}</dd>
      <dt>${t("work.assignee")}</dt><dd id="assignee">${k.assignee ?? t("work.unassigned")}</dd>
      <dt>${t("guide.visits")}</dt><dd id="visits">${k.visits} / ${t("guide.promised")} ${k.promised_visits}${
        (k.visits ?? 0) > (k.promised_visits ?? 0) ? html` <strong class="error">${t("work.visits_over")}</strong>` : ""}</dd>
    </dl>
    ${policy ? html`<p class="${allowed ? "policy" : "policy error"}">${allowed ? t("work.may") : t("work.may_not")}: ${reason}</p>` : ""}
    ${claim}${actionForm}
    ${rect ? html`<section aria-labelledby="rect-h"><h2 id="rect-h">${t("rect.title")}</h2>${rectificationFacts(rect)}
      <p><a href="#/work/rectifications/${encodeURIComponent(k.no)}">${t("rect.open_page")}</a></p></section>` : ""}
    <h2>${t("guide.materials")}</h2><ul class="uses">${materials}</ul>
    ${notes}
    <h2>${t("case.timeline")}</h2><ol class="timeline" id="work-timeline">${timelineList(k)}</ol>`, v);
  if (v !== view) return;
  wireWorkNav();
  const again = () => {
    if (v !== view) return; // the reader has moved on: do not draw this page over theirs
    const w = nextView();
    void casePage(me, no, w).catch((e) => render(failure(e), w));
  };
  document.getElementById("claim")?.addEventListener("click", async () => {
    try {
      await post("/api/v1/cases/{no}/claim", { no }, {});
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
      const action = b.dataset.action as Action;
      const body: Body<"/api/v1/cases/{no}/actions"> = { action };
      const reasonText = value(form, "#a-reason");
      if (reasonText) body.comment = reasonText;
      if (action === "return") body.materials = Array.from(form.querySelectorAll<HTMLInputElement>("input[name=ret]:checked"), (c) => c.value);
      if (action === "special_start") body.step = value(form, "#a-step");
      const errors: FieldError[] = [];
      if (["return", "not_accept", "reject"].includes(action) && !reasonText) errors.push({ field: "comment", message: t("work.reason_needed") });
      if (action === "return" && !body.materials?.length) errors.push({ field: "materials", message: t("work.materials_needed") });
      if (showErrors(form, errors)) return;
      try {
        await post("/api/v1/cases/{no}/actions", { no }, body);
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
      await post("/api/v1/cases/{no}/comments", { no }, { text });
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
      await post("/api/v1/cases/{no}/visits", { no }, purpose ? { purpose } : {});
      again();
    } catch (e) {
      showProblem(visitForm, e);
    }
  });
}
