// The service guide (办事指南, #/items/{code}): handling department, limits, visits, channels,
// 好差评, conditions, materials and where each comes from, the legal basis with the article
// text, fees, places and hours.
import { get, token } from "../api";
import type { ItemPerformanceRow } from "../api-gaps";
import { html } from "../html";
import { currentLang, pick, t } from "../i18n";
import { failure, render, view } from "../ui";
import { audienceText, type Form, materialsByName, notOnlineNotice, planSentences, viaTag } from "../plans";

export async function guidePage(code: string): Promise<void> {
  const v = view;
  render(html`<p>${t("loading")}</p>`, v);
  try {
    const [item, form, perf] = await Promise.all([
      get("/api/v1/items/{code}", { code }),
      get("/api/v1/forms/{code}", { code }),
      get("/api/v1/performance", { item: code }),
    ]);
    // Signed in (and the item is for individuals): each material worked out for the reader.
    const mine: Form | null =
      token() && form.online && (form.audience ?? []).includes("natural_person")
        ? await get("/api/v1/me/forms/{code}", { code }).catch(() => null)
        : null;
    const org = await get("/api/v1/orgs/{id}", { id: item.org }).catch(() => ({ name: item.org }));
    const basis = (item.basis ?? [])
      .map(
        (b) => html`<li><strong>${b.law_title ?? b.law}</strong> ${currentLang() === "zh" ? `第${b.article}条` : `art. ${b.article}`}
          <blockquote>${b.text ?? ""}</blockquote></li>`,
      );
    const materials = materialsByName((mine ?? form).materials ?? []).map(
      (m) => html`<li data-via="${m.via}">${m.name}${m.required ? "" : " ○"} ${viaTag(m.via)}${planSentences(m)}</li>`,
    );
    const conditions = (item.conditions ?? []).map((c: string) => html`<li>${c}</li>`);
    const places = (item.places ?? [])
      .map((p) => html`<li><strong>${p.name}</strong><br>${p.address}<br>${p.hours}</li>`);
    const fees = item.fees?.length
      ? item.fees.map((f) => html`<li>${f.name ?? ""} ${f.amount_fen != null ? (f.amount_fen / 100).toFixed(2) + " 元" : ""}</li>`)
      : html`<li>${t("guide.free")}</li>`;
    const channels = (item.channels ?? []).map((c: string) => t(`channel.${c}`)).join(" · ");
    const row = perf.by_item[0] as ItemPerformanceRow | undefined;
    const ratings = row && row.ratings
      ? `${row.ratings} · ${t("guide.avg")} ${Number(row.avg_rating).toFixed(1)} / 5 · ${row.cases} ${t("guide.cases")}`
      : t("guide.no_ratings");
    render(html`
      <p><a href="#/">← ${t("back")}</a></p>
      <h1>${pick(item, "name")}</h1>
      <p class="muted">${item.code}</p>
      ${form.online
        ? html`<p><a class="button" href="#/apply/${encodeURIComponent(item.code)}">${t("apply.start")}</a></p>`
        : notOnlineNotice(form, t("apply.instead_here"))}
      <dl class="facts">
        <dt>${t("guide.org")}</dt><dd>${pick(org, "name")}</dd>
        <dt>${t("guide.audience")}</dt><dd class="audience">${audienceText(form.audience)}</dd>
        <dt>${t("guide.online")}</dt><dd class="online">${form.online ? t("guide.online_yes") : t("apply.not_online")}</dd>
        <dt>${t("guide.limits")}</dt>
        <dd>${t("guide.statutory")} ${item.statutory_days} · ${t("guide.promised")} ${item.promised_days} ${t("guide.days")}</dd>
        <dt>${t("guide.visits")}</dt><dd>${item.visits}</dd>
        <dt>${t("guide.channels")}</dt><dd>${channels}</dd>
        <dt>${t("guide.ratings")}</dt><dd>${ratings}</dd>
      </dl>
      <h2>${t("guide.conditions")}</h2><ul>${conditions}</ul>
      <h2 id="h-materials">${t("guide.materials")}</h2>
      <p class="sub plans-for">${mine ? t("guide.plans_mine") : t("guide.plans_public")}</p>
      <ul class="materials">${materials}</ul>
      <h2>${t("guide.basis")}</h2><ul class="basis">${basis}</ul>
      <h2>${t("guide.fees")}</h2><ul>${fees}</ul>
      <h2>${t("guide.places")}</h2><ul>${places}</ul>`, v);
  } catch (e) {
    render(failure(e), v);
  }
}
