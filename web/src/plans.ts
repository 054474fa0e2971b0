// Where each material of an application will come from (GET /api/v1/forms/{code} for anyone,
// GET /api/v1/me/forms/{code} for the signed-in applicant): what the guide, the life event's
// page and the apply form share. A material is asked for once by name (materials are uploaded
// by name, and one upload serves every part that cannot fetch it); each part's plan for it is
// said in the server's own words.
import type { Answer } from "./api";
import { html, type SafeHtml } from "./html";
import { currentLang, t } from "./i18n";

export type Form = Answer<"/api/v1/forms/{code}">;
export type FormMaterial = NonNullable<Form["materials"]>[number];
export type Via = "shared" | "licence" | "upload";

// One material name: whether any part needs it uploaded, and each distinct plan sentence with
// the parts it is for.
export interface NamedMaterial {
  name: string;
  required: boolean;
  upload: boolean;
  via: Via; // "upload" if any part needs an upload, else the first part's
  plans: { via: Via; text: string; items: string[] }[];
  items: string[];
}

function planVia(m: FormMaterial): Via {
  return m.plan?.via ?? m.source ?? "upload";
}

function planText(m: FormMaterial): string {
  const p = m.plan;
  if (!p) return t(`source.${m.source ?? "upload"}`);
  return currentLang() === "zh" ? p.zh : p.en;
}

export function materialsByName(materials: readonly FormMaterial[]): NamedMaterial[] {
  const byName = new Map<string, NamedMaterial>();
  for (const m of materials) {
    const name = m.name ?? "";
    if (!name) continue;
    const via = planVia(m);
    const text = planText(m);
    let seen = byName.get(name);
    if (!seen) {
      seen = { name, required: false, upload: false, via, plans: [], items: [] };
      byName.set(name, seen);
    }
    seen.required ||= m.required !== false;
    if (via === "upload") {
      seen.upload = true;
      seen.via = "upload";
    }
    if (m.item && !seen.items.includes(m.item)) seen.items.push(m.item);
    const plan = seen.plans.find((p) => p.via === via && p.text === text);
    if (plan) {
      if (m.item && !plan.items.includes(m.item)) plan.items.push(m.item);
    } else seen.plans.push({ via, text, items: m.item ? [m.item] : [] });
  }
  return [...byName.values()];
}

// The short tag: 需上传 / 部门共享，免提交 / 已有证照，免提交.
export function viaTag(via: Via): SafeHtml {
  return html`<span class="tag tag-${via}">${t(`source.${via}`)}</span>`;
}

// The plan sentences of one material; with several parts, each sentence names the parts it is
// for (partName gives a part's name).
export function planSentences(m: NamedMaterial, partName?: (code: string) => string): SafeHtml {
  const sep = currentLang() === "zh" ? "、" : ", ";
  const showParts = partName && (m.plans.length > 1 || m.items.length > 1);
  return html`<ul class="plan">${m.plans.map(
    (p) => html`<li class="plan-${p.via}" data-via="${p.via}">${p.text}${
      showParts && p.items.length ? html`<span class="sub">${t("le.for_parts")}${t("colon")}${p.items.map(partName).join(sep)}</span>` : ""
    }</li>`,
  )}</ul>`;
}

// Who may apply, in words: 个人 / 企业（法人）.
export function audienceText(audience: readonly string[] | undefined): string {
  const words = (audience ?? []).map((a) => t(`audience.${a}`));
  return words.join(currentLang() === "zh" ? "、" : ", ");
}

// Why the application cannot be made online, and what to do instead.
export function notOnlineNotice(form: Form, instead: SafeHtml | string): SafeHtml {
  const why = form.not_online ? (currentLang() === "zh" ? form.not_online.zh : form.not_online.en) : "";
  return html`<div class="not-online" role="note"><p class="warn">⚠ ${t("apply.not_online")}</p>
    <p class="why">${why ?? ""}</p>
    <p class="instead">${instead}</p></div>`;
}
