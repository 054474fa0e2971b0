// 好差评整改: a rating of 1 or 2 opens a rectification for the rated organisation — contact the
// applicant, then fix — after which the applicant may rate once more (the follow-up) and then
// appeal; an auditor of another organisation decides the appeal (docs/cases.md). Here: the
// section on the citizen's case page, and the officers' list and page.
import { get, post } from "../api";
import { pick, t } from "../i18n";
import { html, nothing, type SafeHtml } from "../html";
import { navigate, type Officer, wireWorkNav, workNav } from "../officer";
import type { Schema } from "../api";
import type { CaseRecord, Rectification } from "../api-gaps";

type Organisation = Schema<"Organisation">;
import { eventLabel, failure, field, fieldset, formError, render, showErrors, showProblem, nextView, value, view } from "../ui";

const kStatuses = ["open", "contacted", "fixed", "appealed", "appeal_decided"];

// The rectification a case carries (GET /api/v1/cases/{no} and /me/cases/{no}), or null.
export function rectificationOf(k: CaseRecord): Rectification | null {
  return k.rectification ?? null;
}

function dateOr(on: string | undefined, done: string): string {
  return on ? `${done} ${on}` : t("rect.not_yet");
}

// The state and every deadline of a rectification, as a definition list.
export function rectificationFacts(r: Rectification): SafeHtml {
  const appeal =
    r.status === "appeal_decided"
      ? html`${r.appealed_on ?? ""} · <strong>${t(r.appeal_upheld ? "rect.upheld" : "rect.dismissed")}</strong>`
      : r.appealed_on
        ? `${t("rect.appealed_on")} ${r.appealed_on}`
        : t("rect.not_yet");
  return html`<dl class="facts rect-facts" data-status="${r.status}">
    <dt>${t("rect.state")}</dt><dd class="rect-status">${t(`rect.${r.status}`)}${r.overdue ? html` <strong class="error">${t("rect.overdue")}</strong>` : ""}</dd>
    <dt>${t("rect.opened")}</dt><dd>${r.opened_on}</dd>
    <dt>${t("rect.contact")}</dt><dd>${t("rect.due")} ${r.contact_due} · ${dateOr(r.contacted_on, t("rect.done_on"))}</dd>
    <dt>${t("rect.fix")}</dt><dd>${t("rect.due")} ${r.fix_due} · ${dateOr(r.fixed_on, t("rect.done_on"))}</dd>
    <dt>${t("rect.appeal")}</dt><dd>${appeal}</dd>
  </dl>`;
}

// The steps of a case that belong to its rating and rectification, with their notes (the
// applicant's comment, the officers' notes, the appeal and the finding) for those who may
// read them.
function rectificationSteps(k: CaseRecord): SafeHtml[] {
  return (k.timeline ?? [])
    .filter((s) => s.type === "case.rated" || String(s.type).startsWith("rectification."))
    .map((s) => html`<li><time>${s.on}</time> <strong>${eventLabel(s.type)}</strong>${s.level ? ` ${"★".repeat(s.level)}` : ""}${
      s.note ? html`<span class="note-text">${s.note}</span>` : ""}</li>`);
}

// --- the citizen's case page -----------------------------------------------------------------

// The rectification section of the applicant's case page. `followUp`: the one follow-up rating
// is open now (the page offers its rating form). The appeal is offered after the follow-up.
export async function citizenRectification(k: CaseRecord, reload: () => void): Promise<{ html: SafeHtml; followUp: boolean; wire: () => void }> {
  const ratings = k.ratings ?? [];
  const none = { html: nothing, followUp: false, wire: () => {} };
  if (!ratings.some((r) => r.round === 1 && r.level <= 2)) return none;
  const r = rectificationOf(k);
  if (!r) return none;
  const followUp = r.status === "fixed" && ratings.length === 1;
  const canAppeal = r.status === "fixed" && ratings.length >= 2;
  const next = followUp ? t("rect.followup_now") : canAppeal ? t("rect.appeal_now") : r.status === "open" || r.status === "contacted" ? t("rect.waiting") : "";
  const appeal = canAppeal
    ? html`<form id="appeal" novalidate>${field("appeal-reason", "reason", t("rect.appeal_reason"), html`<textarea id="appeal-reason" maxlength="2000" required></textarea>`)}
        ${formError()}<button type="submit">${t("rect.appeal_submit")}</button></form>`
    : "";
  const section = html`<section class="rect" aria-labelledby="rect-h"><h2 id="rect-h">${t("rect.title")}</h2>
    <p>${t("rect.intro").replace("{org}", k.org_name ?? k.org)}</p>
    ${rectificationFacts(r)}
    <ol class="timeline rect-steps">${rectificationSteps(k)}</ol>
    ${next ? html`<p class="next">${next}</p>` : ""}${appeal}</section>`;
  const wire = () => {
    const form = document.getElementById("appeal") as HTMLFormElement | null;
    form?.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const reason = value(form, "#appeal-reason");
      if (showErrors(form, reason ? [] : [{ field: "reason", message: t("form.required") }])) return;
      try {
        await post("/api/v1/me/cases/{no}/appeal", { no: k.no }, { reason });
        reload();
      } catch (e) {
        showProblem(form, e);
      }
    });
  };
  return { html: section, followUp, wire };
}

// --- the officers' list ----------------------------------------------------------------------

// Organisation names by id (the list is public and small).
async function orgNames(): Promise<Map<string, Organisation>> {
  const r = await get("/api/v1/orgs", { limit: 500, include_dissolved: "true" });
  return new Map((r.organisations ?? []).map((o) => [o.id, o]));
}

function isAuditor(me: Officer): boolean {
  return (me.roles as string[]).includes("auditor");
}

// The rated organisation's officers see their own; auditors every organisation's (appeals
// are theirs to decide).
export async function officerRectificationsPage(me: Officer, params: URLSearchParams, v: number): Promise<void> {
  const auditor = isAuditor(me);
  const status = params.get("status") ?? "";
  const org = auditor ? (params.get("org") ?? "") : me.org;
  const query = { org, status: (status || undefined) as Rectification["status"] | undefined };
  const [list, orgs] = await Promise.all([get("/api/v1/rectifications", query), orgNames()]);
  const rows = (list.rectifications ?? [])
    .map((r) => html`<li class="${r.overdue ? "due-overdue" : ""}" data-case="${r.case}" data-status="${r.status}">
      <a href="#/work/rectifications/${encodeURIComponent(r.case)}"><strong>${r.case}</strong> ${orgs.has(r.org) ? pick(orgs.get(r.org) as Organisation, "name") : r.org}
      <span>${t(`rect.${r.status}`)}${r.overdue ? ` · ${t("rect.overdue")}` : ""}${
        r.status === "appeal_decided" ? ` · ${t(r.appeal_upheld ? "rect.upheld" : "rect.dismissed")}` : ""}</span>
      <span>${t("rect.contact")} ${t("rect.due")} ${r.contact_due}${r.contacted_on ? ` (${r.contacted_on})` : ""} ·
        ${t("rect.fix")} ${t("rect.due")} ${r.fix_due}${r.fixed_on ? ` (${r.fixed_on})` : ""}</span></a></li>`);
  const orgField = auditor
    ? field("r-org", "org", t("rect.org"), html`<select id="r-org"><option value="">${t("filter.any")}</option>${[...orgs.values()]
        .filter((o) => o.active)
        .map((o) => html`<option value="${o.id}"${o.id === org ? " selected" : ""}>${pick(o, "name")}</option>`)
        }</select>`)
    : html`<p>${t("rect.org")}: ${orgs.has(me.org) ? pick(orgs.get(me.org) as Organisation, "name") : me.org}</p>`;
  render(html`${workNav(me)}<h1>${t("rect.title")}</h1>
    <p>${t(auditor ? "rect.intro_auditor" : "rect.intro_officer")}</p>
    <form id="rect-filters" class="filters" novalidate>${orgField}
      ${field("r-status", "status", t("filter.status"), html`<select id="r-status"><option value="">${t("filter.any")}</option>${kStatuses
        .map((s) => html`<option value="${s}"${s === status ? " selected" : ""}>${t(`rect.${s}`)}</option>`)
        }</select>`)}
      ${formError()}<p class="actions"><button type="submit">${t("filter.apply")}</button> <a href="#/work/rectifications">${t("filter.clear")}</a></p></form>
    <p id="rect-count" role="status">${t("work.count").replace("{n}", String(list.rectifications.length))}</p>
    <ul class="results queue" id="rect-list">${rows.length ? rows : html`<li class="none">${t("me.none")}</li>`}</ul>`, v);
  if (v !== view) return;
  wireWorkNav();
  const form = document.getElementById("rect-filters") as HTMLFormElement;
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const next = new URLSearchParams();
    if (auditor && value(form, "#r-org")) next.set("org", value(form, "#r-org"));
    if (value(form, "#r-status")) next.set("status", value(form, "#r-status"));
    navigate("/work/rectifications", next);
  });
}

// --- one rectification -----------------------------------------------------------------------

export async function officerRectificationPage(me: Officer, no: string, v: number): Promise<void> {
  // The case (its handling organisation and auditors may read it) names the rated organisation.
  const k = await get("/api/v1/cases/{no}", { no });
  const r = rectificationOf(k);
  const ratings = k.ratings ?? [];
  const rated = k.org === me.org;
  let form = nothing;
  let next = "";
  if (!r) next = t("rect.none");
  else if (r.status === "open" && rated) form = noteForm("contact", t("rect.contact_note"), t("rect.contact_submit"));
  else if (r.status === "contacted" && rated) form = noteForm("fix", t("rect.fix_note"), t("rect.fix_submit"));
  else if (r.status === "appealed" && isAuditor(me) && !rated)
    form = html`<form id="rect-decide" novalidate><h2>${t("rect.decide")}</h2>
      ${fieldset("d-upheld", "upheld", t("rect.decide_outcome"), html`<label class="check"><input type="radio" name="upheld" value="true" /> ${t("rect.upheld")}</label>
        <label class="check"><input type="radio" name="upheld" value="false" /> ${t("rect.dismissed")}</label>`)}
      ${field("d-finding", "finding", t("rect.finding"), html`<textarea id="d-finding" maxlength="2000" required></textarea>`)}
      ${formError()}<button type="submit">${t("rect.decide_submit")}</button></form>`;
  else if (r.status === "open" || r.status === "contacted") next = t("rect.next_rated");
  else if (r.status === "fixed") next = t(ratings.length >= 2 ? "rect.next_appeal" : "rect.next_followup");
  else if (r.status === "appealed") next = t(rated ? "rect.next_auditor_other" : "rect.next_auditor");
  const ratingList = ratings
    .map((x) => html`<li>${t(x.round === 1 ? "rect.first" : "rect.followup")}: ${"★".repeat(x.level)} ${t(`rate.${x.level}`)} · ${x.on}${
      (x.indicators ?? []).length ? ` · ${(x.indicators as string[]).map((i) => t(`ind.${i}`)).join(t("list.sep"))}` : ""}</li>`);
  render(html`${workNav(me)}<p><a href="#/work/rectifications">← ${t("rect.title")}</a></p>
    <h1>${t("rect.title")}: ${k.item_name ?? k.no}</h1>
    <p class="muted"><a href="#/work/cases/${encodeURIComponent(k.no)}">${k.no}</a> · ${k.org_name ?? k.org}</p>
    ${r ? rectificationFacts(r) : ""}
    <h2>${t("rect.ratings")}</h2><ul class="ratings">${ratingList}</ul>
    <h2>${t("case.timeline")}</h2><ol class="timeline rect-steps">${rectificationSteps(k)}</ol>
    ${next ? html`<p class="next">${next}</p>` : ""}${form}`, v);
  if (v !== view || !r) return;
  wireWorkNav();
  const again = () => {
    if (v !== view) return; // the reader has moved on: do not draw this page over theirs
    const w = nextView();
    void officerRectificationPage(me, no, w).catch((e) => render(failure(e), w));
  };
  for (const step of ["contact", "fix"]) {
    const f = document.getElementById(`rect-${step}`) as HTMLFormElement | null;
    f?.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const note = value(f, "textarea");
      if (showErrors(f, note ? [] : [{ field: "note", message: t("form.required") }])) return;
      try {
        await post(step === "contact" ? "/api/v1/rectifications/{no}/contact" : "/api/v1/rectifications/{no}/fix", { no }, { note });
        again();
      } catch (e) {
        showProblem(f, e);
      }
    });
  }
  const decide = document.getElementById("rect-decide") as HTMLFormElement | null;
  decide?.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const choice = decide.querySelector<HTMLInputElement>("input[name=upheld]:checked");
    const finding = value(decide, "#d-finding");
    const errors = [];
    if (!choice) errors.push({ field: "upheld", message: t("form.choose") });
    if (!finding) errors.push({ field: "finding", message: t("form.required") });
    if (showErrors(decide, errors)) return;
    try {
      await post("/api/v1/rectifications/{no}/appeal-decision", { no }, { upheld: choice?.value === "true", finding });
      again();
    } catch (e) {
      showProblem(decide, e);
    }
  });
}

function noteForm(step: string, label: string, submit: string): SafeHtml {
  return html`<form id="rect-${step}" novalidate><h2>${t(`rect.${step}`)}</h2>
    ${field(`n-${step}`, "note", label, html`<textarea id="n-${step}" maxlength="2000" required></textarea>`)}
    ${formError()}<button type="submit">${submit}</button></form>`;
}
