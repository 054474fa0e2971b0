// The function network (政府功能网), for anyone: region → department → its powers (权责清单)
// with their legal basis to the article → the service items that exercise each power.
// Everything comes from the catalogue API.
//   #/network                      the regions, and what the analyses found
//   #/network/regions/{code}       a region: its subregions and departments
//   #/network/orgs/{id}            a department: its powers, and the items under each
//   #/network/powers/{code}        a power: basis with article text, stages, accountability, items
// The analyses (#/network/analyses) are analyses.ts, the graph (#/network/graph) graph.ts.
import { get, getAll } from "../api";
import { pick, t } from "../i18n";
import { html, joinHtml, type SafeHtml } from "../html";
import { render } from "../ui";
import type { Schema } from "../api";
import type { ServiceItem } from "../api-gaps";

type Region = Schema<"Region">;
type Organisation = Schema<"Organisation">;
import { basisList, basisShort, crumbs, enc, itemLink, joined, orgLink, powerLink, powerType, regionChain, regionLink } from "../catalogue";

// --- #/network ---------------------------------------------------------------------------

export async function networkHome(v: number): Promise<void> {
  // The roots are the highest level that has regions; two levels below them are shown.
  let roots: Region[] = [];
  for (const level of ["national", "province", "city"] as const) {
    roots = (await get("/api/v1/regions", { level })).regions ?? [];
    if (roots.length) break;
  }
  type Tree = { r: Region; kids: Tree[] };
  const children = async (r: Region): Promise<Region[]> => (await get("/api/v1/regions", { parent: r.code })).regions ?? [];
  const grow = async (r: Region, depth: number): Promise<Tree> => ({
    r,
    kids: depth ? await Promise.all((await children(r)).map((k) => grow(k, depth - 1))) : [],
  });
  const [tree, overlaps, cycles, unfounded] = await Promise.all([
    Promise.all(roots.map((r) => grow(r, 2))),
    get("/api/v1/analyses/overlaps"),
    get("/api/v1/analyses/cycles"),
    get("/api/v1/analyses/unfounded"),
  ]);
  const ul = (nodes: Tree[]): SafeHtml | string =>
    nodes.length ? html`<ul class="tree">${nodes.map((n) => html`<li>${regionLink(n.r)}${ul(n.kids)}</li>`)}</ul>` : "";
  render(html`
    <h1>${t("net.title")}</h1>
    <p>${t("net.intro")}</p>
    <h2>${t("net.regions")}</h2>
    ${ul(tree)}
    <h2>${t("net.analyses")}</h2>
    <ul class="menu">
      <li><a href="#/network/analyses">${t("an.overlaps")}${t("colon")}${overlaps.count} · ${t("an.cycles")}${t("colon")}${cycles.count} ·
        ${t("an.unfounded")}${t("colon")}${unfounded.count} · ${t("an.comparison")}</a></li>
      <li><a href="#/network/graph">${t("graph.title")}</a></li>
    </ul>`, v);
}

// --- #/network/regions/{code} --------------------------------------------------------------

export async function regionPage(v: number, code: string): Promise<void> {
  const [chain, subregions, orgs, powers, items, overlaps, cycles] = await Promise.all([
    regionChain(code),
    get("/api/v1/regions", { parent: code }).then((r) => r.regions ?? []),
    getAll("/api/v1/orgs", "organisations", { region: code }, 500),
    getAll("/api/v1/powers", "powers", { region: code }),
    getAll("/api/v1/items", "items", { region: code }),
    get("/api/v1/analyses/overlaps", { region: code }),
    get("/api/v1/analyses/cycles", { region: code }),
  ]);
  const region = chain[chain.length - 1];
  const count = (keys: string[]) => keys.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>());
  const powersOf = count(powers.map((p) => p.holder));
  const itemsOf = count(items.map((i) => i.org));
  const rows = orgs
    .map((o) => html`<tr><td>${orgLink(o.id, pick(o, "name"))}</td><td>${powersOf.get(o.id) ?? 0}</td><td>${itemsOf.get(o.id) ?? 0}</td></tr>`);
  const findings =
    overlaps.count || cycles.count
      ? html`<ul>${(overlaps.overlaps ?? []).map((f) => html`<li>${t("an.overlap")}${t("colon")}${joinHtml((f.powers ?? []).map(powerLink), " / ")}</li>`)}${cycles.cycles
          .map((c) => html`<li>${t("an.cycle")}${t("colon")}${(c.steps ?? []).map((s) => s.name).join(" → ")} → ${c.steps[0]?.name ?? ""}</li>`)
          }</ul>`
      : html`<p>${t("net.no_findings")}</p>`;
  render(html`
    ${crumbs(chain.slice(0, -1).map(regionLink))}
    <h1>${pick(region, "name")}</h1>
    <p class="muted">${region.code} · ${t(`level.${region.level}`)}${region.active ? "" : ` · ${t("net.dissolved")}`}</p>
    <p>${orgs.length} ${t("net.n_orgs")} · ${powers.length} ${t("net.n_powers")} · ${items.length} ${t("net.n_items")}</p>
    ${subregions.length ? html`<h2>${t("net.subregions")}</h2><ul class="tree">${subregions.map((r) => html`<li>${regionLink(r)}</li>`)}</ul>` : ""}
    <h2>${t("net.orgs")}</h2>
    ${
      orgs.length
        ? html`<div class="scroll" tabindex="0" role="region" aria-label="${t("net.orgs")}"><table class="data" id="orgs">
        <thead><tr><th scope="col">${t("net.org")}</th><th scope="col">${t("net.powers")}</th><th scope="col">${t("net.items")}</th></tr></thead>
        <tbody>${rows}</tbody></table></div>`
        : html`<p>${t("me.none")}</p>`
    }
    <h2>${t("net.findings")}</h2>
    ${findings}
    <p><a href="#/network/graph/${enc(code)}">${t("graph.title")}</a> · <a href="#/network/analyses">${t("net.analyses")}</a></p>`, v);
}

// --- #/network/orgs/{id} -----------------------------------------------------------------

// The org's powers with their basis, and its items each under the power it exercises. The
// lists leave out the basis and the item's power, so each is read in full.
export async function orgPage(v: number, id: string): Promise<void> {
  const [org, powerRows, itemRows] = await Promise.all([
    get("/api/v1/orgs/{id}", { id }),
    getAll("/api/v1/powers", "powers", { org: id }),
    getAll("/api/v1/items", "items", { org: id }),
  ]);
  const [chain, parent, powers, items] = await Promise.all([
    regionChain(org.region),
    org.parent ? get("/api/v1/orgs/{id}", { id: org.parent }).catch(() => null) : Promise.resolve(null),
    Promise.all(powerRows.map((p) => get("/api/v1/powers/{code}", { code: p.code }))),
    Promise.all(itemRows.map((i) => get("/api/v1/items/{code}", { code: i.code }))),
  ]);
  const mine = new Set(powers.map((p) => p.code));
  const under = (code: string) => items.filter((i) => i.power === code);
  const itemList = (list: ServiceItem[]) =>
    list.length ? joined(list.map((i) => itemLink(i.code, pick(i, "name")))) : html`<span class="muted-inline">${t("net.no_items")}</span>`;
  const powerList = powers
    .map(
      (p) => html`<li>${powerLink(p)} <span class="tag tag-type">${powerType(p.type)}</span>
        <span>${t("guide.basis")}${t("colon")}${basisShort(p.basis ?? [])}</span>
        <span>${t("net.items")}${t("colon")}${itemList(under(p.code))}</span></li>`,
    );
  // Items that exercise another department's power (or none).
  const others = items.filter((i) => !i.power || !mine.has(i.power));
  const othersList = others
    .map((i) => html`<li>${itemLink(i.code, pick(i, "name"))} <span>${
      i.power_detail ? html`${t("net.power")}${t("colon")}<a href="#/network/powers/${enc(i.power_detail.code)}">${i.power_detail.name}</a> · ${orgLink(i.power_detail.holder, i.power_detail.holder_name)}` : t("an.reason.no_power")
    }</span></li>`);
  const children = org.children ?? [];
  render(html`
    ${crumbs(chain.map(regionLink))}
    <h1>${pick(org, "name")}</h1>
    <p class="muted">${org.id} · ${t(`kind.${org.kind}`)}${org.active ? "" : ` · ${t("net.dissolved")}`}</p>
    <dl class="facts">
      ${parent ? html`<dt>${t("net.parent")}</dt><dd>${orgLink(parent.id, pick(parent, "name"))}</dd>` : ""}
      ${children.length ? html`<dt>${t("net.children")}</dt><dd>${joined(children.map((c) => orgLink(c.id, pick(c, "name"))))}</dd>` : ""}
      <dt>${t("net.powers")}</dt><dd>${powers.length}</dd>
      <dt>${t("net.items")}</dt><dd>${items.length}</dd>
    </dl>
    <h2>${t("net.power_list")}</h2>
    <p>${t("net.power_list_intro")}</p>
    ${powers.length ? html`<ul class="uses powers">${powerList}</ul>` : html`<p>${t("me.none")}</p>`}
    ${others.length ? html`<h2>${t("net.other_items")}</h2><ul class="uses">${othersList}</ul>` : ""}`, v);
}

// --- #/network/powers/{code} ---------------------------------------------------------------

export async function powerPage(v: number, code: string): Promise<void> {
  const power = await get("/api/v1/powers/{code}", { code });
  // The items that exercise it: in the demo and usually, items of the holder itself.
  const [holder, rows] = await Promise.all([
    get("/api/v1/orgs/{id}", { id: power.holder }).catch((): Pick<Organisation, "id" | "name"> & Partial<Organisation> => ({ id: power.holder, name: power.holder_name ?? power.holder })),
    getAll("/api/v1/items", "items", { org: power.holder }),
  ]);
  const [chain, details] = await Promise.all([
    holder.region ? regionChain(holder.region) : Promise.resolve([]),
    Promise.all(rows.map((i) => get("/api/v1/items/{code}", { code: i.code }))),
  ]);
  const items = details.filter((i) => i.power === code);
  const accountability = (power.accountability ?? []) as string[];
  render(html`
    ${crumbs([...chain.map(regionLink), orgLink(holder.id, pick(holder, "name"))])}
    <h1>${power.name}</h1>
    <p class="muted">${power.code} · ${powerType(power.type)} · ${t("net.version")} ${power.version}${
      power.status === "active" ? "" : ` · ${power.status}`
    }</p>
    <dl class="facts">
      <dt>${t("net.holder")}</dt><dd>${orgLink(holder.id, pick(holder, "name"))}</dd>
      <dt>${t("net.object")}</dt><dd>${power.object}</dd>
      ${power.effective ? html`<dt>${t("net.effective")}</dt><dd>${power.effective}</dd>` : ""}
    </dl>
    <h2>${t("guide.basis")}</h2>
    ${basisList(power.basis ?? [])}
    <h2>${t("net.stages")}</h2>
    <ol class="stages">${((power.stages ?? []) ?? []).map((s) => html`<li><strong>${s.stage}</strong> ${s.duty}</li>`)}</ol>
    <h2>${t("net.accountability")}</h2>
    <ul>${accountability.length ? accountability.map((a) => html`<li>${a}</li>`) : html`<li>${t("me.none")}</li>`}</ul>
    <h2>${t("net.items_of_power")}</h2>
    <ul class="results items">${
      items.length
        ? items.map((i) => html`<li><a href="#/items/${enc(i.code)}"><strong>${pick(i, "name")}</strong>
          <span>${i.org === holder.id ? pick(holder, "name") : i.org_name} · ${t("guide.promised")} ${i.promised_days} ${t("guide.days")}</span></a></li>`)
        : html`<li class="none">${t("net.no_items")}</li>`
    }</ul>`, v);
}
