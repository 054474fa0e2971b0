// My consents (授权, #/me/consents): grant one to a department for chosen fields of a data
// resource, see how often each was used, revoke at once.
import { get, post } from "../api";
import { html, setHtml } from "../html";
import { pick, t } from "../i18n";
import { failure, main, nextView, render, view } from "../ui";

export async function consentsPage(): Promise<void> {
  const v = view;
  try {
    const [mine, orgs, resources] = await Promise.all([
      get("/api/v1/me/consents"),
      get("/api/v1/orgs", { limit: 200 }),
      get("/api/v1/data-resources", { limit: 100 }),
    ]);
    const rows = (mine.consents ?? [])
      .map((c) => html`<li><strong>${c.id}</strong> · ${c.resource} · ${(c.fields ?? []).join(", ")}
        <span>${c.purpose} · ${t("consent.until")} ${c.valid_until} · ${c.status} · ${t("consent.uses")} ${c.uses}</span>
        ${c.status === "active" ? html`<button type="button" class="revoke" data-id="${c.id}">${t("consent.revoke")}</button>` : ""}</li>`);
    const orgOptions = (orgs.organisations ?? [])
      .filter((o) => o.active)
      .map((o) => html`<option value="${o.id}">${pick(o, "name")}</option>`);
    const resOptions = (resources.data_resources ?? [])
      .filter((r) => r.subject === "person" && r.sharing !== "none")
      .map((r) => html`<option value="${r.id}">${r.name}</option>`);
    render(html`<p><a href="#/me">← ${t("back")}</a></p><h1>${t("me.consents")}</h1>
      <ul class="uses">${rows.length ? rows : html`<li class="none">${t("me.none")}</li>`}</ul>
      <h2>${t("consent.grant")}</h2>
      <form id="grant">
        <label for="c-recipient">${t("consent.recipient")}</label><select id="c-recipient" required>${orgOptions}</select>
        <label for="c-resource">${t("consent.resource")}</label><select id="c-resource" required>${resOptions}</select>
        <fieldset id="c-fields"><legend>${t("consent.fields")}</legend></fieldset>
        <label for="c-purpose">${t("consent.purpose")}</label><input id="c-purpose" type="text" maxlength="200" required />
        <label for="c-until">${t("consent.until")}</label><input id="c-until" type="date" required />
        <button type="submit">${t("consent.grant")}</button><p id="grant-status" role="status"></p>
      </form>`, v);
    if (v !== view) return;
    const resource = document.getElementById("c-resource") as HTMLSelectElement;
    const showFields = async () => {
      const r = await get("/api/v1/data-resources/{id}", { id: resource.value });
      const box = document.getElementById("c-fields") as HTMLElement;
      setHtml(box, html`<legend>${t("consent.fields")}</legend>${(r.fields ?? [])
        .map((f) => html`<label class="check"><input type="checkbox" name="field" value="${f.name}" /> ${f.label ?? f.name}</label>`)
        }`);
    };
    resource.addEventListener("change", () => void showFields().catch((e) => render(failure(e), v)));
    await showFields();
    // Redrawn after a change as a new view: a run of this page still waiting for an answer
    // must neither draw nor attach its handlers to the new page, and an answer that arrives
    // after the reader has left must not draw this page over the one they went to.
    if (v !== view) return;
    const refresh = () => {
      if (v !== view) return;
      nextView();
      void consentsPage();
    };
    document.getElementById("grant")?.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const value = (id: string) => (document.getElementById(id) as HTMLInputElement).value;
      try {
        await post("/api/v1/me/consents", {}, {
          recipient: value("c-recipient"),
          resource: value("c-resource"),
          fields: Array.from(main.querySelectorAll<HTMLInputElement>("input[name=field]:checked"), (c) => c.value),
          purpose: value("c-purpose").trim(),
          valid_until: value("c-until"),
        });
        refresh();
      } catch (e) {
        (document.getElementById("grant-status") as HTMLElement).textContent = `${t("error")}: ${(e as Error).message}`;
      }
    });
    main.querySelectorAll<HTMLButtonElement>("button.revoke").forEach((b) =>
      b.addEventListener("click", async () => {
        try {
          await post("/api/v1/me/consents/{id}/revoke", { id: b.dataset.id as string }, {});
          refresh();
        } catch (e) {
          render(failure(e), v);
        }
      }),
    );
  } catch (e) {
    render(failure(e), v);
  }
}
