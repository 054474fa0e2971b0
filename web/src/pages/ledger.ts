// The public log (#/ledger): the latest signed checkpoint; the log's growth over time, one
// point per published checkpoint (ECharts); and "verify any entry": the reader names an
// index and this browser fetches the entry, its inclusion proof and the signed checkpoint and
// checks each itself (verify.ts), showing every step's result.
import * as echarts from "echarts/core";
import { LineChart } from "echarts/charts";
import { GridComponent, TooltipComponent } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";
import { type Answer, get, text } from "../api";
import { currentLang, t } from "../i18n";
import { html } from "../html";
import { main, render, view } from "../ui";
import { verifyEntry, type Step } from "../verify";

echarts.use([LineChart, GridComponent, TooltipComponent, SVGRenderer]);

const kPage = 1000; // the endpoint's largest page
const kPages = 20; // at most this many pages are drawn

// Published checkpoints in size order, oldest first; `complete` is false when there were more.
type Checkpoint = Answer<"/api/v1/log/checkpoints">["checkpoints"][number];

async function history(): Promise<{ checkpoints: Checkpoint[]; complete: boolean }> {
  const out: Checkpoint[] = [];
  for (let page = 0; page < kPages; page++) {
    const after = out.length ? out[out.length - 1].size : undefined;
    const rows = (await get("/api/v1/log/checkpoints", { limit: kPage, after })).checkpoints;
    out.push(...rows);
    if (rows.length < kPage) return { checkpoints: out, complete: true };
  }
  return { checkpoints: out, complete: false };
}

function when(iso: string): string {
  return new Date(iso).toLocaleString(currentLang() === "zh" ? "zh-CN" : "en-GB", { hour12: false });
}

const steps: Step[] = ["checkpoint", "leaf", "proof"];

export async function showLedger(): Promise<void> {
  const v = view;
  const [checkpoint, health, { checkpoints, complete }] = await Promise.all([text("/log/checkpoint"), get("/healthz"), history()]);
  const signedSize = Number(checkpoint.split("\n")[1]);
  const first = checkpoints[0];
  const last = checkpoints[checkpoints.length - 1];
  const growth = first
    ? `${t("ledger.growth")}${t("colon")}${when(first.published_at)} ${first.size} → ${when(last.published_at)} ${last.size} · ${checkpoints.length} ${t("ledger.n_checkpoints")}`
    : t("me.none");
  const recent = checkpoints
    .slice(-5)
    .reverse()
    .map((c) => html`<tr><td>${when(c.published_at)}</td><td>${c.size}</td><td><code>${String(c.root).slice(0, 16)}…</code></td></tr>`);
  render(html`
    <h1>${t("ledger.title")}</h1>
    <p>${t("ledger.intro")}</p>
    <p><strong>${t("ledger.size")}</strong>: ${health.log_size}</p>
    <pre class="note">${checkpoint}</pre>
    <h2>${t("ledger.growth")}</h2>
    <p>${t("ledger.growth_intro")}${complete ? "" : ` ${t("ledger.truncated")}`}</p>
    <div class="chart" id="c-growth" role="img" aria-label="${growth}"></div>
    <div class="scroll" tabindex="0" role="region" aria-label="${t("ledger.recent")}"><table class="data" id="checkpoints">
      <caption>${t("ledger.recent")}</caption>
      <thead><tr><th scope="col">${t("ledger.published")}</th><th scope="col">${t("ledger.size")}</th><th scope="col">${t("ledger.root")}</th></tr></thead>
      <tbody>${recent}</tbody></table></div>
    <h2>${t("ledger.verify")}</h2>
    <p>${t("ledger.verify_intro")}</p>
    <form id="verify-entry">
      <label for="entry-index">${t("ledger.index")} (0 – ${signedSize - 1})</label>
      <input id="entry-index" type="number" inputmode="numeric" min="0" max="${signedSize - 1}" step="1" required />
      <button type="submit">${t("uses.verify")}</button>
    </form>
    <ol id="vf-steps" class="steps" aria-live="polite">${steps
      .map((s) => html`<li data-step="${s}"><strong>${t(`vf.step.${s}`)}</strong> <span class="detail">—</span></li>`)
      }</ol>
    <p id="vf-verdict" class="verdict" role="status"></p>
    <details id="vf-entry" hidden><summary>${t("ledger.entry_json")}</summary><pre class="entry-json"></pre></details>`, v);
  if (v !== view) return;

  if (checkpoints.length) {
    const chart = echarts.init(document.getElementById("c-growth") as HTMLElement, undefined, { renderer: "svg" });
    chart.setOption({
      animation: false,
      grid: { left: 64, right: 16, top: 16, bottom: 40 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "time", axisLabel: { hideOverlap: true } },
      yAxis: { type: "value", name: t("ledger.size"), nameTextStyle: { align: "left" }, min: 0 },
      series: [{
        name: t("ledger.size"),
        type: "line",
        step: "end", // the size holds until the next checkpoint
        showSymbol: checkpoints.length <= 60,
        data: checkpoints.map((c) => [c.published_at, c.size]),
        itemStyle: { color: "#b3261e" },
        areaStyle: { color: "rgba(179, 38, 30, 0.12)" },
      }],
    });
  }

  const form = document.getElementById("verify-entry") as HTMLFormElement;
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const index = Number((document.getElementById("entry-index") as HTMLInputElement).value);
    const verdict = document.getElementById("vf-verdict") as HTMLElement;
    const entryBox = document.getElementById("vf-entry") as HTMLDetailsElement;
    const items = new Map(steps.map((s) => [s, main.querySelector(`#vf-steps li[data-step=${s}]`) as HTMLElement]));
    for (const li of items.values()) {
      li.className = "";
      (li.querySelector(".detail") as HTMLElement).textContent = "…";
    }
    verdict.textContent = t("loading");
    verdict.className = "verdict";
    entryBox.hidden = true;
    // The entry itself, to read; the verification fetches its own copy.
    get("/api/v1/log/entries/{index}", { index })
      .then((e) => {
        (entryBox.querySelector("pre") as HTMLElement).textContent = JSON.stringify(e.entry, null, 2);
        entryBox.hidden = false;
      })
      .catch(() => {});
    try {
      const cp = await verifyEntry(index, (step, ok, detail) => {
        const li = items.get(step) as HTMLElement;
        li.className = ok ? "ok" : "error";
        (li.querySelector(".detail") as HTMLElement).textContent = `${ok ? "✓" : "✗"} ${detail}`;
      });
      verdict.textContent = `✓ ${t("ledger.entry")} #${index}: ${t("uses.verified")} ${cp.size}`;
      verdict.className = "verdict ok";
    } catch (e) {
      for (const li of items.values()) {
        const d = li.querySelector(".detail") as HTMLElement;
        if (d.textContent === "…") d.textContent = t("ledger.not_reached");
      }
      verdict.textContent = `✗ ${t("ledger.failed")}${t("colon")}${(e as Error).message}`;
      verdict.className = "verdict error";
    }
  });
}
