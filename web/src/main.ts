// The web shell: a hash router over three public pages — 我要办 search with results as you
// type, the service guide, and the public log. Phone-first; Chinese by default, English on
// the switch. Everything comes from the platform's own API.
import "./style.css";
import { ApiError, get, text } from "./api";
import { currentLang, pick, setLang, t } from "./i18n";

type Json = Record<string, any>;

const main = document.getElementById("main") as HTMLElement;

function esc(s: unknown): string {
  return String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function render(html: string): void {
  main.innerHTML = html;
}

function translateStatic(): void {
  document.querySelectorAll<HTMLElement>("[data-i18n]").forEach((el) => {
    el.textContent = t(el.dataset.i18n as string);
  });
  (document.getElementById("lang") as HTMLButtonElement).textContent = currentLang() === "zh" ? "EN" : "中文";
}

function failure(e: unknown): string {
  const detail = e instanceof ApiError ? e.message : String(e);
  return `<p class="error" role="alert">${esc(t("error"))}: ${esc(detail)}</p>`;
}

// --- 我要办 ------------------------------------------------------------------------------

function searchPage(): void {
  render(`
    <h1>${esc(t("search.title"))}</h1>
    <label for="q">${esc(t("search.label"))}</label>
    <input id="q" type="search" autocomplete="off" placeholder="${esc(t("search.placeholder"))}" />
    <ul id="results" class="results" aria-live="polite"></ul>`);
  const input = document.getElementById("q") as HTMLInputElement;
  const list = document.getElementById("results") as HTMLElement;
  let timer = 0;
  let latest = 0;
  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(async () => {
      const q = input.value.trim();
      const mine = ++latest;
      if (!q) {
        list.innerHTML = "";
        return;
      }
      try {
        const r = await get<Json>(`/api/v1/search?q=${encodeURIComponent(q)}&limit=10`);
        if (mine !== latest) return; // a newer query is on its way
        const results: Json[] = r.results ?? [];
        list.innerHTML = results.length
          ? results
              .map(
                (x) => `<li><a href="#/items/${encodeURIComponent(x.code)}">
                  <strong>${esc(pick(x, "name"))}</strong>
                  <span>${esc(x.org_name ?? "")}</span></a></li>`,
              )
              .join("")
          : `<li class="none">${esc(t("search.none"))}</li>`;
      } catch (e) {
        if (mine === latest) list.innerHTML = `<li class="none">${esc(t("search.error"))}</li>`;
      }
    }, 150);
  });
  input.focus();
}

// --- the service guide (办事指南) -----------------------------------------------------------

async function guidePage(code: string): Promise<void> {
  render(`<p>${esc(t("loading"))}</p>`);
  try {
    const [item, form, perf] = await Promise.all([
      get<Json>(`/api/v1/items/${encodeURIComponent(code)}`),
      get<Json>(`/api/v1/forms/${encodeURIComponent(code)}`),
      get<Json>(`/api/v1/performance?item=${encodeURIComponent(code)}`),
    ]);
    const org = await get<Json>(`/api/v1/orgs/${encodeURIComponent(item.org)}`).catch(() => ({ name: item.org }));
    const basis = (item.basis ?? [])
      .map(
        (b: Json) => `<li><strong>${esc(b.law_title ?? b.law)}</strong> ${esc(currentLang() === "zh" ? `第${b.article}条` : `art. ${b.article}`)}
          <blockquote>${esc(b.text ?? "")}</blockquote></li>`,
      )
      .join("");
    const materials = (form.materials ?? [])
      .map(
        (m: Json) => `<li>${esc(m.name)}${m.required ? "" : " ○"} <span class="tag tag-${esc(m.source)}">${esc(t(`source.${m.source}`))}</span></li>`,
      )
      .join("");
    const conditions = (item.conditions ?? []).map((c: string) => `<li>${esc(c)}</li>`).join("");
    const places = (item.places ?? [])
      .map((p: Json) => `<li><strong>${esc(p.name)}</strong><br>${esc(p.address)}<br>${esc(p.hours)}</li>`)
      .join("");
    const fees = (item.fees ?? []).length
      ? item.fees.map((f: Json) => `<li>${esc(f.name ?? "")} ${esc(f.amount_fen != null ? (f.amount_fen / 100).toFixed(2) + " 元" : "")}</li>`).join("")
      : `<li>${esc(t("guide.free"))}</li>`;
    const channels = (item.channels ?? []).map((c: string) => esc(t(`channel.${c}`))).join(" · ");
    const row: Json | undefined = (perf.by_item ?? [])[0];
    const ratings = row && row.ratings
      ? `${esc(row.ratings)} · ${esc(t("guide.avg"))} ${Number(row.avg_rating).toFixed(1)} / 5 · ${esc(row.cases)} ${esc(t("guide.cases"))}`
      : esc(t("guide.no_ratings"));
    render(`
      <p><a href="#/">← ${esc(t("back"))}</a></p>
      <h1>${esc(pick(item, "name"))}</h1>
      <p class="muted">${esc(item.code)}</p>
      <dl class="facts">
        <dt>${esc(t("guide.org"))}</dt><dd>${esc(pick(org, "name"))}</dd>
        <dt>${esc(t("guide.limits"))}</dt>
        <dd>${esc(t("guide.statutory"))} ${esc(item.statutory_days)} · ${esc(t("guide.promised"))} ${esc(item.promised_days)} ${esc(t("guide.days"))}</dd>
        <dt>${esc(t("guide.visits"))}</dt><dd>${esc(item.visits)}</dd>
        <dt>${esc(t("guide.channels"))}</dt><dd>${channels}</dd>
        <dt>${esc(t("guide.ratings"))}</dt><dd>${ratings}</dd>
      </dl>
      <h2>${esc(t("guide.conditions"))}</h2><ul>${conditions}</ul>
      <h2>${esc(t("guide.materials"))}</h2><ul class="materials">${materials}</ul>
      <h2>${esc(t("guide.basis"))}</h2><ul class="basis">${basis}</ul>
      <h2>${esc(t("guide.fees"))}</h2><ul>${fees}</ul>
      <h2>${esc(t("guide.places"))}</h2><ul>${places}</ul>`);
  } catch (e) {
    render(failure(e));
  }
}

// --- the public log --------------------------------------------------------------------------

async function ledgerPage(): Promise<void> {
  render(`<p>${esc(t("loading"))}</p>`);
  try {
    const [checkpoint, health] = await Promise.all([text("/log/checkpoint"), get<Json>("/healthz")]);
    render(`
      <h1>${esc(t("ledger.title"))}</h1>
      <p>${esc(t("ledger.intro"))}</p>
      <p><strong>${esc(t("ledger.size"))}</strong>: ${esc(health.log_size)}</p>
      <pre class="note">${esc(checkpoint)}</pre>`);
  } catch (e) {
    render(failure(e));
  }
}

// --- routing -----------------------------------------------------------------------------

function route(): void {
  translateStatic();
  const hash = decodeURIComponent(location.hash.replace(/^#/, "")) || "/";
  const item = hash.match(/^\/items\/([^/]+)$/);
  if (item) void guidePage(item[1]);
  else if (hash === "/ledger") void ledgerPage();
  else searchPage();
}

document.getElementById("lang")?.addEventListener("click", () => {
  setLang(currentLang() === "zh" ? "en" : "zh");
  route();
});
window.addEventListener("hashchange", route);
setLang(currentLang());
route();
