// My cases (#/me/cases, #/me/cases/{no}): each case's progress step by step with its
// materials, 补正 (the materials asked for, uploaded again), 好差评 and the rectification.
import type { Schema } from "../api";
import { get, post } from "../api";
import { html } from "../html";
import { t } from "../i18n";
import { failure, main, nextView, render, view } from "../ui";
import { statusLabel, uploadMaterials, wireVerifyButtons } from "../citizen";
import { citizenRectification } from "./rectification";

type Indicator = NonNullable<Schema<"Rating">["indicators"]>[number];

export async function myCasesPage(): Promise<void> {
  const v = view;
  render(html`<p>${t("loading")}</p>`, v);
  try {
    const r = await get("/api/v1/me/cases", { limit: 100 });
    const rows = (r.cases ?? [])
      .map(
        (k) => html`<li><a href="#/me/cases/${encodeURIComponent(k.no)}"><strong>${k.no}</strong>
          <span>${statusLabel(k.status)}${k.stage ? " · " + k.stage : ""}${
            k.clock?.statutory?.due ? ` · ${t("case.due")} ${k.clock.statutory.due}` : ""
          }</span></a></li>`,
      );
    render(html`<p><a href="#/me">← ${t("back")}</a></p><h1>${t("me.cases")}</h1>
      <ul class="results">${rows.length ? rows : html`<li class="none">${t("me.none")}</li>`}</ul>`, v);
  } catch (e) {
    render(failure(e), v);
  }
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
    const steps = (k.timeline ?? [])
      .map(
        (s) => html`<li><time>${s.on}</time> <strong>${s.type}</strong>${s.stage ? " · " + s.stage : ""}
          <button type="button" class="verify" data-index="${s.index}">${t("uses.verify")}</button>
          <span class="verdict" aria-live="polite"></span></li>`,
      );
    const materials = (k.materials ?? [])
      .map((m) => html`<li>${m.name} <span class="tag tag-${m.via === "shared" ? "shared" : m.via === "licence" ? "licence" : "upload"}">${m.via}</span></li>`);
    // 补正: the materials asked for, uploaded again.
    const requested = (k.materials ?? []).filter((m) => m.requested);
    const supplement =
      k.status === "returned"
        ? html`<h2>${t("case.supplement")}</h2><form id="resubmit">${requested
            .map((m, i) => html`<label for="r-${i}">${m.name}</label><input id="r-${i}" type="file" data-name="${m.name}"
               accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" required />`)
            }<button type="submit">${t("case.resubmit")}</button><p id="resubmit-status" role="status"></p></form>`
        : "";
    // 好差评: once decided, once (and one follow-up after a rectification: rectification.ts).
    const rect = await citizenRectification(k, again);
    const canRate = (k.status === "closed" || k.status === "decided") && !k.life_event && ((k.ratings ?? []).length === 0 || rect.followUp);
    const rated = (k.ratings ?? []).map((r) => html`<p>${t(r.round === 2 ? "rect.followup" : "rate.title")}: ${"★".repeat(r.level)}</p>`);
    const rating = html`${rated}${canRate
      ? html`<h2>${t(rect.followUp ? "rect.followup" : "rate.title")}</h2><form id="rate"><fieldset><legend>${t("rate.level")}</legend>${[5, 4, 3, 2, 1]
          .map((l) => html`<label class="check"><input type="radio" name="level" value="${l}" required /> ${"★".repeat(l)} ${t(`rate.${l}`)}</label>`)
          }</fieldset><fieldset><legend>${t("rate.indicators")}</legend>${["guide", "process", "timeliness", "attitude", "integrity", "online"]
          .map((i) => html`<label class="check"><input type="checkbox" name="indicator" value="${i}" /> ${t(`ind.${i}`)}</label>`)
          }</fieldset><label for="rate-comment">${t("rate.comment")}</label><textarea id="rate-comment" maxlength="1000"></textarea>
          <button type="submit">${t("rate.submit")}</button><p id="rate-status" role="status"></p></form>`
      : ""}`;
    // A life event: its departmental cases, one per part.
    const parts = (k.cases ?? []).map(
      (c) => html`<li><a href="#/me/cases/${encodeURIComponent(c.no)}"><strong>${c.item_name ?? c.item ?? c.no}</strong></a>
        <span class="sub">${c.org_name ?? c.org} · ${statusLabel(c.status)}${c.stage ? " · " + c.stage : ""} · ${c.no}</span></li>`,
    );
    render(html`<p><a href="#/me/cases">← ${t("back")}</a></p>
      <h1>${k.item_name ?? k.life_event ?? k.no}</h1>
      <p class="muted">${k.no} · ${statusLabel(k.status)} · ${k.org_name ?? ""}</p>
      ${supplement}${rating}${rect.html}
      ${parts.length ? html`<h2>${t("le.parts")}</h2><ol class="case-parts">${parts}</ol>` : ""}
      <h2>${t("guide.materials")}</h2><ul>${materials}</ul>
      <h2>${t("case.timeline")}</h2><ol class="timeline">${steps}</ol>`, v);
    if (v !== view) return;
    wireVerifyButtons();
    rect.wire();
    document.getElementById("resubmit")?.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      try {
        const uploads = await uploadMaterials("#resubmit input[type=file]");
        await post("/api/v1/me/cases/{no}/resubmit", { no }, { materials: uploads });
        again();
      } catch (e) {
        (document.getElementById("resubmit-status") as HTMLElement).textContent = `${t("error")}: ${(e as Error).message}`;
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
