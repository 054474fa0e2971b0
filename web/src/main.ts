// The web shell: a hash router over three public pages — 我要办 search with results as you
// type, the service guide, and the public log. Phone-first; Chinese by default, English on
// the switch. Everything comes from the platform's own API.
import "./style.css";
import { ApiError, get, post, setToken, text, token } from "./api";
import { currentLang, pick, setLang, t } from "./i18n";
import { verifyEntry } from "./verify";

type Json = Record<string, any>;

const main = document.getElementById("main") as HTMLElement;

function esc(s: unknown): string {
  return String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// Each navigation is a new view; an async page that finishes after the reader has moved on
// must not draw over the newer page.
let view = 0;

function render(html: string, of: number = view): void {
  if (of === view) main.innerHTML = html;
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
  const v = view;
  render(`<p>${esc(t("loading"))}</p>`, v);
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
      <h2>${esc(t("guide.places"))}</h2><ul>${places}</ul>`, v);
  } catch (e) {
    render(failure(e), v);
  }
}

// --- the public log --------------------------------------------------------------------------

async function ledgerPage(): Promise<void> {
  const v = view;
  render(`<p>${esc(t("loading"))}</p>`, v);
  try {
    const [checkpoint, health] = await Promise.all([text("/log/checkpoint"), get<Json>("/healthz")]);
    render(`
      <h1>${esc(t("ledger.title"))}</h1>
      <p>${esc(t("ledger.intro"))}</p>
      <p><strong>${esc(t("ledger.size"))}</strong>: ${esc(health.log_size)}</p>
      <pre class="note">${esc(checkpoint)}</pre>`, v);
  } catch (e) {
    render(failure(e), v);
  }
}

// --- the citizen's own pages -----------------------------------------------------------------

function mePage(): void {
  if (!token()) {
    render(`
      <h1>${esc(t("me.login"))}</h1>
      <p>${esc(t("me.demo"))}</p>
      <form id="login">
        <label for="cid">${esc(t("me.id"))}</label>
        <input id="cid" name="cid" type="text" inputmode="numeric" autocomplete="off" maxlength="18" required />
        <button type="submit">${esc(t("me.login"))}</button>
        <p id="login-error" class="error" role="alert"></p>
      </form>`);
    document.getElementById("login")?.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const id = (document.getElementById("cid") as HTMLInputElement).value.trim();
      try {
        const r = await post<{ token: string }>("/api/v1/auth/demo-login", { citizen: id });
        setToken(r.token);
        mePage();
      } catch (e) {
        const el = document.getElementById("login-error") as HTMLElement;
        el.textContent = e instanceof ApiError && e.status === 404 ? t("me.nologin") : `${t("error")}: ${String((e as Error).message)}`;
      }
    });
    return;
  }
  render(`
    <h1>${esc(t("me.title"))}</h1>
    <ul class="menu">
      <li><a href="#/me/cases">${esc(t("me.cases"))}</a></li>
      <li><a href="#/me/data-uses">${esc(t("me.uses"))}</a></li>
    </ul>
    <button id="logout" type="button">${esc(t("me.logout"))}</button>`);
  document.getElementById("logout")?.addEventListener("click", () => {
    setToken(null);
    mePage();
  });
}

function statusLabel(s: string): string {
  return t(`status.${s}`);
}

async function myCasesPage(): Promise<void> {
  const v = view;
  render(`<p>${esc(t("loading"))}</p>`, v);
  try {
    const r = await get<Json>("/api/v1/me/cases?limit=100");
    const rows = (r.cases as Json[])
      .map(
        (k) => `<li><a href="#/me/cases/${encodeURIComponent(k.no)}"><strong>${esc(k.no)}</strong>
          <span>${esc(statusLabel(k.status))}${k.stage ? " · " + esc(k.stage) : ""}${
            k.clock?.statutory?.due ? ` · ${esc(t("case.due"))} ${esc(k.clock.statutory.due)}` : ""
          }</span></a></li>`,
      )
      .join("");
    render(`<p><a href="#/me">← ${esc(t("back"))}</a></p><h1>${esc(t("me.cases"))}</h1>
      <ul class="results">${rows || `<li class="none">${esc(t("me.none"))}</li>`}</ul>`, v);
  } catch (e) {
    render(failure(e), v);
  }
}

async function myCasePage(no: string): Promise<void> {
  const v = view;
  render(`<p>${esc(t("loading"))}</p>`, v);
  try {
    const k = await get<Json>(`/api/v1/me/cases/${encodeURIComponent(no)}`);
    const steps = (k.timeline as Json[])
      .map(
        (s) => `<li><time>${esc(s.on)}</time> <strong>${esc(s.type)}</strong>${s.stage ? " · " + esc(s.stage) : ""}
          <button type="button" class="verify" data-index="${esc(s.index)}">${esc(t("uses.verify"))}</button>
          <span class="verdict" aria-live="polite"></span></li>`,
      )
      .join("");
    const materials = (k.materials as Json[])
      .map((m) => `<li>${esc(m.name)} <span class="tag tag-${esc(m.via === "shared" ? "shared" : m.via === "licence" ? "licence" : "upload")}">${esc(m.via)}</span></li>`)
      .join("");
    render(`<p><a href="#/me/cases">← ${esc(t("back"))}</a></p>
      <h1>${esc(k.item_name ?? k.life_event ?? k.no)}</h1>
      <p class="muted">${esc(k.no)} · ${esc(statusLabel(k.status))} · ${esc(k.org_name ?? "")}</p>
      <h2>${esc(t("guide.materials"))}</h2><ul>${materials}</ul>
      <h2>${esc(t("case.timeline"))}</h2><ol class="timeline">${steps}</ol>`, v);
    if (v === view) wireVerifyButtons();
  } catch (e) {
    render(failure(e), v);
  }
}

async function dataUsesPage(): Promise<void> {
  const v = view;
  render(`<p>${esc(t("loading"))}</p>`, v);
  try {
    const r = await get<Json>("/api/v1/me/data-uses?limit=100");
    const rows = (r.accesses as Json[])
      .map(
        (a) => `<li>
          <strong>${esc(a.org_name ?? a.org)}</strong> · ${esc(a.resource_name ?? a.resource)}
          <span>${esc(a.time.slice(0, 16).replace("T", " "))} · ${esc(t(`basis.${a.basis.kind}`))} ·
            ${esc(a.granted ? t("uses.granted") : t("uses.denied"))} · ${esc((a.fields ?? []).join(", "))}</span>
          <span>${esc(a.purpose ?? "")}</span>
          <button type="button" class="verify" data-index="${esc(a.index)}">${esc(t("uses.verify"))}</button>
          <span class="verdict" aria-live="polite"></span></li>`,
      )
      .join("");
    render(`<p><a href="#/me">← ${esc(t("back"))}</a></p><h1>${esc(t("me.uses"))}</h1>
      <p>${esc(t("uses.intro"))}</p><ul class="uses">${rows || `<li class="none">${esc(t("me.none"))}</li>`}</ul>`, v);
    wireVerifyButtons();
  } catch (e) {
    render(failure(e), v);
  }
}

// Each "verify" button checks its entry against the signed checkpoint, in this browser.
function wireVerifyButtons(): void {
  main.querySelectorAll<HTMLButtonElement>("button.verify").forEach((b) => {
    b.addEventListener("click", async () => {
      const verdict = b.nextElementSibling as HTMLElement;
      verdict.textContent = t("loading");
      try {
        const cp = await verifyEntry(Number(b.dataset.index));
        verdict.textContent = `✓ ${t("uses.verified")} ${cp.size}`;
        verdict.className = "verdict ok";
      } catch (e) {
        verdict.textContent = `✗ ${(e as Error).message}`;
        verdict.className = "verdict error";
      }
    });
  });
}

// --- routing -----------------------------------------------------------------------------

function route(): void {
  view++;
  translateStatic();
  const hash = decodeURIComponent(location.hash.replace(/^#/, "")) || "/";
  const item = hash.match(/^\/items\/([^/]+)$/);
  const kase = hash.match(/^\/me\/cases\/([^/]+)$/);
  if (item) void guidePage(item[1]);
  else if (hash === "/ledger") void ledgerPage();
  else if (hash === "/me") mePage();
  else if (hash === "/me/cases") void myCasesPage();
  else if (kase) void myCasePage(kase[1]);
  else if (hash === "/me/data-uses") void dataUsesPage();
  else searchPage();
}

document.getElementById("lang")?.addEventListener("click", () => {
  setLang(currentLang() === "zh" ? "en" : "zh");
  route();
});
window.addEventListener("hashchange", route);
setLang(currentLang());
route();
