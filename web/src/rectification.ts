// 好差评整改: a rating of 1 or 2 opens a rectification for the rated organisation — contact the
// applicant, then fix — after which the applicant may rate once more (the follow-up) and then
// appeal; an auditor of another organisation decides the appeal (docs/cases.md). Here: the
// section on the citizen's case page, and the officers' list and page.
import { get, post } from "./api";
import { pick, t } from "./i18n";
import { navigate, wireWorkNav, workNav } from "./officer";
import { esc, eventLabel, failure, field, fieldset, formError, type Json, render, showErrors, showProblem, nextView, value, view } from "./ui";

const kStatuses = ["open", "contacted", "fixed", "appealed", "appeal_decided"];

// The rectification a case carries (GET /api/v1/cases/{no} and /me/cases/{no}), or null.
export function rectificationOf(k: Json): Json | null {
  return (k.rectification as Json | undefined) ?? null;
}

function dateOr(on: string | undefined, done: string): string {
  return on ? `${done} ${on}` : t("rect.not_yet");
}

// The state and every deadline of a rectification, as a definition list.
export function rectificationFacts(r: Json): string {
  const appeal =
    r.status === "appeal_decided"
      ? `${esc(r.appealed_on ?? "")} · <strong>${esc(t(r.appeal_upheld ? "rect.upheld" : "rect.dismissed"))}</strong>`
      : r.appealed_on
        ? esc(`${t("rect.appealed_on")} ${r.appealed_on}`)
        : esc(t("rect.not_yet"));
  return `<dl class="facts rect-facts" data-status="${esc(r.status)}">
    <dt>${esc(t("rect.state"))}</dt><dd class="rect-status">${esc(t(`rect.${r.status}`))}${r.overdue ? ` <strong class="error">${esc(t("rect.overdue"))}</strong>` : ""}</dd>
    <dt>${esc(t("rect.opened"))}</dt><dd>${esc(r.opened_on)}</dd>
    <dt>${esc(t("rect.contact"))}</dt><dd>${esc(t("rect.due"))} ${esc(r.contact_due)} · ${esc(dateOr(r.contacted_on, t("rect.done_on")))}</dd>
    <dt>${esc(t("rect.fix"))}</dt><dd>${esc(t("rect.due"))} ${esc(r.fix_due)} · ${esc(dateOr(r.fixed_on, t("rect.done_on")))}</dd>
    <dt>${esc(t("rect.appeal"))}</dt><dd>${appeal}</dd>
  </dl>`;
}

// The steps of a case that belong to its rating and rectification, with their notes (the
// applicant's comment, the officers' notes, the appeal and the finding) for those who may
// read them.
function rectificationSteps(k: Json): string {
  return (k.timeline as Json[])
    .filter((s) => s.type === "case.rated" || String(s.type).startsWith("rectification."))
    .map((s) => `<li><time>${esc(s.on)}</time> <strong>${esc(eventLabel(s.type))}</strong>${s.level ? ` ${"★".repeat(s.level)}` : ""}${
      s.note ? `<span class="note-text">${esc(s.note)}</span>` : ""}</li>`)
    .join("");
}

// --- the citizen's case page -----------------------------------------------------------------

// The rectification section of the applicant's case page. `followUp`: the one follow-up rating
// is open now (the page offers its rating form). The appeal is offered after the follow-up.
export async function citizenRectification(k: Json, reload: () => void): Promise<{ html: string; followUp: boolean; wire: () => void }> {
  const ratings = (k.ratings ?? []) as Json[];
  const none = { html: "", followUp: false, wire: () => {} };
  if (!ratings.some((r) => r.round === 1 && r.level <= 2)) return none;
  const r = rectificationOf(k);
  if (!r) return none;
  const followUp = r.status === "fixed" && ratings.length === 1;
  const canAppeal = r.status === "fixed" && ratings.length >= 2;
  const next = followUp ? t("rect.followup_now") : canAppeal ? t("rect.appeal_now") : r.status === "open" || r.status === "contacted" ? t("rect.waiting") : "";
  const appeal = canAppeal
    ? `<form id="appeal" novalidate>${field("appeal-reason", "reason", esc(t("rect.appeal_reason")), `<textarea id="appeal-reason" maxlength="2000" required></textarea>`)}
        ${formError()}<button type="submit">${esc(t("rect.appeal_submit"))}</button></form>`
    : "";
  const html = `<section class="rect" aria-labelledby="rect-h"><h2 id="rect-h">${esc(t("rect.title"))}</h2>
    <p>${esc(t("rect.intro").replace("{org}", k.org_name ?? k.org))}</p>
    ${rectificationFacts(r)}
    <ol class="timeline rect-steps">${rectificationSteps(k)}</ol>
    ${next ? `<p class="next">${esc(next)}</p>` : ""}${appeal}</section>`;
  const wire = () => {
    const form = document.getElementById("appeal") as HTMLFormElement | null;
    form?.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const reason = value(form, "#appeal-reason");
      if (showErrors(form, reason ? [] : [{ field: "reason", message: t("form.required") }])) return;
      try {
        await post<Json>(`/api/v1/me/cases/${encodeURIComponent(k.no)}/appeal`, { reason });
        reload();
      } catch (e) {
        showProblem(form, e);
      }
    });
  };
  return { html, followUp, wire };
}

// --- the officers' list ----------------------------------------------------------------------

// Organisation names by id (the list is public and small).
async function orgNames(): Promise<Map<string, Json>> {
  const r = await get<Json>("/api/v1/orgs?limit=500&include_dissolved=true");
  return new Map((r.organisations as Json[]).map((o) => [o.id, o]));
}

function isAuditor(me: Json): boolean {
  return (me.roles as string[]).includes("auditor");
}

// The rated organisation's officers see their own; auditors every organisation's (appeals
// are theirs to decide).
export async function officerRectificationsPage(me: Json, params: URLSearchParams, v: number): Promise<void> {
  const auditor = isAuditor(me);
  const status = params.get("status") ?? "";
  const org = auditor ? (params.get("org") ?? "") : me.org;
  const query = new URLSearchParams();
  if (org) query.set("org", org);
  if (status) query.set("status", status);
  const [list, orgs] = await Promise.all([get<Json>(`/api/v1/rectifications?${query}`), orgNames()]);
  const rows = (list.rectifications as Json[])
    .map((r) => `<li class="${r.overdue ? "due-overdue" : ""}" data-case="${esc(r.case)}" data-status="${esc(r.status)}">
      <a href="#/work/rectifications/${encodeURIComponent(r.case)}"><strong>${esc(r.case)}</strong> ${esc(orgs.has(r.org) ? pick(orgs.get(r.org) as Json, "name") : r.org)}
      <span>${esc(t(`rect.${r.status}`))}${r.overdue ? ` · ${esc(t("rect.overdue"))}` : ""}${
        r.status === "appeal_decided" ? ` · ${esc(t(r.appeal_upheld ? "rect.upheld" : "rect.dismissed"))}` : ""}</span>
      <span>${esc(t("rect.contact"))} ${esc(t("rect.due"))} ${esc(r.contact_due)}${r.contacted_on ? ` (${esc(r.contacted_on)})` : ""} ·
        ${esc(t("rect.fix"))} ${esc(t("rect.due"))} ${esc(r.fix_due)}${r.fixed_on ? ` (${esc(r.fixed_on)})` : ""}</span></a></li>`)
    .join("");
  const orgField = auditor
    ? field("r-org", "org", esc(t("rect.org")), `<select id="r-org"><option value="">${esc(t("filter.any"))}</option>${[...orgs.values()]
        .filter((o) => o.active)
        .map((o) => `<option value="${esc(o.id)}"${o.id === org ? " selected" : ""}>${esc(pick(o, "name"))}</option>`)
        .join("")}</select>`)
    : `<p>${esc(t("rect.org"))}: ${esc(orgs.has(me.org) ? pick(orgs.get(me.org) as Json, "name") : me.org)}</p>`;
  render(`${workNav(me)}<h1>${esc(t("rect.title"))}</h1>
    <p>${esc(t(auditor ? "rect.intro_auditor" : "rect.intro_officer"))}</p>
    <form id="rect-filters" class="filters" novalidate>${orgField}
      ${field("r-status", "status", esc(t("filter.status")), `<select id="r-status"><option value="">${esc(t("filter.any"))}</option>${kStatuses
        .map((s) => `<option value="${s}"${s === status ? " selected" : ""}>${esc(t(`rect.${s}`))}</option>`)
        .join("")}</select>`)}
      ${formError()}<p class="actions"><button type="submit">${esc(t("filter.apply"))}</button> <a href="#/work/rectifications">${esc(t("filter.clear"))}</a></p></form>
    <p id="rect-count" role="status">${esc(t("work.count").replace("{n}", String(list.rectifications.length)))}</p>
    <ul class="results queue" id="rect-list">${rows || `<li class="none">${esc(t("me.none"))}</li>`}</ul>`, v);
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

export async function officerRectificationPage(me: Json, no: string, v: number): Promise<void> {
  // The case (its handling organisation and auditors may read it) names the rated organisation.
  const k = await get<Json>(`/api/v1/cases/${encodeURIComponent(no)}`);
  const r = rectificationOf(k);
  const ratings = (k.ratings ?? []) as Json[];
  const rated = k.org === me.org;
  let form = "";
  let next = "";
  if (!r) next = t("rect.none");
  else if (r.status === "open" && rated) form = noteForm("contact", t("rect.contact_note"), t("rect.contact_submit"));
  else if (r.status === "contacted" && rated) form = noteForm("fix", t("rect.fix_note"), t("rect.fix_submit"));
  else if (r.status === "appealed" && isAuditor(me) && !rated)
    form = `<form id="rect-decide" novalidate><h2>${esc(t("rect.decide"))}</h2>
      ${fieldset("d-upheld", "upheld", esc(t("rect.decide_outcome")), `<label class="check"><input type="radio" name="upheld" value="true" /> ${esc(t("rect.upheld"))}</label>
        <label class="check"><input type="radio" name="upheld" value="false" /> ${esc(t("rect.dismissed"))}</label>`)}
      ${field("d-finding", "finding", esc(t("rect.finding")), `<textarea id="d-finding" maxlength="2000" required></textarea>`)}
      ${formError()}<button type="submit">${esc(t("rect.decide_submit"))}</button></form>`;
  else if (r.status === "open" || r.status === "contacted") next = t("rect.next_rated");
  else if (r.status === "fixed") next = t(ratings.length >= 2 ? "rect.next_appeal" : "rect.next_followup");
  else if (r.status === "appealed") next = t(rated ? "rect.next_auditor_other" : "rect.next_auditor");
  const ratingList = ratings
    .map((x) => `<li>${esc(t(x.round === 1 ? "rect.first" : "rect.followup"))}: ${"★".repeat(x.level)} ${esc(t(`rate.${x.level}`))} · ${esc(x.on)}${
      (x.indicators ?? []).length ? ` · ${esc((x.indicators as string[]).map((i) => t(`ind.${i}`)).join(t("list.sep")))}` : ""}</li>`)
    .join("");
  render(`${workNav(me)}<p><a href="#/work/rectifications">← ${esc(t("rect.title"))}</a></p>
    <h1>${esc(t("rect.title"))}: ${esc(k.item_name ?? k.no)}</h1>
    <p class="muted"><a href="#/work/cases/${encodeURIComponent(k.no)}">${esc(k.no)}</a> · ${esc(k.org_name ?? k.org)}</p>
    ${r ? rectificationFacts(r) : ""}
    <h2>${esc(t("rect.ratings"))}</h2><ul class="ratings">${ratingList}</ul>
    <h2>${esc(t("case.timeline"))}</h2><ol class="timeline rect-steps">${rectificationSteps(k)}</ol>
    ${next ? `<p class="next">${esc(next)}</p>` : ""}${form}`, v);
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
        await post<Json>(`/api/v1/rectifications/${encodeURIComponent(no)}/${step}`, { note });
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
      await post<Json>(`/api/v1/rectifications/${encodeURIComponent(no)}/appeal-decision`, { upheld: choice?.value === "true", finding });
      again();
    } catch (e) {
      showProblem(decide, e);
    }
  });
}

function noteForm(step: string, label: string, submit: string): string {
  return `<form id="rect-${step}" novalidate><h2>${esc(t(`rect.${step}`))}</h2>
    ${field(`n-${step}`, "note", esc(label), `<textarea id="n-${step}" maxlength="2000" required></textarea>`)}
    ${formError()}<button type="submit">${esc(submit)}</button></form>`;
}
