// Who used my data (数据使用记录, #/me/data-uses): each access, granted or refused, with a
// button that verifies its log entry in this browser.
import { get } from "../api";
import { html } from "../html";
import { t } from "../i18n";
import { failure, render, view } from "../ui";
import { wireVerifyButtons } from "../citizen";

export async function dataUsesPage(): Promise<void> {
  const v = view;
  render(html`<p>${t("loading")}</p>`, v);
  try {
    const r = await get("/api/v1/me/data-uses", { limit: 100 });
    const rows = (r.accesses ?? [])
      .map(
        (a) => html`<li>
          <strong>${a.org_name ?? a.org}</strong> · ${a.resource_name ?? a.resource}
          <span>${a.time.slice(0, 16).replace("T", " ")} · ${t(`basis.${a.basis.kind}`)} ·
            ${a.granted ? t("uses.granted") : t("uses.denied")} · ${(a.fields ?? []).join(", ")}</span>
          <span>${a.purpose ?? ""}</span>
          <button type="button" class="verify" data-index="${a.index}">${t("uses.verify")}</button>
          <span class="verdict" aria-live="polite"></span></li>`,
      );
    render(html`<p><a href="#/me">← ${t("back")}</a></p><h1>${t("me.uses")}</h1>
      <p>${t("uses.intro")}</p><ul class="uses">${rows.length ? rows : html`<li class="none">${t("me.none")}</li>`}</ul>`, v);
    wireVerifyButtons();
  } catch (e) {
    render(failure(e), v);
  }
}
