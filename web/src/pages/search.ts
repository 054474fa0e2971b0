// 我要办: the home page (#/) and the search results (#/search?q=…). One search box — results as
// the reader types, Enter commits the query to the address (so Back and a shared link show the
// same results) — and the reader's region, chosen once from the city and county list
// (GET /api/v1/regions), kept in the browser and passed to the search. Below the box: the
// popular services (the items with most cases, GET /api/v1/performance) and the catalogue by
// category — 个人办事 / 法人办事 (each item's audience), by life stage (the life events) and by
// theme (the kind of service) — read from the catalogue itself (GET /api/v1/catalogue.jsonld).
// When a search finds nothing, the same suggestions are offered instead.
import { get, type Schema } from "../api";
import type { CatalogueLd, CatalogueNode, SearchResult } from "../api-gaps";
import { html, nothing, type SafeHtml, setHtml } from "../html";
import { currentLang, pick, t, tf } from "../i18n";
import { announce, render, view } from "../ui";
import { enc, names, type Names } from "../catalogue";

type Region = Schema<"Region">;

// --- the reader's region ---------------------------------------------------------------------

const kRegionKey = "region";

export function storedRegion(): string {
  return localStorage.getItem(kRegionKey) ?? "";
}

function storeRegion(code: string): void {
  if (code) localStorage.setItem(kRegionKey, code);
  else localStorage.removeItem(kRegionKey);
}

let regionsOnce: Promise<Region[]> | null = null;
function regions(): Promise<Region[]> {
  regionsOnce ??= get("/api/v1/regions")
    .then((r) => r.regions ?? [])
    .catch((e) => {
      regionsOnce = null;
      throw e;
    });
  return regionsOnce;
}

// The region and those above it, by code.
function chainOf(all: Region[], code: string): Set<string> {
  const by = new Map(all.map((r) => [r.code, r]));
  const out = new Set<string>();
  for (let c: string | null | undefined = code; c && !out.has(c); c = by.get(c)?.parent) out.add(c);
  return out;
}

// The chooser: each city, then its counties (districts), as options grouped by city.
function regionOptions(all: Region[], chosen: string): SafeHtml {
  const active = all.filter((r) => r.active !== false);
  const cities = active.filter((r) => r.level === "city");
  return html`<option value="">${t("region.any")}</option>${cities.map(
    (c) => html`<optgroup label="${pick(c, "name")}">
      <option value="${c.code}" ${c.code === chosen ? html`selected` : ""}>${pick(c, "name")}</option>
      ${active
        .filter((r) => r.level === "county" && r.parent === c.code)
        .map((r) => html`<option value="${r.code}" ${r.code === chosen ? html`selected` : ""}>${pick(r, "name")}</option>`)}
    </optgroup>`,
  )}`;
}

// --- the catalogue, read once --------------------------------------------------------------------

interface CatItem {
  code: string;
  name: string;
  region: string;
  type: string;
  audience: string[];
}
interface CatEvent {
  code: string;
  name: string;
  items: string[];
}

const idTail = (ref: { "@id": string } | undefined) => (ref ? ref["@id"].replace(/^.*\//, "") : "");
const many = <T,>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
function title(n: CatalogueNode): string {
  const titles = many(n["dct:title"]);
  const want = titles.find((x) => x["@language"] === currentLang()) ?? titles.find((x) => x["@language"] === "zh") ?? titles[0];
  return want?.["@value"] ?? n["dct:identifier"] ?? "";
}
const isA = (n: CatalogueNode, type: string) => many(n["@type"]).includes(type);

let catalogueOnce: { lang: string; data: Promise<CatalogueLd[]> } | null = null;
async function cataloguePages(): Promise<CatalogueLd[]> {
  const pages: CatalogueLd[] = [];
  for (let offset = 0; offset < 100000; offset += 1000) {
    const page = await get("/api/v1/catalogue.jsonld", { limit: 1000, offset });
    pages.push(page);
    if (many(page["@graph"]).filter((n) => isA(n, "PublicService")).length < 1000) break;
  }
  return pages;
}
async function catalogue(): Promise<{ items: CatItem[]; events: CatEvent[] }> {
  if (!catalogueOnce || catalogueOnce.lang !== currentLang()) catalogueOnce = { lang: currentLang(), data: cataloguePages() };
  const pages = await catalogueOnce.data.catch((e) => {
    catalogueOnce = null;
    throw e;
  });
  const items: CatItem[] = [];
  const events = new Map<string, CatEvent>();
  for (const n of pages.flatMap((p) => many(p["@graph"]))) {
    if (isA(n, "PublicService"))
      items.push({
        code: n["dct:identifier"] ?? idTail(n),
        name: title(n),
        region: idTail(n["dct:spatial"]),
        type: idTail(n["dct:type"]),
        audience: many(n["dct:audience"]).map(idTail),
      });
    else if (isA(n, "LifeEvent")) {
      const code = n["dct:identifier"] ?? idTail(n);
      events.set(code, { code, name: title(n), items: many(n["cv:hasRelatedService"]).map(idTail) });
    }
  }
  return { items, events: [...events.values()] };
}

let namesOnce: { lang: string; names: Promise<Names> } | null = null;
function orgNames(): Promise<Names> {
  if (!namesOnce || namesOnce.lang !== currentLang()) namesOnce = { lang: currentLang(), names: names() };
  return namesOnce.names;
}

// --- the suggestions: popular services and the categories --------------------------------------

const kAudiences = ["natural_person", "legal_person"] as const;
const kThemes = ["licensing", "confirmation", "benefit", "public_service", "other"];

async function suggestions(region: string): Promise<SafeHtml> {
  const [all, cat, perf] = await Promise.all([regions(), catalogue(), get("/api/v1/performance").catch(() => null)]);
  const chain = region ? chainOf(all, region) : null;
  const inChain = (r: string) => !chain || chain.has(r);
  const items = cat.items.filter((i) => inChain(i.region));
  const known = new Map(cat.items.map((i) => [i.code, i]));
  // An item's link: its guide when the reader has a region; across all regions the same name is
  // offered by several, so the name is searched for.
  const depth = (r: string) => (chain ? [...chain].indexOf(r) : 0);
  const itemLink = (name: string, code: string) =>
    chain ? html`<a href="#/items/${enc(code)}">${name}</a>` : html`<a href="#/search?q=${enc(name)}">${name}</a>`;

  // Popular: the items with most cases, in the reader's region and above.
  const popular = (perf?.by_item ?? [])
    .filter((r) => r.cases > 0 && (!chain || inChain(known.get(r.item)?.region ?? "")))
    .sort((a, b) => b.cases - a.cases)
    .slice(0, 8)
    .map(
      (r) => html`<li><a href="#/items/${enc(r.item)}"><strong>${known.get(r.item)?.name ?? r.item_name}</strong>
        <span>${r.org_name}</span></a></li>`,
    );

  // By audience: the life events mostly of that audience's items, and the items by theme.
  const events = cat.events.filter((e) => e.items.some((c) => inChain(known.get(c)?.region ?? "")));
  const columns = kAudiences.map((aud) => {
    const mine = items.filter((i) => i.audience.includes(aud));
    const stages = events.filter((e) => {
      const parts = e.items.map((c) => known.get(c)).filter((i): i is CatItem => !!i);
      return parts.length > 0 && parts.filter((i) => i.audience.includes(aud)).length * 2 >= parts.length;
    });
    // Life events: each name once (without a region, the same one is offered in several cities).
    const stageLinks = new Map<string, SafeHtml>();
    for (const e of stages)
      if (!stageLinks.has(e.name))
        stageLinks.set(e.name, chain ? html`<a href="#/life-events/${enc(e.code)}">${e.name}</a>` : html`<a href="#/search?q=${enc(e.name)}">${e.name}</a>`);
    const themes = [...new Set([...kThemes, ...mine.map((i) => i.type)])]
      .map((theme) => {
        // Each name once: the most local item of that name.
        const byName = new Map<string, CatItem>();
        for (const i of mine.filter((x) => x.type === theme)) {
          const seen = byName.get(i.name);
          if (!seen || depth(i.region) < depth(seen.region)) byName.set(i.name, i);
        }
        const list = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name, currentLang() === "zh" ? "zh-CN" : "en"));
        if (!list.length) return nothing;
        const label = t(`theme.${theme}`).startsWith("theme.") ? t("theme.unknown") : t(`theme.${theme}`);
        return html`<details class="theme"><summary>${label} <span class="muted-inline">(${tf("home.n_items", { n: list.length })})</span></summary>
          <ul>${list.map((i) => html`<li>${itemLink(i.name, i.code)}</li>`)}</ul></details>`;
      });
    return html`<section class="audience" data-audience="${aud}">
      <h3>${t(aud === "natural_person" ? "home.person" : "home.business")}</h3>
      <h4>${t("home.stages")}</h4>
      ${stageLinks.size ? html`<ul class="stages">${[...stageLinks.values()].map((a) => html`<li>${a}</li>`)}</ul>` : html`<p class="sub">${t("home.no_stages")}</p>`}
      <h4>${t("home.themes")}</h4>
      ${themes}
    </section>`;
  });

  return html`
    ${popular.length ? html`<h2 id="h-popular">${t("home.popular")}</h2><p class="sub">${t("home.popular_intro")}</p><ul class="results popular">${popular}</ul>` : ""}
    <h2 id="h-categories">${t("home.categories")}</h2>
    <div class="categories">${columns}</div>`;
}

// --- the results --------------------------------------------------------------------------------

function resultItem(x: SearchResult, nm: Names): SafeHtml {
  const name = pick(x, "name");
  const org = x.org ? nm.org(x.org, x.org_name) : (x.org_name ?? "");
  const where = x.region ? nm.region(x.region, x.region_name) : "";
  const sub = [org, where].filter(Boolean).join(" · ");
  if (x.kind === "life_event")
    return html`<li class="kind-life_event"><a href="#/life-events/${enc(x.code ?? "")}">
      <span class="tag tag-type">${t("search.kind.life_event")}</span> <strong>${name}</strong>
      <span>${x.items?.length ? `${tf("search.parts", { n: x.items.length })} · ` : ""}${sub}</span></a></li>`;
  if (x.kind === "item" || x.kind === undefined)
    return html`<li class="kind-item"><a href="#/items/${enc(x.code ?? "")}">
      <strong>${name}</strong><span>${sub}</span></a></li>`;
  // A kind this page does not know yet: shown, but not sent to a page that cannot draw it.
  return html`<li class="kind-other"><strong>${name}</strong><span>${sub}</span></li>`;
}

// A result scored below this share of the best one is folded away.
const kTail = 0.05;

async function search(q: string, region: string): Promise<{ results: SearchResult[]; nm: Names }> {
  const [r, nm] = await Promise.all([get("/api/v1/search", { q, limit: 20, region: region || undefined }), orgNames()]);
  return { results: r.results ?? [], nm };
}

// --- the pages ------------------------------------------------------------------------------------

function shell(q: string, heading: string): SafeHtml {
  return html`
    <h1>${heading}</h1>
    <form id="search-form" role="search" action="#/search">
      <label for="q">${t("search.label")}</label>
      <div class="search-row">
        <input id="q" name="q" type="search" autocomplete="off" enterkeyhint="search" placeholder="${t("search.placeholder")}" value="${q}" />
        <button type="submit">${t("search.button")}</button>
      </div>
      <label for="region" class="region-label">${t("region.label")}</label>
      <select id="region" class="wide"><option value="">${t("region.any")}</option></select>
      <p id="region-status" class="sub" role="status"></p>
    </form>
    <p id="results-heading" class="sub" aria-live="polite"></p>
    <ul id="results" class="results"></ul>
    <div id="browse" aria-busy="true"></div>`;
}

// The address of a committed search.
function searchHash(q: string, region: string): string {
  const p = new URLSearchParams({ q });
  if (region) p.set("region", region);
  return `#/search?${p}`;
}

// Draws the home page (no query) or the results of `q`; `committed` when the query came from the
// address (the reader pressed Enter or followed a link).
function drawSearch(q: string, params: URLSearchParams): void {
  const v = view;
  const committed = q !== "";
  const heading = committed ? tf("search.results_for", { q }) : t("search.title");
  render(shell(q, heading), v);
  const form = document.getElementById("search-form") as HTMLFormElement;
  const input = document.getElementById("q") as HTMLInputElement;
  const select = document.getElementById("region") as HTMLSelectElement;
  const list = document.getElementById("results") as HTMLElement;
  const countLine = document.getElementById("results-heading") as HTMLElement;
  const browse = document.getElementById("browse") as HTMLElement;
  let region = params.get("region") ?? storedRegion();
  let timer = 0;
  let latest = 0;
  let browseFor: string | null = null;

  const showBrowse = (show: boolean) => {
    if (!show) {
      browse.hidden = true;
      return;
    }
    browse.hidden = false;
    if (browseFor === region) return;
    browseFor = region;
    const mine = region;
    browse.setAttribute("aria-busy", "true");
    suggestions(region)
      .then((s) => {
        if (v === view && mine === region) setHtml(browse, s);
      })
      .catch(() => {
        if (v === view) setHtml(browse, nothing);
        browseFor = null;
      })
      .finally(() => browse.setAttribute("aria-busy", "false"));
  };

  const run = async (query: string, asResultsPage: boolean) => {
    const mine = ++latest;
    if (!query) {
      setHtml(list, nothing);
      countLine.textContent = "";
      showBrowse(true);
      return;
    }
    try {
      const { results, nm } = await search(query, region);
      if (mine !== latest || v !== view) return; // a newer query is on its way
      if (results.length) {
        // The close matches first; the long tail the ranking scores far below the best is
        // folded away rather than shown as if it were as relevant.
        const top = results[0].score ?? 0;
        const close = results.filter((x, i) => i === 0 || x.score === undefined || x.score >= top * kTail);
        const tail = results.slice(close.length);
        setHtml(
          list,
          html`${close.map((x) => resultItem(x, nm))}${
            tail.length
              ? html`<li class="tail"><details><summary>${tf("search.more", { n: tail.length })}</summary>
                  <ul class="results">${tail.map((x) => resultItem(x, nm))}</ul></details></li>`
              : ""
          }`,
        );
        countLine.textContent = tf("search.count", { n: close.length });
        showBrowse(!asResultsPage);
      } else {
        setHtml(list, html`<li class="none nothing-found"><strong>${tf("search.nothing", { q: query })}</strong><br>${t("search.try")}</li>`);
        countLine.textContent = "";
        showBrowse(true);
      }
    } catch {
      if (mine === latest && v === view) setHtml(list, html`<li class="none">${t("search.error")}</li>`);
    }
  };

  // As the reader types: results at once; on the results page the address follows the box
  // (replacing the entry, so Back still leads to where the reader came from).
  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      const query = input.value.trim();
      if (committed && query) history.replaceState(history.state, "", searchHash(query, params.has("region") ? region : ""));
      void run(query, committed);
    }, 150);
  });
  // Enter (or the button): the query goes into the address — a new entry for Back.
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    window.clearTimeout(timer);
    const query = input.value.trim();
    if (!query) return;
    const target = searchHash(query, params.has("region") ? region : "");
    if (location.hash === target) void run(query, true);
    else location.hash = target;
  });
  // The region: chosen once, remembered in this browser.
  select.addEventListener("change", () => {
    region = select.value;
    storeRegion(region);
    params.delete("region");
    const status = document.getElementById("region-status") as HTMLElement;
    const label = select.selectedOptions[0]?.textContent ?? region;
    status.textContent = region ? tf("region.saved", { region: label }) : t("region.cleared");
    if (committed) history.replaceState(history.state, "", searchHash(input.value.trim() || q, ""));
    browseFor = null;
    void run(input.value.trim(), committed);
  });
  regions()
    .then((all) => {
      if (v === view) setHtml(select, regionOptions(all, region));
    })
    .catch(() => undefined);

  void run(q, committed);
  if (committed) announce(heading, v);
  else {
    document.title = `${t("search.title")} · ${t("brand")}`;
    input.focus();
  }
}

export function homePage(): void {
  drawSearch("", new URLSearchParams());
}

export function searchPage(params: URLSearchParams): void {
  const q = (params.get("q") ?? "").trim();
  drawSearch(q, params);
}
