// The function network (政府功能网), for anyone: region → department → its powers (权责清单)
// with their legal basis to the article → the service items that exercise each power, and
// the analyses over it (overlapping powers, circular proofs, the same item across regions,
// powers and items without legal basis). Everything comes from the catalogue API.
//   #/network                      the regions, and what the analyses found
//   #/network/regions/{code}       a region: its subregions and departments
//   #/network/orgs/{id}            a department: its powers, and the items under each
//   #/network/powers/{code}        a power: basis with article text, stages, accountability, items
//   #/network/analyses             the four analyses, as lists with an explanation
//   #/network/graph[/{region}]     who needs a licence from whom (graph.ts, ECharts)
import { get, getAll } from "./api";
import { currentLang, pick, t } from "./i18n";
import { esc, failure, type Json, render, view } from "./ui";

// "第5条" / "art. 5".
function article(n: unknown): string {
  return currentLang() === "zh" ? `第${n}条` : `art. ${n}`;
}

// A list in running text: "甲、乙" / "A, B"; and in a sentence: "甲；乙" / "A; B".
function joined(parts: string[]): string {
  return parts.join(currentLang() === "zh" ? "、" : ", ");
}

function listed(parts: string[]): string {
  return parts.join(currentLang() === "zh" ? "；" : "; ");
}

// Names in the reader's language. The analyses and the item records name organisations and
// regions in Chinese only; the directory has their English names too, so in English it is read
// once and the names are looked up there.
export interface Names {
  org(id: string, fallback: string): string;
  region(code: string, fallback: string): string;
}

export async function names(): Promise<Names> {
  if (currentLang() === "zh") return { org: (_, f) => f, region: (_, f) => f };
  const [orgs, regions] = await Promise.all([
    getAll("/api/v1/orgs?include_dissolved=true", "organisations", 500),
    get<Json>("/api/v1/regions").then((r) => r.regions as Json[]),
  ]);
  const org = new Map(orgs.map((o) => [o.id as string, pick(o, "name")]));
  const region = new Map(regions.map((r) => [r.code as string, pick(r, "name")]));
  return { org: (id, f) => org.get(id) || f, region: (code, f) => region.get(code) || f };
}

const enc = encodeURIComponent;
const regionLink = (r: Json) => `<a href="#/network/regions/${enc(r.code)}">${esc(pick(r, "name"))}</a>`;
const orgLink = (id: string, name: string) => `<a href="#/network/orgs/${enc(id)}">${esc(name || id)}</a>`;
const powerLink = (p: Json) => `<a href="#/network/powers/${enc(p.code)}">${esc(p.name)}</a>`;
const itemLink = (code: string, name: string) => `<a href="#/items/${enc(code)}">${esc(name || code)}</a>`;
const powerType = (type: string) => t(`ptype.${type}`);

// The region and its ancestors, the top first.
export async function regionChain(code: string): Promise<Json[]> {
  const chain: Json[] = [];
  for (let c: string | null = code; c && chain.length < 8; ) {
    const r: Json = await get<Json>(`/api/v1/regions/${enc(c)}`);
    chain.unshift(r);
    c = r.parent;
  }
  return chain;
}

function crumbs(parts: string[]): string {
  return `<nav class="crumbs" aria-label="${esc(t("net.crumbs"))}"><a href="#/network">${esc(t("net.title"))}</a>${parts
    .map((p) => ` › ${p}`)
    .join("")}</nav>`;
}

function basisList(basis: Json[]): string {
  if (!basis.length) return `<p class="warn">⚠ ${esc(t("net.no_basis"))}</p>`;
  return `<ul class="basis">${basis
    .map((b) => {
      const marks = [b.in_force === false ? t("net.not_in_force") : "", b.invented ? t("net.invented") : ""].filter(Boolean);
      return `<li><strong>${esc(pick(b, "law_title") || b.law)}</strong> ${esc(article(b.article))}${
        marks.length ? ` <span class="tag tag-upload">${esc(marks.join(" · "))}</span>` : ""
      }${b.text ? `<blockquote>${esc(b.text)}${b.text_kind === "summary" ? ` <span class="muted-inline">(${esc(t("net.summary"))})</span>` : ""}</blockquote>` : ""}</li>`;
    })
    .join("")}</ul>`;
}

// The short basis of a power, for lists: "《law》第n条; …".
function basisShort(basis: Json[]): string {
  if (!basis.length) return `<span class="warn">⚠ ${esc(t("net.no_basis"))}</span>`;
  return esc(listed(basis.map((b) => `${pick(b, "law_title") || b.law} ${article(b.article)}`)));
}

// --- #/network ---------------------------------------------------------------------------

async function home(v: number): Promise<void> {
  // The roots are the highest level that has regions; two levels below them are shown.
  let roots: Json[] = [];
  for (const level of ["national", "province", "city"]) {
    roots = (await get<Json>(`/api/v1/regions?level=${level}`)).regions;
    if (roots.length) break;
  }
  type Tree = { r: Json; kids: Tree[] };
  const children = async (r: Json): Promise<Json[]> => (await get<Json>(`/api/v1/regions?parent=${enc(r.code)}`)).regions;
  const grow = async (r: Json, depth: number): Promise<Tree> => ({
    r,
    kids: depth ? await Promise.all((await children(r)).map((k) => grow(k, depth - 1))) : [],
  });
  const [tree, overlaps, cycles, unfounded] = await Promise.all([
    Promise.all(roots.map((r) => grow(r, 2))),
    get<Json>("/api/v1/analyses/overlaps"),
    get<Json>("/api/v1/analyses/cycles"),
    get<Json>("/api/v1/analyses/unfounded"),
  ]);
  const ul = (nodes: Tree[]): string =>
    nodes.length ? `<ul class="tree">${nodes.map((n) => `<li>${regionLink(n.r)}${ul(n.kids)}</li>`).join("")}</ul>` : "";
  render(`
    <h1>${esc(t("net.title"))}</h1>
    <p>${esc(t("net.intro"))}</p>
    <h2>${esc(t("net.regions"))}</h2>
    ${ul(tree)}
    <h2>${esc(t("net.analyses"))}</h2>
    <ul class="menu">
      <li><a href="#/network/analyses">${esc(t("an.overlaps"))}${t("colon")}${esc(overlaps.count)} · ${esc(t("an.cycles"))}${t("colon")}${esc(cycles.count)} ·
        ${esc(t("an.unfounded"))}${t("colon")}${esc(unfounded.count)} · ${esc(t("an.comparison"))}</a></li>
      <li><a href="#/network/graph">${esc(t("graph.title"))}</a></li>
    </ul>`, v);
}

// --- #/network/regions/{code} --------------------------------------------------------------

async function regionPage(v: number, code: string): Promise<void> {
  const [chain, subregions, orgs, powers, items, overlaps, cycles] = await Promise.all([
    regionChain(code),
    get<Json>(`/api/v1/regions?parent=${enc(code)}`).then((r) => r.regions as Json[]),
    getAll(`/api/v1/orgs?region=${enc(code)}`, "organisations", 500),
    getAll(`/api/v1/powers?region=${enc(code)}`, "powers"),
    getAll(`/api/v1/items?region=${enc(code)}`, "items"),
    get<Json>(`/api/v1/analyses/overlaps?region=${enc(code)}`),
    get<Json>(`/api/v1/analyses/cycles?region=${enc(code)}`),
  ]);
  const region = chain[chain.length - 1];
  const count = (rows: Json[], key: string) => rows.reduce((m, r) => m.set(r[key], (m.get(r[key]) ?? 0) + 1), new Map<string, number>());
  const powersOf = count(powers, "holder");
  const itemsOf = count(items, "org");
  const rows = orgs
    .map((o) => `<tr><td>${orgLink(o.id, pick(o, "name"))}</td><td>${esc(powersOf.get(o.id) ?? 0)}</td><td>${esc(itemsOf.get(o.id) ?? 0)}</td></tr>`)
    .join("");
  const findings =
    overlaps.count || cycles.count
      ? `<ul>${(overlaps.overlaps as Json[]).map((f) => `<li>${esc(t("an.overlap"))}${t("colon")}${(f.powers as Json[]).map(powerLink).join(" / ")}</li>`).join("")}${(
          cycles.cycles as Json[]
        )
          .map((c) => `<li>${esc(t("an.cycle"))}${t("colon")}${(c.steps as Json[]).map((s) => esc(s.name)).join(" → ")} → ${esc(c.steps[0]?.name ?? "")}</li>`)
          .join("")}</ul>`
      : `<p>${esc(t("net.no_findings"))}</p>`;
  render(`
    ${crumbs(chain.slice(0, -1).map(regionLink))}
    <h1>${esc(pick(region, "name"))}</h1>
    <p class="muted">${esc(region.code)} · ${esc(t(`level.${region.level}`))}${region.active ? "" : ` · ${esc(t("net.dissolved"))}`}</p>
    <p>${esc(orgs.length)} ${esc(t("net.n_orgs"))} · ${esc(powers.length)} ${esc(t("net.n_powers"))} · ${esc(items.length)} ${esc(t("net.n_items"))}</p>
    ${subregions.length ? `<h2>${esc(t("net.subregions"))}</h2><ul class="tree">${subregions.map((r) => `<li>${regionLink(r)}</li>`).join("")}</ul>` : ""}
    <h2>${esc(t("net.orgs"))}</h2>
    ${
      orgs.length
        ? `<div class="scroll" tabindex="0" role="region" aria-label="${esc(t("net.orgs"))}"><table class="data" id="orgs">
        <thead><tr><th scope="col">${esc(t("net.org"))}</th><th scope="col">${esc(t("net.powers"))}</th><th scope="col">${esc(t("net.items"))}</th></tr></thead>
        <tbody>${rows}</tbody></table></div>`
        : `<p>${esc(t("me.none"))}</p>`
    }
    <h2>${esc(t("net.findings"))}</h2>
    ${findings}
    <p><a href="#/network/graph/${enc(code)}">${esc(t("graph.title"))}</a> · <a href="#/network/analyses">${esc(t("net.analyses"))}</a></p>`, v);
}

// --- #/network/orgs/{id} -----------------------------------------------------------------

// The org's powers with their basis, and its items each under the power it exercises. The
// lists leave out the basis and the item's power, so each is read in full.
async function orgPage(v: number, id: string): Promise<void> {
  const [org, powerRows, itemRows] = await Promise.all([
    get<Json>(`/api/v1/orgs/${enc(id)}`),
    getAll(`/api/v1/powers?org=${enc(id)}`, "powers"),
    getAll(`/api/v1/items?org=${enc(id)}`, "items"),
  ]);
  const [chain, parent, powers, items] = await Promise.all([
    regionChain(org.region),
    org.parent ? get<Json>(`/api/v1/orgs/${enc(org.parent)}`).catch(() => null) : Promise.resolve(null),
    Promise.all(powerRows.map((p) => get<Json>(`/api/v1/powers/${enc(p.code)}`))),
    Promise.all(itemRows.map((i) => get<Json>(`/api/v1/items/${enc(i.code)}`))),
  ]);
  const mine = new Set(powers.map((p) => p.code));
  const under = (code: string) => items.filter((i) => i.power === code);
  const itemList = (list: Json[]) =>
    list.length ? joined(list.map((i) => itemLink(i.code, pick(i, "name")))) : `<span class="muted-inline">${esc(t("net.no_items"))}</span>`;
  const powerList = powers
    .map(
      (p) => `<li>${powerLink(p)} <span class="tag tag-type">${esc(powerType(p.type))}</span>
        <span>${esc(t("guide.basis"))}${t("colon")}${basisShort(p.basis ?? [])}</span>
        <span>${esc(t("net.items"))}${t("colon")}${itemList(under(p.code))}</span></li>`,
    )
    .join("");
  // Items that exercise another department's power (or none).
  const others = items.filter((i) => !mine.has(i.power));
  const othersList = others
    .map((i) => `<li>${itemLink(i.code, pick(i, "name"))} <span>${
      i.power_detail ? `${esc(t("net.power"))}${t("colon")}<a href="#/network/powers/${enc(i.power)}">${esc(i.power_detail.name)}</a> · ${orgLink(i.power_detail.holder, i.power_detail.holder_name)}` : esc(t("an.reason.no_power"))
    }</span></li>`)
    .join("");
  const children = (org.children ?? []) as Json[];
  render(`
    ${crumbs(chain.map(regionLink))}
    <h1>${esc(pick(org, "name"))}</h1>
    <p class="muted">${esc(org.id)} · ${esc(t(`kind.${org.kind}`))}${org.active ? "" : ` · ${esc(t("net.dissolved"))}`}</p>
    <dl class="facts">
      ${parent ? `<dt>${esc(t("net.parent"))}</dt><dd>${orgLink(parent.id, pick(parent, "name"))}</dd>` : ""}
      ${children.length ? `<dt>${esc(t("net.children"))}</dt><dd>${joined(children.map((c) => orgLink(c.id, pick(c, "name"))))}</dd>` : ""}
      <dt>${esc(t("net.powers"))}</dt><dd>${esc(powers.length)}</dd>
      <dt>${esc(t("net.items"))}</dt><dd>${esc(items.length)}</dd>
    </dl>
    <h2>${esc(t("net.power_list"))}</h2>
    <p>${esc(t("net.power_list_intro"))}</p>
    ${powers.length ? `<ul class="uses powers">${powerList}</ul>` : `<p>${esc(t("me.none"))}</p>`}
    ${others.length ? `<h2>${esc(t("net.other_items"))}</h2><ul class="uses">${othersList}</ul>` : ""}`, v);
}

// --- #/network/powers/{code} ---------------------------------------------------------------

async function powerPage(v: number, code: string): Promise<void> {
  const power = await get<Json>(`/api/v1/powers/${enc(code)}`);
  // The items that exercise it: in the demo and usually, items of the holder itself.
  const [holder, rows] = await Promise.all([
    get<Json>(`/api/v1/orgs/${enc(power.holder)}`).catch((): Json => ({ id: power.holder, name: power.holder_name })),
    getAll(`/api/v1/items?org=${enc(power.holder)}`, "items"),
  ]);
  const [chain, details] = await Promise.all([
    holder.region ? regionChain(holder.region) : Promise.resolve([]),
    Promise.all(rows.map((i) => get<Json>(`/api/v1/items/${enc(i.code)}`))),
  ]);
  const items = details.filter((i) => i.power === code);
  render(`
    ${crumbs([...chain.map(regionLink), orgLink(holder.id, pick(holder, "name"))])}
    <h1>${esc(power.name)}</h1>
    <p class="muted">${esc(power.code)} · ${esc(powerType(power.type))} · ${esc(t("net.version"))} ${esc(power.version)}${
      power.status === "active" ? "" : ` · ${esc(power.status)}`
    }</p>
    <dl class="facts">
      <dt>${esc(t("net.holder"))}</dt><dd>${orgLink(holder.id, pick(holder, "name"))}</dd>
      <dt>${esc(t("net.object"))}</dt><dd>${esc(power.object)}</dd>
      ${power.effective ? `<dt>${esc(t("net.effective"))}</dt><dd>${esc(power.effective)}</dd>` : ""}
    </dl>
    <h2>${esc(t("guide.basis"))}</h2>
    ${basisList(power.basis ?? [])}
    <h2>${esc(t("net.stages"))}</h2>
    <ol class="stages">${((power.stages ?? []) as Json[]).map((s) => `<li><strong>${esc(s.stage)}</strong> ${esc(s.duty)}</li>`).join("")}</ol>
    <h2>${esc(t("net.accountability"))}</h2>
    <ul>${((power.accountability ?? []) as string[]).map((a) => `<li>${esc(a)}</li>`).join("") || `<li>${esc(t("me.none"))}</li>`}</ul>
    <h2>${esc(t("net.items_of_power"))}</h2>
    <ul class="results items">${
      items
        .map((i) => `<li><a href="#/items/${enc(i.code)}"><strong>${esc(pick(i, "name"))}</strong>
          <span>${esc(i.org === holder.id ? pick(holder, "name") : i.org_name)} · ${esc(t("guide.promised"))} ${esc(i.promised_days)} ${esc(t("guide.days"))}</span></a></li>`)
        .join("") || `<li class="none">${esc(t("net.no_items"))}</li>`
    }</ul>`, v);
}

// --- #/network/analyses --------------------------------------------------------------------

function reason(r: Json): string {
  return currentLang() === "zh" && r.reason_zh ? r.reason_zh : t(`an.reason.${r.reason}`);
}

function money(fen: number): string {
  return fen ? `${(fen / 100).toFixed(2)} ${currentLang() === "zh" ? "元" : "yuan"}` : t("guide.free");
}

async function analysesPage(v: number): Promise<void> {
  const [overlaps, cycles, unfounded, comparison, laws] = await Promise.all([
    get<Json>("/api/v1/analyses/overlaps"),
    get<Json>("/api/v1/analyses/cycles"),
    get<Json>("/api/v1/analyses/unfounded"),
    get<Json>("/api/v1/analyses/comparison"),
    getAll("/api/v1/laws", "laws"),
  ]);
  const name = await names();
  const lawTitle = new Map(laws.map((l) => [l.id as string, pick(l, "title")]));
  const evidence = (e: Json) =>
    e.kind === "same_basis"
      ? `${t("an.same_basis")}${t("colon")}${lawTitle.get(e.law) ?? e.law} ${article(e.article)}`
      : `${t("an.same_object")}${t("colon")}${e.object}`;
  const overlapRows = (overlaps.overlaps as Json[])
    .map(
      (f) => `<li><strong>${esc(name.region(f.region, f.region_name))}</strong> · ${esc(powerType(f.type))}
        <ul>${(f.powers as Json[]).map((p) => `<li>${powerLink(p)} — ${orgLink(p.holder, name.org(p.holder, p.holder_name))}</li>`).join("")}</ul>
        <span>${esc(listed((f.evidence as Json[]).map(evidence)))}</span></li>`,
    )
    .join("");
  const cycleRows = (cycles.cycles as Json[])
    .map((c) => {
      const steps = c.steps as Json[];
      const nameOf = new Map(steps.map((s) => [s.item as string, s.name as string]));
      const chain = steps
        .map((s) => {
          const issuer = itemLink(s.issued_by, nameOf.get(s.issued_by) ?? s.issued_by);
          return currentLang() === "zh"
            ? `<li>${itemLink(s.item, s.name)}（${orgLink(s.org, s.org_name)}）需要「${esc(s.needs)}」，由${issuer}出具</li>`
            : `<li>${itemLink(s.item, s.name)} (${orgLink(s.org, name.org(s.org, s.org_name))}) needs “${esc(s.needs)}”, issued by ${issuer}</li>`;
        })
        .join("");
      return `<li><strong>${esc(name.region(c.region, c.region_name))}</strong> · ${esc(c.departments)} ${esc(t("an.departments"))} · ${esc((c.items as string[]).length)} ${esc(t("net.n_items"))}
        <ol class="chain">${chain}</ol>
        <a href="#/network/graph/${enc(c.region)}">${esc(t("graph.see"))}</a></li>`;
    })
    .join("");
  const unfoundedPowers = (unfounded.powers as Json[])
    .map((p) => `<tr><td>${powerLink(p)}</td><td>${orgLink(p.holder, name.org(p.holder, p.holder_name))}</td><td>${esc(reason(p))}</td></tr>`)
    .join("");
  const unfoundedItems = (unfounded.items as Json[])
    .map((i) => `<tr><td>${itemLink(i.code, i.name)}</td><td>${orgLink(i.org, name.org(i.org, i.org_name))}</td><td>${esc(reason(i))}</td></tr>`)
    .join("");
  const metrics: [string, (i: Json) => string][] = [
    ["materials", (i) => `${i.materials} / ${i.materials_total}`],
    ["promised_days", (i) => String(i.promised_days)],
    ["visits", (i) => String(i.visits)],
    ["fee_fen", (i) => money(i.fee_fen)],
    ["online_depth", (i) => String(i.online_depth)],
  ];
  const comparisons = (comparison.comparisons as Json[])
    .map((c) => {
      const best = c.best as Json;
      const practice = (c.items as Json[]).find((i) => i.best_practice);
      const rows = (c.items as Json[])
        .map((i) => `<tr><th scope="row">${itemLink(i.item, name.region(i.region, i.region_name))}${i.best_practice ? ` ★ ${esc(t("an.best_practice"))}` : ""}</th>${metrics
          .map(([m, show]) => {
            const isBest = ((best[m]?.items ?? []) as string[]).includes(i.item);
            return `<td>${isBest ? `<strong>${esc(show(i))}</strong>` : esc(show(i))}</td>`;
          })
          .join("")}</tr>`)
        .join("");
      return `<details><summary>${esc(c.name)} · ${esc(c.regions)} ${esc(t("an.regions"))}${practice ? ` · ★ ${esc(name.region(practice.region, practice.region_name))}` : ""}</summary>
        <div class="scroll" tabindex="0" role="region" aria-label="${esc(c.name)}"><table class="data">
        <thead><tr><th scope="col">${esc(t("an.region"))}</th>${metrics.map(([m]) => `<th scope="col">${esc(t(`an.m.${m}`))}</th>`).join("")}</tr></thead>
        <tbody>${rows}</tbody></table></div></details>`;
    })
    .join("");
  const none = `<p>${esc(t("net.no_findings"))}</p>`;
  render(`
    ${crumbs([])}
    <h1>${esc(t("net.analyses"))}</h1>
    <p>${esc(t("an.intro"))}</p>
    <section id="overlaps" aria-labelledby="h-overlaps">
      <h2 id="h-overlaps">${esc(t("an.overlaps"))} (${esc(overlaps.count)})</h2>
      <p>${esc(t("an.overlaps_why"))}</p>
      ${overlapRows ? `<ul class="uses findings">${overlapRows}</ul>` : none}
    </section>
    <section id="cycles" aria-labelledby="h-cycles">
      <h2 id="h-cycles">${esc(t("an.cycles"))} (${esc(cycles.count)})</h2>
      <p>${esc(t("an.cycles_why"))}</p>
      ${cycleRows ? `<ul class="uses findings">${cycleRows}</ul>` : none}
    </section>
    <section id="unfounded" aria-labelledby="h-unfounded">
      <h2 id="h-unfounded">${esc(t("an.unfounded"))} (${esc(unfounded.count)})</h2>
      <p>${esc(t("an.unfounded_why"))}</p>
      ${
        unfoundedPowers
          ? `<div class="scroll" tabindex="0" role="region" aria-label="${esc(t("an.unfounded_powers"))}"><table class="data" id="unfounded-powers"><caption>${esc(t("an.unfounded_powers"))}</caption>
        <thead><tr><th scope="col">${esc(t("net.power"))}</th><th scope="col">${esc(t("net.holder"))}</th><th scope="col">${esc(t("an.reason"))}</th></tr></thead>
        <tbody>${unfoundedPowers}</tbody></table></div>`
          : ""
      }
      ${
        unfoundedItems
          ? `<div class="scroll" tabindex="0" role="region" aria-label="${esc(t("an.unfounded_items"))}"><table class="data" id="unfounded-items"><caption>${esc(t("an.unfounded_items"))}</caption>
        <thead><tr><th scope="col">${esc(t("net.item"))}</th><th scope="col">${esc(t("guide.org"))}</th><th scope="col">${esc(t("an.reason"))}</th></tr></thead>
        <tbody>${unfoundedItems}</tbody></table></div>`
          : ""
      }
      ${unfoundedPowers || unfoundedItems ? "" : none}
    </section>
    <section id="comparison" aria-labelledby="h-comparison">
      <h2 id="h-comparison">${esc(t("an.comparison"))} (${esc(comparison.count)})</h2>
      <p>${esc(t("an.comparison_why"))}</p>
      ${comparisons || none}
    </section>`, v);
}

// --- routing within #/network ---------------------------------------------------------------

export async function showNetwork(path: string): Promise<void> {
  const v = view;
  const [, , kind, key] = path.split("/"); // "", "network", kind, key
  try {
    if (kind === "regions" && key) await regionPage(v, key);
    else if (kind === "orgs" && key) await orgPage(v, key);
    else if (kind === "powers" && key) await powerPage(v, key);
    else if (kind === "analyses") await analysesPage(v);
    else if (kind === "graph") {
      const { showGraph } = await import("./graph");
      await showGraph(key);
    } else await home(v);
  } catch (e) {
    render(failure(e), v);
  }
}
