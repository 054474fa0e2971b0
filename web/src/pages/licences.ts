// My licences (电子证照, #/me/licences): each vc+jwt with a verify button and a QR code of the
// public verification page; and that page (#/verify[/{jwt}]), for anyone.
import { get } from "../api";
import { html } from "../html";
import { t } from "../i18n";
import { failure, main, render, view } from "../ui";
import { jwtPayload, licenceVerdict } from "../citizen";

export async function licencesPage(): Promise<void> {
  const v = view;
  try {
    const r = await get("/api/v1/me/credentials");
    const rows = (r.credentials ?? [])
      .map((c) => {
        const vc = jwtPayload(c.credential ?? "");
        return html`<li><strong>${vc.name}</strong> <span>${vc.issuer?.name ?? ""} · ${c.issued_on} · ${c.status}</span>
          <textarea class="jwt" readonly aria-label="vc+jwt">${c.credential}</textarea>
          <button type="button" class="check-licence">${t("lic.verify")}</button><span class="verdict" aria-live="polite"></span>
          <canvas class="qr" data-jwt="${c.credential}" role="img" aria-label="${t("lic.qr")}"></canvas></li>`;
      });
    render(html`<p><a href="#/me">← ${t("back")}</a></p><h1>${t("me.licences")}</h1>
      <ul class="uses">${rows.length ? rows : html`<li class="none">${t("me.none")}</li>`}</ul>`, v);
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
