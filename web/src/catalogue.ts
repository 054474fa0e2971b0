// What the function network's pages (pages/network.ts, analyses.ts, graph.ts) share: names in
// the reader's language, a region's chain of ancestors, links to regions, departments, powers
// and items, breadcrumbs, and the legal basis of a power or item as a list.
import { get, getAll } from "./api";
import { currentLang, pick, t } from "./i18n";
import { html, joinHtml, type SafeHtml } from "./html";
import type { Schema } from "./api";
import type { ResolvedRef } from "./api-gaps";

type Region = Schema<"Region">;

// "第5条" / "art. 5".
export function article(n: unknown): string {
  return currentLang() === "zh" ? `第${n}条` : `art. ${n}`;
}

// A list in running text: "甲、乙" / "A, B"; and in a sentence: "甲；乙" / "A; B".
export function joined(parts: SafeHtml[]): SafeHtml {
  return joinHtml(parts, currentLang() === "zh" ? "、" : ", ");
}

export function listed(parts: string[]): string {
  return parts.join(currentLang() === "zh" ? "；" : "; ");
}

// Names in the reader's language. The analyses and the item records name organisations and
// regions in Chinese only; the directory has their English names too, so in English it is read
// once and the names are looked up there.
export interface Names {
  org(id: string, fallback: string | undefined): string;
  region(code: string, fallback: string | undefined): string;
}

export async function names(): Promise<Names> {
  if (currentLang() === "zh") return { org: (id, f) => f || id, region: (code, f) => f || code };
  const [orgs, regions] = await Promise.all([
    getAll("/api/v1/orgs", "organisations", { include_dissolved: "true" }, 500),
    get("/api/v1/regions").then((r) => r.regions ?? []),
  ]);
  const org = new Map(orgs.map((o) => [o.id as string, pick(o, "name")]));
  const region = new Map(regions.map((r) => [r.code as string, pick(r, "name")]));
  return { org: (id, f) => org.get(id) || f || id, region: (code, f) => region.get(code) || f || code };
}

export const enc = encodeURIComponent;
export const regionLink = (r: { code: string; name: string; name_en?: string }) => html`<a href="#/network/regions/${enc(r.code)}">${pick(r, "name")}</a>`;
export const orgLink = (id: string, name: string) => html`<a href="#/network/orgs/${enc(id)}">${name || id}</a>`;
export const powerLink = (p: { code: string; name: string }) => html`<a href="#/network/powers/${enc(p.code)}">${p.name}</a>`;
export const itemLink = (code: string, name: string) => html`<a href="#/items/${enc(code)}">${name || code}</a>`;
export const powerType = (type: string) => t(`ptype.${type}`);

// The region and its ancestors, the top first.
export async function regionChain(code: string): Promise<Region[]> {
  const chain: Region[] = [];
  for (let c: string | null | undefined = code; c && chain.length < 8; ) {
    const r: Region = await get("/api/v1/regions/{code}", { code: c });
    chain.unshift(r);
    c = r.parent;
  }
  return chain;
}

export function crumbs(parts: SafeHtml[]): SafeHtml {
  return html`<nav class="crumbs" aria-label="${t("net.crumbs")}"><a href="#/network">${t("net.title")}</a>${parts
    .map((p) => html` › ${p}`)
    }</nav>`;
}

export function basisList(basis: ResolvedRef[]): SafeHtml {
  if (!basis.length) return html`<p class="warn">⚠ ${t("net.no_basis")}</p>`;
  return html`<ul class="basis">${basis
    .map((b) => {
      const marks = [b.in_force === false ? t("net.not_in_force") : "", b.invented ? t("net.invented") : ""].filter(Boolean);
      return html`<li><strong>${pick(b, "law_title") || b.law}</strong> ${article(b.article)}${
        marks.length ? html` <span class="tag tag-upload">${marks.join(" · ")}</span>` : ""
      }${b.text ? html`<blockquote>${b.text}${b.text_kind === "summary" ? html` <span class="muted-inline">(${t("net.summary")})</span>` : ""}</blockquote>` : ""}</li>`;
    })
    }</ul>`;
}

// The short basis of a power, for lists: "《law》第n条; …".
export function basisShort(basis: ResolvedRef[]): SafeHtml {
  if (!basis.length) return html`<span class="warn">⚠ ${t("net.no_basis")}</span>`;
  return html`${listed(basis.map((b) => `${pick(b, "law_title") || b.law} ${article(b.article)}`))}`;
}
