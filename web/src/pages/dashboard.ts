// The public performance dashboard (绩效): processing times, overdue rates, 好差评 and visits
// against the promise, by department and by item — drawn with ECharts from /api/v1/performance.
import * as echarts from "echarts/core";
import { BarChart, PieChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";
import { type Answer, get, getAll } from "../api";
import type { ItemPerformanceRow } from "../api-gaps";
import { currentLang, pick, t } from "../i18n";
import { html, setHtml } from "../html";
import { failure, render, view } from "../ui";

echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

type Performance = Answer<"/api/v1/performance">;



function short(name: string): string {
  return name.replace(/^明川市|^清源市|^临江市|^示范省/, "");
}

export async function dashboardPage(v: number): Promise<void> {
  render(html`<h1>${t("dash.title")}</h1><p>${t("dash.intro")}</p><div id="dash">${t("loading")}</div>`, v);
  if (v === view) await drawDashboard(document.getElementById("dash") as HTMLElement);
}

async function drawDashboard(root: HTMLElement): Promise<void> {
  const perf = await get("/api/v1/performance");
  const orgs = (perf.by_org ?? []).slice(0, 12);
  setHtml(root, html`
    <h2>${t("dash.overdue")}</h2><div class="chart" id="c-overdue" role="img" aria-label="${t("dash.overdue")}"></div>
    <h2>${t("dash.days")}</h2><div class="chart" id="c-days" role="img" aria-label="${t("dash.days")}"></div>
    <h2>${t("dash.ratings")}</h2><div class="chart" id="c-ratings" role="img" aria-label="${t("dash.ratings")}"></div>
    <h2>${t("dash.visits")}</h2><div class="chart" id="c-visits" role="img" aria-label="${t("dash.visits")}"></div>
    <table class="data"><caption>${t("dash.table")}</caption><thead><tr><th>${t("guide.org")}</th><th>${t("guide.cases")}</th>
      <th>${t("dash.overdue")}</th><th>${t("dash.avg_rating")}</th></tr></thead><tbody>${orgs
      .map((o) => html`<tr><td>${o.org_name}</td><td>${o.cases}</td><td>${o.overdue_rate == null ? "—" : (o.overdue_rate * 100).toFixed(0) + "%"}</td>
        <td>${o.avg_rating == null ? "—" : Number(o.avg_rating).toFixed(1)}</td></tr>`)
      }</tbody></table>`);
  const names = orgs.map((o) => short(o.org_name ?? o.org ?? ""));
  const bar = (id: string, data: (number | null | undefined)[], unit: string) => {
    const chart = echarts.init(document.getElementById(id) as HTMLElement, undefined, { renderer: "svg" });
    chart.setOption({
      animation: false,
      grid: { left: 110, right: 16, top: 8, bottom: 24 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "value", axisLabel: { formatter: `{value}${unit}` } },
      yAxis: { type: "category", data: names, inverse: true },
      series: [{ type: "bar", data, itemStyle: { color: "#b3261e" } }],
    });
  };
  bar("c-overdue", orgs.map((o) => (o.overdue_rate == null ? null : Math.round(o.overdue_rate * 1000) / 10)), "%");
  bar("c-days", orgs.map((o) => o.avg_days_to_decision), currentLang() === "zh" ? "天" : "d");
  const levels = perf.rating_levels ?? {};
  const ratings = echarts.init(document.getElementById("c-ratings") as HTMLElement, undefined, { renderer: "svg" });
  ratings.setOption({
    animation: false,
    tooltip: { trigger: "item" },
    legend: { bottom: 0 },
    series: [{
      type: "pie", radius: ["35%", "65%"],
      data: ["5", "4", "3", "2", "1"].map((l) => ({ name: `${l} ★`, value: levels[l] ?? 0 })),
    }],
  });
  const visits = echarts.init(document.getElementById("c-visits") as HTMLElement, undefined, { renderer: "svg" });
  visits.setOption({
    animation: false,
    grid: { left: 110, right: 16, top: 24, bottom: 24 },
    legend: { top: 0 },
    tooltip: { trigger: "axis" },
    xAxis: { type: "value" },
    yAxis: { type: "category", data: names, inverse: true },
    series: [
      { name: t("dash.visits_actual"), type: "bar", data: orgs.map((o) => o.avg_visits) },
      { name: t("dash.visits_promised"), type: "bar", data: orgs.map((o) => o.promised_visits) },
    ],
  });
  const section = document.createElement("section");
  section.setAttribute("aria-labelledby", "h-by-item");
  root.append(section);
  await drawItems(section, perf);
}

const percent = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : null);

// Processing times by service item (办件时效): the days from acceptance to decision, the share
// decided after the promised and after the statutory limit, and the ratings — for every
// department or one. The figures' names come from the catalogue (the performance rows carry
// only the item's code and name).
async function drawItems(section: HTMLElement, perf: Performance): Promise<void> {
  const catalogue = new Map((await getAll("/api/v1/items", "items")).map((i) => [i.code, i]));
  setHtml(section, html`
    <h2 id="h-by-item">${t("dash.by_item")}</h2>
    <p>${t("dash.by_item_intro")}</p>
    <label for="perf-org">${t("dash.org_filter")}</label>
    <select id="perf-org" class="wide"><option value="">${t("dash.all_orgs")}</option>${(perf.by_org ?? [])
      .map((o) => html`<option value="${o.org}">${o.org_name}</option>`)
      }</select>
    <div id="by-item-body"></div>`);
  const body = section.querySelector("#by-item-body") as HTMLElement;
  const days = currentLang() === "zh" ? "天" : "d";
  const draw = (rows: ItemPerformanceRow[]) => {
    body.querySelectorAll<HTMLElement>(".chart").forEach((el) => echarts.getInstanceByDom(el)?.dispose());
    const top = rows.slice(0, 12);
    const names = top.map((r) => pick(catalogue.get(r.item) ?? { name: r.item_name }, "name"));
    setHtml(body, html`
      <h3>${t("dash.item_days")}</h3><div class="chart" id="c-item-days" role="img" aria-label="${t("dash.item_days")}"></div>
      <h3>${t("dash.item_late")}</h3><div class="chart" id="c-item-late" role="img" aria-label="${t("dash.item_late")}"></div>
      <div class="scroll" tabindex="0" role="region" aria-label="${t("dash.item_table")}"><table class="by-item" id="by-item">
      <caption>${t("dash.item_table")}</caption>
      <thead><tr><th scope="col">${t("net.item")}</th><th scope="col">${t("guide.cases")}</th><th scope="col">${t("dash.avg_days")}</th>
        <th scope="col">${t("dash.late_promised")}</th><th scope="col">${t("dash.late_statutory")}</th>
        <th scope="col">${t("dash.avg_rating")}</th></tr></thead>
      <tbody>${rows
        .map((r) => {
          const item = catalogue.get(r.item);
          const rate = (n: number) => (r.decided ? `${percent(n, r.decided)}%` : "—");
          return html`<tr data-item="${r.item}"><th scope="row"><a href="#/items/${encodeURIComponent(r.item)}">${item ? pick(item, "name") : r.item_name}</a>
            <span class="sub">${item?.org_name ?? ""}${item ? ` · ${t("guide.promised")} ${item.promised_days} ${t("guide.days")}` : ""}</span></th>
            <td class="cases">${r.cases}</td>
            <td class="days">${r.avg_days_to_decision == null ? "—" : r.avg_days_to_decision}</td>
            <td>${rate(r.late_promised)}</td><td class="overdue">${rate(r.late_statutory)}</td>
            <td>${r.avg_rating == null ? "—" : `${Number(r.avg_rating).toFixed(1)} (${r.ratings})`}</td></tr>`;
        })
        }</tbody></table></div>`);
    if (!top.length) return;
    const grid = { left: 120, right: 16, top: 8, bottom: 24 };
    const yAxis = { type: "category", data: names, inverse: true, axisLabel: { width: 112, overflow: "truncate" } };
    echarts.init(body.querySelector("#c-item-days") as HTMLElement, undefined, { renderer: "svg" }).setOption({
      animation: false, grid, yAxis,
      tooltip: { trigger: "axis" },
      xAxis: { type: "value", axisLabel: { formatter: `{value}${days}` } },
      series: [{ name: t("dash.avg_days"), type: "bar", data: top.map((r) => r.avg_days_to_decision), itemStyle: { color: "#0b57a4" } }],
    });
    echarts.init(body.querySelector("#c-item-late") as HTMLElement, undefined, { renderer: "svg" }).setOption({
      animation: false, grid: { ...grid, top: 28 }, yAxis,
      legend: { top: 0 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      series: [
        { name: t("dash.late_promised"), type: "bar", data: top.map((r) => percent(r.late_promised, r.decided)), itemStyle: { color: "#b26a00" } },
        { name: t("dash.late_statutory"), type: "bar", data: top.map((r) => percent(r.late_statutory, r.decided)), itemStyle: { color: "#b3261e" } },
      ],
    });
  };
  draw(perf.by_item ?? []);
  const select = section.querySelector("#perf-org") as HTMLSelectElement;
  select.addEventListener("change", async () => {
    try {
      const r = select.value ? await get("/api/v1/performance", { org: select.value }) : perf;
      draw(r.by_item ?? []);
    } catch (e) {
      setHtml(body, failure(e));
    }
  });
}
