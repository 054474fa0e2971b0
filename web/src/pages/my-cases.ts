// My cases (#/me/cases, #/me/cases/{no}), told plainly to the applicant: each case's service
// (and a life event's parts with their departments), its status and current step in words,
// what happens next and who does it, the expected completion date on the working-day clock
// with the working days left, and every step of its timeline in words (case-words.ts holds
// the rules). A draft is confirmed and submitted here; a case returned for correction (补正)
// shows the officer's reason, the date and the materials asked for, and takes them again;
// before a decision the application can be withdrawn (after a confirmation). Then 好差评 and
// the rectification.
import type { Schema } from "../api";
import { get, post } from "../api";
import {
  type Case,
  type CaseFacts,
  type CaseSummary,
  actorWords,
  canWithdraw,
  clockWords,
  eventWords,
  fieldWords,
  lastReturn,
  nextStep,
  requestedMaterials,
  stageWords,
  statusWords,
  stepDetails,
  viaWords,
} from "../case-words";
import { html, type SafeHtml } from "../html";
import { t, tf } from "../i18n";
import { failure, main, nextView, render, view } from "../ui";
import { uploadMaterials, wireVerifyButtons } from "../citizen";
import { citizenRectification } from "./rectification";

type Indicator = NonNullable<Schema<"Rating">["indicators"]>[number];

// A life event's name, read once per code.
const lifeEventNames = new Map<string, Promise<string>>();

function lifeEventName(code: string): Promise<string> {
  let name = lifeEventNames.get(code);
  if (!name) {
    name = get("/api/v1/life-events/{code}", { code })
      .then((le) => le.name ?? code)
      .catch(() => code);
    lifeEventNames.set(code, name);
  }
  return name;
}

// The case's name: its service item, or its life event.
async function caseName(k: CaseFacts & { item_name?: string }): Promise<string> {
  if (k.life_event) return lifeEventName(k.life_event);
  return k.item_name ?? k.item ?? k.no;
}

// The status, current step and next step as the sentences both pages show.
function summary(k: CaseFacts): SafeHtml {
  const next = nextStep(k);
  const stage = k.status === "closed" || k.life_event ? "" : stageWords(k.stage);
  return html`<p class="case-status">${tf("cw.status_sentence", { status: statusWords(k) })}${stage ? html` · <span class="case-stage">${tf("cw.step_sentence", { stage })}</span>` : ""}</p>
    <p class="case-next next-${next.actor}"><strong>${t("cw.label.next")}:</strong> ${next.text}</p>`;
}

export async function myCasesPage(): Promise<void> {
  const v = view;
  render(html`<p>${t("loading")}</p>`, v);
  try {
    const r = await get("/api/v1/me/cases", { limit: 100 });
    // The list names no service nor department (GET /api/v1/me/cases sends neither item_name
    // nor org_name): each case is read for them.
    const cases = await Promise.all(
      (r.cases ?? []).map(async (s) => {
        const k: CaseFacts = await get("/api/v1/me/cases/{no}", { no: s.no }).catch(() => s);
        return { k, name: await caseName(k) };
      }),
    );
    const rows = cases.map(({ k, name }) => {
      const due = clockWords(k)[0] ?? "";
      return html`<li class="my-case" data-no="${k.no}"><a href="#/me/cases/${encodeURIComponent(k.no)}"><strong>${name}</strong>
        ${k.life_event ? html`<span class="tag tag-type">${t("cw.life_event")}</span>` : ""}</a>
        <span class="sub">${k.org_name ?? ""}${k.applied_on ? ` · ${t("cw.label.applied")} ${k.applied_on}` : ""} · ${k.no}</span>
        ${summary(k)}${due ? html`<p class="case-due">${due}</p>` : ""}</li>`;
    });
    render(html`<p><a href="#/me">← ${t("back")}</a></p><h1>${t("me.cases")}</h1>
      <ul class="results my-cases">${rows.length ? rows : html`<li class="none">${t("me.none")}</li>`}</ul>`, v);
  } catch (e) {
    render(failure(e), v);
  }
}

// A material with where it came from, and the values shared for it (field names in words).
function materialRow(m: NonNullable<Case["materials"]>[number]): SafeHtml {
  const values = Object.entries(m.values ?? {}).filter(([, val]) => ["string", "number", "boolean"].includes(typeof val));
  const tag = m.via === "shared" ? "shared" : m.via === "licence" ? "licence" : "upload";
  return html`<li>${m.name} <span class="tag tag-${tag}">${viaWords(m.via)}</span>${m.requested ? html` <span class="tag tag-upload">${t("cw.returned.title")}</span>` : ""}${
    values.length
      ? html`<dl class="values">${values.map(([f, val]) => html`<dt>${fieldWords(f)}</dt><dd>${String(val)}</dd>`)}</dl>`
      : ""
  }</li>`;
}

export async function myCasePage(no: string): Promise<void> {
  const v = view;
  // After a change, the page is drawn again as a new view — unless the reader has moved on.
  const again = () => {
    if (v !== view) return;
    nextView();
    void myCasePage(no);
  };
  render(html`<p>${t("loading")}</p>`, v);
  try {
    const k = await get("/api/v1/me/cases/{no}", { no });
    const name = await caseName(k);
    const parts: CaseSummary[] = k.cases ?? [];
    const orgNames = new Map<string, string>([[k.org, k.org_name ?? ""], ...parts.map((p): [string, string] => [p.org, p.org_name ?? ""])]);

    const steps = (k.timeline ?? []).map((s) => {
      const details = stepDetails(s);
      const stage = stageWords(s.stage);
      return html`<li><time>${s.on}</time> <strong>${eventWords(s.type)}</strong> · ${actorWords(s, orgNames)}${stage ? html` · ${t("cw.tl.stage")}: ${stage}` : ""}
        ${details.length ? html`<span class="sub">${details.join(" · ")}</span>` : ""}${s.note ? html`<span class="sub">${t("cw.tl.note")}: ${s.note}</span>` : ""}
        <button type="button" class="verify" data-index="${s.index}">${t("uses.verify")}</button>
        <span class="verdict" aria-live="polite"></span></li>`;
    });
    const materials = (k.materials ?? []).map(materialRow);

    // The clock as sentences.
    const due = clockWords(k);
    const facts = html`<dl class="case-facts">
      <dt>${t("cw.label.org")}</dt><dd>${k.org_name ?? ""}</dd>
      <dt>${t("cw.label.applied")}</dt><dd>${k.applied_on ?? ""} · ${k.no}</dd>
      ${due.length ? html`<dt>${t("cw.label.due")}</dt><dd class="case-due">${due.map((d) => html`<span>${d}</span> `)}</dd>` : ""}</dl>`;

    // A draft: the values fetched for it are above (materials); the applicant confirms.
    const draft =
      k.status === "draft"
        ? html`<section class="panel" aria-labelledby="draft-h"><h2 id="draft-h">${t("cw.draft.title")}</h2><p>${t("apply.preview")}</p>
            <button type="button" id="submit-draft">${t("cw.draft.submit")}</button><p id="submit-status" role="status"></p></section>`
        : "";

    // 补正: when and by whom it was returned, the officer's reason, the materials asked for.
    // (A life event's case is `returned` when one of its parts is: that part says what to fix.)
    const ownReturn = k.status === "returned" && !(k.cases ?? []).length;
    const back = ownReturn ? lastReturn(k) : undefined;
    const requested = requestedMaterials(k);
    const supplement =
      ownReturn
        ? html`<section class="panel returned" aria-labelledby="returned-h"><h2 id="returned-h">${t("cw.returned.title")}</h2>
            <dl class="case-facts">
              <dt>${t("cw.returned.on")}</dt><dd id="returned-on">${back?.on ?? k.clock?.paused?.since ?? ""}</dd>
              <dt>${t("cw.returned.by")}</dt><dd>${(back && actorWords(back, orgNames)) || k.org_name || ""}</dd>
              <dt>${t("cw.returned.reason")}</dt><dd id="returned-reason">${back?.note || t("cw.returned.no_reason")}</dd>
              <dt>${t("cw.returned.materials")}</dt><dd><ul id="returned-materials">${requested.map((m) => html`<li>${m}</li>`)}</ul></dd>
            </dl>
            <h3>${t("case.supplement")}</h3><form id="resubmit">${requested.map(
              (m, i) => html`<label for="r-${i}">${m}</label><input id="r-${i}" type="file" data-name="${m}"
               accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" required />`,
            )}<button type="submit">${t("case.resubmit")}</button><p id="resubmit-status" role="status"></p></form></section>`
        : "";

    // Withdrawal, before a decision, after a confirmation.
    const withdraw = canWithdraw(k)
      ? html`<p><button type="button" id="withdraw" class="secondary">${t("cw.withdraw")}</button></p>
          <dialog id="withdraw-dialog" aria-labelledby="withdraw-h"><form method="dialog">
            <h2 id="withdraw-h">${t("cw.withdraw.title")}</h2><p>${t("cw.withdraw.body")}</p>${k.life_event ? html`<p>${t("cw.withdraw.le")}</p>` : ""}
            <p id="withdraw-status" role="status"></p>
            <button type="button" id="withdraw-yes">${t("cw.withdraw.yes")}</button>
            <button type="submit" id="withdraw-no" value="no">${t("cw.withdraw.no")}</button></form></dialog>`
      : "";

    // 好差评: once decided, once (and one follow-up after a rectification: rectification.ts).
    const rect = await citizenRectification(k, again);
    const canRate = (k.status === "closed" || k.status === "decided") && k.outcome !== "withdrawn" && k.outcome !== "not_accepted" && !k.life_event && ((k.ratings ?? []).length === 0 || rect.followUp);
    const rated = (k.ratings ?? []).map((r) => html`<p>${t(r.round === 2 ? "rect.followup" : "rate.title")}: ${"★".repeat(r.level)}</p>`);
    const rating = html`${rated}${canRate
      ? html`<h2>${t(rect.followUp ? "rect.followup" : "rate.title")}</h2><form id="rate"><fieldset><legend>${t("rate.level")}</legend>${[5, 4, 3, 2, 1]
          .map((l) => html`<label class="check"><input type="radio" name="level" value="${l}" required /> ${"★".repeat(l)} ${t(`rate.${l}`)}</label>`)
          }</fieldset><fieldset><legend>${t("rate.indicators")}</legend>${["guide", "process", "timeliness", "attitude", "integrity", "online"]
          .map((i) => html`<label class="check"><input type="checkbox" name="indicator" value="${i}" /> ${t(`ind.${i}`)}</label>`)
          }</fieldset><label for="rate-comment">${t("rate.comment")}</label><textarea id="rate-comment" maxlength="1000"></textarea>
          <button type="submit">${t("rate.submit")}</button><p id="rate-status" role="status"></p></form>`
      : ""}`;

    // A life event: its departmental cases, one per part, each told the same way.
    const partRows = parts.map(
      (c) => html`<li class="case-part" data-no="${c.no}"><a href="#/me/cases/${encodeURIComponent(c.no)}"><strong>${c.item_name ?? c.no}</strong></a>
        <span class="sub">${c.org_name ?? ""} · ${c.no}</span>${summary(c)}${clockWords(c).slice(0, 1).map((d) => html`<p class="case-due">${d}</p>`)}</li>`,
    );

    render(html`<p><a href="#/me/cases">← ${t("back")}</a></p>
      <h1>${name}${k.life_event ? html` <span class="tag tag-type">${t("cw.life_event")}</span>` : ""}</h1>
      ${summary(k)}${facts}
      ${draft}${supplement}${withdraw}${rating}${rect.html}
      ${partRows.length ? html`<h2>${t("le.parts")}</h2><p class="muted">${tf("cw.next.le_waiting", { n: parts.length, done: parts.filter((p) => p.status === "closed").length })}</p><ol class="case-parts">${partRows}</ol>` : ""}
      ${materials.length ? html`<h2>${t("guide.materials")}</h2><ul class="materials">${materials}</ul>` : ""}
      <h2>${t("case.timeline")}</h2><ol class="timeline">${steps}</ol>`, v);
    if (v !== view) return;
    wireVerifyButtons();
    rect.wire();
    document.getElementById("submit-draft")?.addEventListener("click", async () => {
      try {
        await post("/api/v1/me/cases/{no}/submit", { no }, {});
        again();
      } catch (e) {
        (document.getElementById("submit-status") as HTMLElement).textContent = `${t("error")}: ${(e as Error).message}`;
      }
    });
    const dialog = document.getElementById("withdraw-dialog") as HTMLDialogElement | null;
    document.getElementById("withdraw")?.addEventListener("click", () => dialog?.showModal());
    document.getElementById("withdraw-yes")?.addEventListener("click", async () => {
      try {
        await post("/api/v1/me/cases/{no}/withdraw", { no }, {});
        dialog?.close();
        again();
      } catch (e) {
        (document.getElementById("withdraw-status") as HTMLElement).textContent = `${t("error")}: ${(e as Error).message}`;
      }
    });
    document.getElementById("resubmit")?.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const status = document.getElementById("resubmit-status") as HTMLElement;
      try {
        status.textContent = t("cw.returned.sending");
        const uploads = await uploadMaterials("#resubmit input[type=file]");
        await post("/api/v1/me/cases/{no}/resubmit", { no }, { materials: uploads });
        again();
      } catch (e) {
        status.textContent = `${t("error")}: ${(e as Error).message}`;
      }
    });
    document.getElementById("rate")?.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      try {
        const level = Number((main.querySelector("input[name=level]:checked") as HTMLInputElement).value);
        const indicators = Array.from(main.querySelectorAll<HTMLInputElement>("input[name=indicator]:checked"), (c) => c.value as Indicator);
        const comment = (document.getElementById("rate-comment") as HTMLTextAreaElement).value.trim();
        await post("/api/v1/me/cases/{no}/rating", { no }, comment ? { level, indicators, comment } : { level, indicators });
        again();
      } catch (e) {
        (document.getElementById("rate-status") as HTMLElement).textContent = `${t("error")}: ${(e as Error).message}`;
      }
    });
  } catch (e) {
    render(failure(e), v);
  }
}
