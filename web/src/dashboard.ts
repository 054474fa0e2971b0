// The public performance dashboard (绩效): processing times, overdue rates, 好差评 and visits
// against the promise, by department and by item — drawn with ECharts from /api/v1/performance.
import * as echarts from "echarts/core";
import { BarChart, PieChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";
import { get } from "./api";
import { currentLang, t } from "./i18n";

echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

type Json = Record<string, any>;

function short(name: string): string {
  return name.replace(/^明川市|^清源市|^临江市|^示范省/, "");
}

export async function drawDashboard(root: HTMLElement): Promise<void> {
  const perf = await get<Json>("/api/v1/performance");
  const orgs = (perf.by_org as Json[]).slice(0, 12);
  root.innerHTML = `
    <h2>${t("dash.overdue")}</h2><div class="chart" id="c-overdue" role="img" aria-label="${t("dash.overdue")}"></div>
    <h2>${t("dash.days")}</h2><div class="chart" id="c-days" role="img" aria-label="${t("dash.days")}"></div>
    <h2>${t("dash.ratings")}</h2><div class="chart" id="c-ratings" role="img" aria-label="${t("dash.ratings")}"></div>
    <h2>${t("dash.visits")}</h2><div class="chart" id="c-visits" role="img" aria-label="${t("dash.visits")}"></div>
    <table class="data"><caption>${t("dash.table")}</caption><thead><tr><th>${t("guide.org")}</th><th>${t("guide.cases")}</th>
      <th>${t("dash.overdue")}</th><th>${t("dash.avg_rating")}</th></tr></thead><tbody>${orgs
      .map((o) => `<tr><td>${o.org_name}</td><td>${o.cases}</td><td>${o.overdue_rate == null ? "—" : (o.overdue_rate * 100).toFixed(0) + "%"}</td>
        <td>${o.avg_rating == null ? "—" : Number(o.avg_rating).toFixed(1)}</td></tr>`)
      .join("")}</tbody></table>`;
  const names = orgs.map((o) => short(o.org_name));
  const bar = (id: string, data: (number | null)[], unit: string) => {
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
  const levels = perf.rating_levels as Json;
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
}
