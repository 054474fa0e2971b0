// A life event (一件事, #/life-events/{code}): the service items it bundles in their order, each
// with its department and leading to its guide; the materials of all of them combined, each
// asked for once; the conditions; the time limit; the legal bases of its items; and one
// application for all of it (the form of GET /api/v1/forms/{code} takes a life event too).
import { get, token } from "../api";
import type { LifeEventRecord, ResolvedRef, ServiceItem } from "../api-gaps";
import { html, type SafeHtml } from "../html";
import { currentLang, pick, t, tf } from "../i18n";
import { announce, failure, render, view } from "../ui";
import { article, enc, names } from "../catalogue";
import { audienceText, type Form, materialsByName, notOnlineNotice, planSentences, viaTag } from "../plans";

type Part = NonNullable<LifeEventRecord["item_details"]>[number];
export async function lifeEventPage(code: string): Promise<void> {
  const v = view;
  render(html`<p>${t("loading")}</p>`, v);
  try {
    const [le, form] = await Promise.all([get("/api/v1/life-events/{code}", { code }), get("/api/v1/forms/{code}", { code })]);
    const parts: Part[] = le.item_details ?? (le.items ?? []).map((c) => ({ code: c, name: c, org: "" }));
    // Each part's full record: its statutory limit and its legal basis.
    const [details, nm] = await Promise.all([
      Promise.all(parts.map((p) => get("/api/v1/items/{code}", { code: p.code }).catch((): ServiceItem | null => null))),
      names(),
    ]);
    // Signed in (and the life event is for individuals): each material worked out for the reader.
    const mine: Form | null =
      token() && form.online && (form.audience ?? []).includes("natural_person")
        ? await get("/api/v1/me/forms/{code}", { code }).catch(() => null)
        : null;
    const item = new Map(details.filter((d): d is ServiceItem => d !== null).map((d) => [d.code, d]));
    const partName = (c: string) => {
      const d = item.get(c);
      if (d) return pick(d, "name");
      const p = parts.find((x) => x.code === c);
      return p ? pick(p, "name") : c;
    };
    const orgName = (id: string, fallback?: string) => nm.org(id, fallback);
    const title = pick(le, "name");

    // The parts, in order.
    const partList = parts.map((p, i) => {
      const d = item.get(p.code);
      const limits = [
        p.promised_days != null ? tf("le.part_promised", { n: p.promised_days }) : "",
        d?.statutory_days != null ? tf("le.part_statutory", { n: d.statutory_days }) : "",
      ].filter(Boolean);
      return html`<li><span class="step-no" aria-hidden="true">${i + 1}</span>
        <a href="#/items/${enc(p.code)}"><strong>${partName(p.code)}</strong></a>
        ${p.status && p.status !== "active" ? html` <span class="tag tag-upload">${t("le.inactive")}</span>` : ""}
        <span class="sub">${orgName(p.org, p.org_name ?? d?.org_name)}${limits.length ? ` · ${limits.join(" · ")}` : ""}</span></li>`;
    });

    // Who handles which part: each department once, with its parts.
    const byOrg = new Map<string, { name: string; parts: string[] }>();
    for (const p of parts) {
      const o = byOrg.get(p.org) ?? { name: orgName(p.org, p.org_name), parts: [] };
      o.parts.push(p.code);
      byOrg.set(p.org, o);
    }
    const departments = [...byOrg.entries()].map(
      ([id, o]) => html`<li><a href="#/network/orgs/${enc(id)}">${o.name}</a>
        <span class="sub">${o.parts.map(partName).join(currentLang() === "zh" ? "、" : ", ")}</span></li>`,
    );

    // The materials, each asked for once.
    const materials = materialsByName((mine ?? form).materials ?? []).map(
      (m) => html`<li data-via="${m.via}">${m.name}${m.required ? "" : " ○"} ${viaTag(m.via)}
        <span class="sub">${t("le.for_parts")}${t("colon")}${m.items.map(partName).join(currentLang() === "zh" ? "、" : ", ")}</span>
        ${planSentences(m, partName)}</li>`,
    );

    // The conditions (the form's declarations: every part's, each once).
    const declarations = (form.fields ?? []).find((f) => f.type === "declarations")?.items ?? [];

    // The legal bases of the parts, each law and article once, with the parts citing it.
    const bases = new Map<string, { ref: ResolvedRef; items: string[] }>();
    for (const p of parts) {
      for (const b of item.get(p.code)?.basis ?? []) {
        const key = `${b.law}#${b.article}`;
        const seen = bases.get(key) ?? { ref: b, items: [] };
        if (!seen.items.includes(p.code)) seen.items.push(p.code);
        bases.set(key, seen);
      }
    }
    const basis = [...bases.values()].map(
      ({ ref, items }) => html`<li><strong>${pick(ref, "law_title") || ref.law}</strong> ${article(ref.article)}
        ${ref.text ? html`<blockquote>${ref.text}</blockquote>` : ""}
        <span class="sub">${t("le.basis_of")}${t("colon")}${items.map(partName).join(currentLang() === "zh" ? "、" : ", ")}</span></li>`,
    );

    // The time limit: the life event's promise, and the longest statutory limit of its parts
    // (the departments work in parallel).
    const statutory = Math.max(-1, ...[...item.values()].map((d) => d.statutory_days ?? -1));
    const limit: SafeHtml[] = [];
    if (le.promised_days != null) limit.push(html`<span>${tf("le.limit_promised", { n: le.promised_days })}</span>`);
    if (statutory >= 0) limit.push(html`<span class="sub">${tf("le.limit_parallel", { n: statutory })}</span>`);

    render(html`
      <nav class="crumbs" aria-label="${t("net.crumbs")}"><a href="#/">${t("nav.search")}</a> › ${t("le.crumb")} › <span aria-current="page">${title}</span></nav>
      <h1>${title}</h1>
      <p class="muted">${t("le.kind")} · ${le.code}</p>
      ${le.description ? html`<p>${le.description}</p>` : ""}
      <dl class="facts">
        <dt>${t("le.lead")}</dt><dd><a href="#/network/orgs/${enc(le.lead_org)}">${orgName(le.lead_org, le.lead_org_name)}</a></dd>
        <dt>${t("le.region")}</dt><dd>${nm.region(le.region, le.region_name)}</dd>
        <dt>${t("le.limit")}</dt><dd>${limit}</dd>
        <dt>${t("guide.audience")}</dt><dd class="audience">${audienceText(form.audience)}</dd>
        <dt>${t("guide.online")}</dt><dd class="online">${form.online ? t("guide.online_yes") : t("apply.not_online")}</dd>
        ${le.visits != null ? html`<dt>${t("le.visits")}</dt><dd>${le.visits}</dd>` : ""}
      </dl>
      ${form.online
        ? html`<p><a class="button" id="le-apply" href="#/apply/${enc(le.code)}">${t("le.apply")}</a></p>
            <p class="sub">${t("le.apply_note")}</p>`
        : notOnlineNotice(form, t("apply.instead_parts"))}
      <h2 id="h-parts">${t("le.parts")}</h2>
      <p class="sub">${t("le.parts_intro")}</p>
      <ol class="parts">${partList}</ol>
      <h2>${t("le.departments")}</h2>
      <ul class="departments">${departments}</ul>
      <h2 id="h-materials">${t("le.materials")}</h2>
      <p class="sub plans-for">${mine ? t("guide.plans_mine") : t("guide.plans_public")}</p>
      <ul class="materials">${materials}</ul>
      ${declarations.length ? html`<h2>${t("le.conditions")}</h2><ul class="conditions">${declarations.map((c) => html`<li>${c}</li>`)}</ul>` : ""}
      <h2>${t("le.basis")}</h2>
      ${basis.length ? html`<ul class="basis">${basis}</ul>` : html`<p class="warn">⚠ ${t("net.no_basis")}</p>`}`, v);
    announce(title, v);
  } catch (e) {
    render(failure(e), v);
  }
}
