// Applying (在线申请, #/apply/{code}): the form built from the item's definition, uploads,
// the shared values shown for the applicant to check, then the submission.
import type { Schema } from "../api";
import { get, post, token } from "../api";
import { html } from "../html";
import { currentLang, t } from "../i18n";
import { failure, main, render, view } from "../ui";
import { uploadMaterials } from "../citizen";

type Application = Schema<"Application">;

export async function applyPage(code: string): Promise<void> {
  const v = view;
  if (!token()) {
    render(html`<p>${t("apply.login")}: <a href="#/me">${t("me.login")}</a></p>`, v);
    return;
  }
  try {
    const form = await get("/api/v1/forms/{code}", { code });
    const fields = (form.fields ?? [])
      .map((f) => {
        const label = f.label?.[currentLang()] ?? f.name;
        if (f.type === "declarations")
          return html`<fieldset><legend>${label}</legend>${(f.items as string[])
            .map((c, i) => html`<label class="check"><input type="checkbox" name="decl" value="${i}" required /> ${c}</label>`)
            }</fieldset>`;
        const input =
          f.type === "textarea"
            ? html`<textarea id="f-${f.name}" name="${f.name}" maxlength="${f.max_length}"></textarea>`
            : html`<input id="f-${f.name}" name="${f.name}" type="${f.type}" ${f.required ? "required" : ""} ${
                f.pattern ? html`pattern="${f.pattern}"` : ""
              } ${f.max_length ? html`maxlength="${f.max_length}"` : ""} />`;
        return html`<label for="f-${f.name}">${label}${f.required ? " *" : ""}</label>${input}`;
      });
    // A life event's items may ask for the same material: it is asked for once (materials are
    // sent by name), with the most work it can take (an upload over a licence over shared data).
    const weight = (s: string | undefined) => (s === "upload" ? 3 : s === "licence" ? 2 : 1);
    const once = new Map<string, NonNullable<typeof form.materials>[number]>();
    for (const m of form.materials ?? []) {
      const seen = once.get(m.name ?? "");
      if (!seen) once.set(m.name ?? "", { ...m });
      else {
        seen.required ||= m.required;
        if (weight(m.source) > weight(seen.source)) seen.source = m.source;
      }
    }
    const materials = [...once.values()]
      .map((m, i) =>
        m.source === "upload"
          ? html`<label for="m-${i}">${m.name}${m.required ? " *" : ""}</label>
             <input id="m-${i}" type="file" data-name="${m.name}" accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" ${m.required ? "required" : ""} />`
          : html`<p>${m.name} <span class="tag tag-${m.source}">${t(`source.${m.source}`)}</span></p>`,
      );
    const back = form.life_event ? `#/life-events/${encodeURIComponent(code)}` : `#/items/${encodeURIComponent(code)}`;
    render(html`<p><a href="${back}">← ${form.name}</a></p><h1>${t("apply.title")}：${form.name}</h1>
      <form id="apply">${fields}<h2>${t("guide.materials")}</h2>${materials}
        <button type="submit">${t("apply.submit")}</button>
        <p id="apply-status" role="status"></p></form>`, v);
    document.getElementById("apply")?.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const status = document.getElementById("apply-status") as HTMLElement;
      try {
        status.textContent = t("apply.uploading");
        const uploads = await uploadMaterials("input[type=file]");
        const value = (name: string) => (main.querySelector(`[name="${name}"]`) as HTMLInputElement | null)?.value.trim();
        const filled: Application["form"] = {
          phone: value("phone") ?? "",
          declarations: Array.from(main.querySelectorAll<HTMLInputElement>("input[name=decl]"), (c) => c.checked),
        };
        for (const name of ["address", "email", "note"] as const) if (value(name)) filled[name] = value(name);
        const body: Application = { form: filled, materials: uploads, channel: "online" };
        if (form.life_event) body.life_event = code;
        else body.item = code;
        const r = await post("/api/v1/me/cases", {}, body);
        if (r.status !== "draft") {
          location.hash = `#/me/cases/${encodeURIComponent(r.no)}`;
          return;
        }
        // Shared materials: shown for the applicant to check before the case goes anywhere.
        const preview = (r.cases ?? [])
          .flatMap((c) => c.materials ?? [])
          .filter((m) => m.values)
          .map((m) => html`<h3>${m.name}</h3><dl class="facts">${Object.entries(m.values ?? {})
            .map(([k, val]) => html`<dt>${k}</dt><dd>${val}</dd>`)
            }</dl>`);
        render(html`<h1>${t("apply.title")}</h1><p>${t("apply.preview")}</p>${preview}
          <button id="confirm" type="button">${t("apply.confirm")}</button><p id="confirm-status" class="error" role="alert"></p>`, v);
        document.getElementById("confirm")?.addEventListener("click", async () => {
          try {
            await post("/api/v1/me/cases/{no}/submit", { no: r.no }, {});
            location.hash = `#/me/cases/${encodeURIComponent(r.no)}`;
          } catch (e) {
            (document.getElementById("confirm-status") as HTMLElement).textContent = `${t("error")}: ${(e as Error).message}`;
          }
        });
      } catch (e) {
        status.textContent = `${t("error")}: ${(e as Error).message}`;
        status.className = "error";
      }
    });
  } catch (e) {
    render(failure(e), v);
  }
}
