// The analyses over the function network (#/network/analyses): overlapping powers (多头检查、
// 政出多门) with their evidence, circular proofs (循环证明) step by step, powers and items without
// legal basis (法无授权), and each catalogue item compared across regions — each with a
// sentence on what it means.
import { get, getAll } from "../api";
import { currentLang, pick, t } from "../i18n";
import { html } from "../html";
import { render } from "../ui";
import type { ComparedItem, Overlaps } from "../api-gaps";
import { article, crumbs, enc, itemLink, listed, names, orgLink, powerLink, powerType } from "../catalogue";

// --- #/network/analyses --------------------------------------------------------------------

function reason(r: { reason: string; reason_zh?: string }): string {
  return currentLang() === "zh" && r.reason_zh ? r.reason_zh : t(`an.reason.${r.reason}`);
}

function money(fen: number): string {
  return fen ? `${(fen / 100).toFixed(2)} ${currentLang() === "zh" ? "元" : "yuan"}` : t("guide.free");
}

export async function analysesPage(v: number): Promise<void> {
  const [overlaps, cycles, unfounded, comparison, laws] = await Promise.all([
    get("/api/v1/analyses/overlaps"),
    get("/api/v1/analyses/cycles"),
    get("/api/v1/analyses/unfounded"),
    get("/api/v1/analyses/comparison"),
    getAll("/api/v1/laws", "laws"),
  ]);
  const name = await names();
  const lawTitle = new Map(laws.map((l) => [l.id, pick(l, "title")]));
  const evidence = (e: Overlaps["overlaps"][number]["evidence"][number]) =>
    e.kind === "same_basis"
      ? `${t("an.same_basis")}${t("colon")}${lawTitle.get(e.law) ?? e.law} ${article(e.article)}`
      : `${t("an.same_object")}${t("colon")}${e.object}`;
  const overlapRows = (overlaps.overlaps ?? [])
    .map(
      (f) => html`<li><strong>${name.region(f.region, f.region_name)}</strong> · ${powerType(f.type)}
        <ul>${(f.powers ?? []).map((p) => html`<li>${powerLink(p)} — ${orgLink(p.holder, name.org(p.holder, p.holder_name))}</li>`)}</ul>
        <span>${listed((f.evidence ?? []).map(evidence))}</span></li>`,
    );
  const cycleRows = (cycles.cycles ?? [])
    .map((c) => {
      const steps = c.steps;
      const nameOf = new Map(steps.map((s) => [s.item as string, s.name as string]));
      const chain = steps
        .map((s) => {
          const issuer = itemLink(s.issued_by, nameOf.get(s.issued_by) ?? s.issued_by);
          return currentLang() === "zh"
            ? html`<li>${itemLink(s.item, s.name)}（${orgLink(s.org, s.org_name)}）需要「${s.needs}」，由${issuer}出具</li>`
            : html`<li>${itemLink(s.item, s.name)} (${orgLink(s.org, name.org(s.org, s.org_name))}) needs “${s.needs}”, issued by ${issuer}</li>`;
        });
      return html`<li><strong>${name.region(c.region, c.region_name)}</strong> · ${c.departments} ${t("an.departments")} · ${(c.items as string[]).length} ${t("net.n_items")}
        <ol class="chain">${chain}</ol>
        <a href="#/network/graph/${enc(c.region)}">${t("graph.see")}</a></li>`;
    });
  const unfoundedPowers = (unfounded.powers ?? [])
    .map((p) => html`<tr><td>${powerLink(p)}</td><td>${orgLink(p.holder, name.org(p.holder, p.holder_name))}</td><td>${reason(p)}</td></tr>`);
  const unfoundedItems = (unfounded.items ?? [])
    .map((i) => html`<tr><td>${itemLink(i.code, i.name)}</td><td>${orgLink(i.org, name.org(i.org, i.org_name))}</td><td>${reason(i)}</td></tr>`);
  const metrics: [keyof ComparedItem, (i: ComparedItem) => string][] = [
    ["materials", (i) => `${i.materials} / ${i.materials_total}`],
    ["promised_days", (i) => String(i.promised_days)],
    ["visits", (i) => String(i.visits)],
    ["fee_fen", (i) => money(i.fee_fen)],
    ["online_depth", (i) => String(i.online_depth)],
  ];
  const comparisons = (comparison.comparisons ?? [])
    .map((c) => {
      const best = c.best;
      const practice = (c.items ?? []).find((i) => i.best_practice);
      const rows = (c.items ?? [])
        .map((i) => html`<tr><th scope="row">${itemLink(i.item, name.region(i.region, i.region_name))}${i.best_practice ? ` ★ ${t("an.best_practice")}` : ""}</th>${metrics
          .map(([m, show]) => {
            const isBest = (best[m]?.items ?? []).includes(i.item);
            return html`<td>${isBest ? html`<strong>${show(i)}</strong>` : show(i)}</td>`;
          })
          }</tr>`);
      return html`<details><summary>${c.name} · ${c.regions} ${t("an.regions")}${practice ? ` · ★ ${name.region(practice.region, practice.region_name)}` : ""}</summary>
        <div class="scroll" tabindex="0" role="region" aria-label="${c.name}"><table class="data">
        <thead><tr><th scope="col">${t("an.region")}</th>${metrics.map(([m]) => html`<th scope="col">${t(`an.m.${m}`)}</th>`)}</tr></thead>
        <tbody>${rows}</tbody></table></div></details>`;
    });
  const none = html`<p>${t("net.no_findings")}</p>`;
  render(html`
    ${crumbs([])}
    <h1>${t("net.analyses")}</h1>
    <p>${t("an.intro")}</p>
    <section id="overlaps" aria-labelledby="h-overlaps">
      <h2 id="h-overlaps">${t("an.overlaps")} (${overlaps.count})</h2>
      <p>${t("an.overlaps_why")}</p>
      ${overlapRows.length ? html`<ul class="uses findings">${overlapRows}</ul>` : none}
    </section>
    <section id="cycles" aria-labelledby="h-cycles">
      <h2 id="h-cycles">${t("an.cycles")} (${cycles.count})</h2>
      <p>${t("an.cycles_why")}</p>
      ${cycleRows.length ? html`<ul class="uses findings">${cycleRows}</ul>` : none}
    </section>
    <section id="unfounded" aria-labelledby="h-unfounded">
      <h2 id="h-unfounded">${t("an.unfounded")} (${unfounded.count})</h2>
      <p>${t("an.unfounded_why")}</p>
      ${
        unfoundedPowers.length
          ? html`<div class="scroll" tabindex="0" role="region" aria-label="${t("an.unfounded_powers")}"><table class="data" id="unfounded-powers"><caption>${t("an.unfounded_powers")}</caption>
        <thead><tr><th scope="col">${t("net.power")}</th><th scope="col">${t("net.holder")}</th><th scope="col">${t("an.reason")}</th></tr></thead>
        <tbody>${unfoundedPowers}</tbody></table></div>`
          : ""
      }
      ${
        unfoundedItems.length
          ? html`<div class="scroll" tabindex="0" role="region" aria-label="${t("an.unfounded_items")}"><table class="data" id="unfounded-items"><caption>${t("an.unfounded_items")}</caption>
        <thead><tr><th scope="col">${t("net.item")}</th><th scope="col">${t("guide.org")}</th><th scope="col">${t("an.reason")}</th></tr></thead>
        <tbody>${unfoundedItems}</tbody></table></div>`
          : ""
      }
      ${unfoundedPowers.length || unfoundedItems.length ? "" : none}
    </section>
    <section id="comparison" aria-labelledby="h-comparison">
      <h2 id="h-comparison">${t("an.comparison")} (${comparison.count})</h2>
      <p>${t("an.comparison_why")}</p>
      ${comparisons.length ? comparisons : none}
    </section>`, v);
}
