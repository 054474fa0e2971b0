// My licences (电子证照, #/me/licences): each vc+jwt with a verify button and a QR code of the
// public verification page; and that page (#/verify[/{jwt}]), for anyone.
import { get } from "../api";
import { html, type SafeHtml } from "../html";
import { t } from "../i18n";
import { failure, main, render, view } from "../ui";
import { jwtPayload, licenceVerdict } from "../citizen";

export async function licencesPage(): Promise<void> {
  const v = view;
  try {
    const r = await get("/api/v1/me/credentials");
    // Grouped by holder: mine first, then each business I represent (its name from the
    // licence itself, else its credit code).
    const groups = new Map<string, { label: string; kind: string; rows: SafeHtml[] }>();
    for (const c of r.credentials ?? []) {
      const vc = jwtPayload(c.credential ?? "");
      const business = c.holder_kind === "business";
      const subject = vc.credentialSubject ?? {};
      const key = business ? `b:${subject.identifier ?? ""}` : "person";
      const label = business ? `${t("lic.holder_business")}${t("colon")}${subject.name || subject.identifier || ""}${subject.name && subject.identifier ? `（${subject.identifier}）` : ""}` : t("lic.holder_person");
      const group = groups.get(key) ?? { label, kind: business ? "business" : "person", rows: [] };
      groups.set(key, group);
      group.rows.push(html`<li data-holder="${business ? "business" : "person"}"><strong>${vc.name}</strong>
          <span class="tag ${business ? "tag-type" : "tag-licence"}">${business ? subject.name || subject.identifier || t("lic.holder_business") : t("lic.holder_person")}</span>
          <span>${vc.issuer?.name ?? ""} · ${c.issued_on} · ${c.status}</span>
          <textarea class="jwt" readonly aria-label="vc+jwt">${c.credential}</textarea>
          <button type="button" class="check-licence">${t("lic.verify")}</button><span class="verdict" aria-live="polite"></span>
          <canvas class="qr" data-jwt="${c.credential}" role="img" aria-label="${t("lic.qr")}"></canvas></li>`);
    }
    const ordered = [...groups.values()].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "person" ? -1 : 1));
    const sections = ordered.map(
      (g) => html`<section class="holder" data-holder="${g.kind}"><h2>${g.label}</h2><ul class="uses">${g.rows}</ul></section>`,
    );
    render(html`<p><a href="#/me">← ${t("back")}</a></p><h1>${t("me.licences")}</h1>
      ${sections.length ? sections : html`<ul class="uses"><li class="none">${t("me.none")}</li></ul>`}`, v);
    // A QR code of the public verification page with the licence in it, for a counter to scan.
    const QRCode = (await import("qrcode")).default;
    for (const canvas of Array.from(main.querySelectorAll<HTMLCanvasElement>("canvas.qr")))
      await QRCode.toCanvas(canvas, `${location.origin}/#/verify/${canvas.dataset.jwt}`, { errorCorrectionLevel: "L", width: 280 });
    main.querySelectorAll<HTMLButtonElement>("button.check-licence").forEach((b) =>
      b.addEventListener("click", async () => {
        const jwt = (b.previousElementSibling as HTMLTextAreaElement).value;
        (b.nextElementSibling as HTMLElement).textContent = await licenceVerdict(jwt);
      }),
    );
  } catch (e) {
    render(failure(e), v);
  }
}


export function verifyPage(given = ""): void {
  render(html`<h1>${t("verify.title")}</h1>
    <label for="jwt">${t("verify.paste")}</label><textarea id="jwt" class="jwt">${given}</textarea>
    <button id="check" type="button">${t("lic.verify")}</button><p id="verdict" class="verdict" role="status"></p>`);
  document.getElementById("check")?.addEventListener("click", async () => {
    const out = document.getElementById("verdict") as HTMLElement;
    try {
      out.textContent = await licenceVerdict((document.getElementById("jwt") as HTMLTextAreaElement).value);
    } catch (e) {
      out.textContent = `${t("error")}: ${(e as Error).message}`;
    }
  });
}
