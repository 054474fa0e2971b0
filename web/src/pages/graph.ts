// The graph view of the function network (#/network/graph/{region}): the departments of a
// region as nodes, an arrow from a department to the one that issues a licence its items
// require (材料来源：已有证照), and the arrows that close a circular proof (循环证明) in red —
// drawn with ECharts, with the same edges as a table for readers who do not see the picture.
// A licence is looked for in the item's own region first, then up the region tree, as the
// circular-proof analysis does; the cycles themselves are the analysis's own.
import * as echarts from "echarts/core";
import { GraphChart } from "echarts/charts";
import { TooltipComponent } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";
import { get, getAll, type Schema } from "../api";
import type { Cycles, ItemRow, ServiceItem } from "../api-gaps";
import { pick, t } from "../i18n";
import { escapeHtml, html } from "../html";
import { names, regionChain } from "../catalogue";
import { render, view } from "../ui";

echarts.use([GraphChart, TooltipComponent, SVGRenderer]);

type Region = Schema<"Region">;

interface Edge {
  from: ServiceItem; // the item that needs the licence (full record)
  needs: string; // the material's name
  to: ServiceItem | ItemRow; // an item that issues it (the full record in the region, a list summary above it)
  cycle: boolean; // both ends are in one circular-proof component
}

interface Dept {
  id: string;
  name: string;
  degree: number;
  cycle: boolean;
}

const enc = encodeURIComponent;

// A department's name without its region's: "明川市公安局" → "公安局", "Public Security Bureau,
// Mingchuan City" → "Public Security Bureau".
function short(name: string, region: Region): string {
  if (name.startsWith(region.name) && name.length > region.name.length) return name.slice(region.name.length);
  const en = region.name_en as string | undefined;
  if (en && name.endsWith(`, ${en}`)) return name.slice(0, -(en.length + 2));
  return name;
}

// The region's licence dependencies between items, each with its producers.
async function dependencies(code: string, chain: Region[], cycles: Cycles["cycles"]): Promise<Edge[]> {
  const own = await getAll("/api/v1/items", "items", { region: code });
  const above = await Promise.all(chain.slice(0, -1).reverse().map((r) => getAll("/api/v1/items", "items", { region: r.code })));
  const full = await Promise.all(own.map((i) => get("/api/v1/items/{code}", { code: i.code })));
  const producers = (catalogCode: string): (ServiceItem | ItemRow)[] => {
    for (const level of [full, ...above]) {
      const found = level.filter((i) => i.catalog_code === catalogCode);
      if (found.length) return found;
    }
    return [];
  };
  const components = cycles.map((c) => new Set<string>(c.items));
  const edges: Edge[] = [];
  for (const item of full)
    for (const m of item.materials ?? [])
      if (m.source?.kind === "licence" && m.source.catalog_code)
        for (const to of producers(m.source.catalog_code))
          edges.push({ from: item, needs: m.name ?? "", to, cycle: components.some((s) => s.has(item.code) && s.has(to.code)) });
  return edges;
}

export async function showGraph(requested?: string): Promise<void> {
  const v = view;
  const [all, ...levels] = await Promise.all([
    get("/api/v1/analyses/cycles"),
    ...(["province", "city", "county"] as const).map((level) => get("/api/v1/regions", { level })),
  ]);
  const regions = levels.flatMap((r) => r.regions ?? []).filter((r) => r.active);
  // Without a choice: the first region with a circular proof, else the first city.
  const code: string =
    requested ?? all.cycles[0]?.region ?? regions.find((r) => r.level === "city")?.code ?? regions[0]?.code ?? "";
  if (!code) return render(html`<h1>${t("graph.title")}</h1><p>${t("graph.empty")}</p>`, v);
  const [chain, cycles] = await Promise.all([
    regionChain(code),
    get("/api/v1/analyses/cycles", { region: code }).then((r) => r.cycles),
  ]);
  const region = chain[chain.length - 1];
  const [deps, name] = await Promise.all([dependencies(code, chain, cycles), names()]);
  const edges = deps.filter((e) => e.from.org !== e.to.org);

  // Departments as nodes; one link per ordered pair, red when any of its edges closes a cycle.
  const nodes = new Map<string, Dept>();
  const node = (id: string, name: string) => {
    if (!nodes.has(id)) nodes.set(id, { id, name, degree: 0, cycle: false });
    return nodes.get(id) as Dept;
  };
  const links = new Map<string, { from: Dept; to: Dept; edges: Edge[] }>();
  for (const e of edges) {
    const from = node(e.from.org, name.org(e.from.org, e.from.org_name));
    const to = node(e.to.org, name.org(e.to.org, e.to.org_name));
    const key = `${from.id}>${to.id}`;
    if (!links.has(key)) {
      links.set(key, { from, to, edges: [] });
      from.degree++;
      to.degree++;
    }
    links.get(key)?.edges.push(e);
    if (e.cycle) from.cycle = to.cycle = true;
  }
  const ids = [...nodes.keys()];
  const cycleEdges = edges.filter((e) => e.cycle).length;
  const summary = `${nodes.size} ${t("graph.n_depts")} · ${edges.length} ${t("graph.n_edges")} · ${cycleEdges} ${t("graph.n_cycle_edges")}`;
  const options = regions
    .map((r) => html`<option value="${r.code}"${r.code === code ? " selected" : ""}>${pick(r, "name")}</option>`);
  const rows = [...edges]
    .sort((a, b) => Number(b.cycle) - Number(a.cycle))
    .map(
      (e) => html`<tr${e.cycle ? html` class="in-cycle"` : ""}><td>${name.org(e.from.org, e.from.org_name)}<br><a href="#/items/${enc(e.from.code)}">${pick(e.from, "name")}</a></td>
        <td>${e.needs}</td>
        <td>${name.org(e.to.org, e.to.org_name)}<br><a href="#/items/${enc(e.to.code)}">${pick(e.to, "name")}</a></td>
        <td>${e.cycle ? `⟲ ${t("an.cycle")}` : "—"}</td></tr>`,
    );
  render(html`
    <nav class="crumbs" aria-label="${t("net.crumbs")}"><a href="#/network">${t("net.title")}</a> ›
      <a href="#/network/regions/${enc(code)}">${pick(region, "name")}</a></nav>
    <h1>${t("graph.title")}</h1>
    <p>${t("graph.intro")}</p>
    <label for="graph-region">${t("an.region")}</label>
    <select id="graph-region" class="wide">${options}</select>
    <p id="graph-summary">${summary}${cycles.length ? html` · <a href="#/network/analyses">${t("an.cycles")}${t("colon")}${cycles.length}</a>` : ""}</p>
    ${
      edges.length
        ? html`<div class="chart graph" id="c-graph" role="img" aria-label="${`${t("graph.title")}, ${pick(region, "name")}${t("colon")}${summary}`}"></div>
      <p class="legend"><span class="key key-cycle"></span> ${t("graph.legend_cycle")} <span class="key key-plain"></span> ${t("graph.legend_plain")}</p>
      <div class="scroll" tabindex="0" role="region" aria-label="${t("graph.table")}"><table class="data" id="deps">
        <caption>${t("graph.table")}</caption>
        <thead><tr><th scope="col">${t("graph.needs_side")}</th><th scope="col">${t("graph.licence")}</th>
          <th scope="col">${t("graph.issuer")}</th><th scope="col">${t("an.cycle")}</th></tr></thead>
        <tbody>${rows}</tbody></table></div>`
        : html`<p>${t("graph.empty")}</p>`
    }`, v);
  if (v !== view) return;
  (document.getElementById("graph-region") as HTMLSelectElement).addEventListener("change", (ev) => {
    location.hash = `#/network/graph/${enc((ev.target as HTMLSelectElement).value)}`;
  });
  if (!edges.length) return;
  const red = "#b3261e";
  const blue = "#0b57a4";
  const labels = ids.map((id) => short((nodes.get(id) as Dept).name, region));
  const chart = echarts.init(document.getElementById("c-graph") as HTMLElement, undefined, { renderer: "svg" });
  chart.setOption({
    animation: false,
    tooltip: {
      formatter: (p: { dataType?: string; name: string; dataIndex: number }) => {
        // The tooltip is HTML: its text is escaped here.
        if (p.dataType !== "edge") return escapeHtml(p.name);
        const link = [...links.values()][p.dataIndex];
        return link.edges.map((e) => escapeHtml(`${pick(e.from, "name")} ← ${e.needs} (${pick(e.to, "name")})`)).join("<br>");
      },
    },
    series: [
      {
        type: "graph",
        layout: "force",
        force: { repulsion: 420, edgeLength: [70, 130], gravity: 0.12, layoutAnimation: false },
        left: 72,
        right: 72,
        top: 24,
        bottom: 32,
        label: { show: true, position: "bottom", fontSize: 11, color: "#1a1a1a", textBorderColor: "#fff", textBorderWidth: 3 },
        edgeSymbol: ["none", "arrow"],
        edgeSymbolSize: 9,
        lineStyle: { color: "#6b6b6b", width: 1.5, curveness: 0.2, opacity: 0.9 },
        data: ids.map((id) => {
          const n = nodes.get(id) as Dept;
          // Node names must be unique: shorten only where that keeps them apart.
          const label = labels.filter((l) => l === short(n.name, region)).length > 1 ? n.name : short(n.name, region);
          return { name: label, symbolSize: 10 + 3 * n.degree, itemStyle: { color: n.cycle ? red : blue } };
        }),
        links: [...links.values()].map((l) => {
          const cycle = l.edges.some((e) => e.cycle);
          return {
            source: ids.indexOf(l.from.id),
            target: ids.indexOf(l.to.id),
            lineStyle: cycle ? { color: red, width: 3, opacity: 1 } : undefined,
          };
        }),
      },
    ],
  });
}
