// Applying (在线申请, #/apply/{code}): the form built from the item's or life event's definition,
// each material resolved for the signed-in applicant — as themselves or for a business they
// represent (GET /api/v1/me/forms/{code}?business=) — by the rule the submission itself uses:
// fetched from a department, a licence already held, or an upload (one control per material
// name that needs one). Then the uploads, the shared values shown for the applicant to check,
// and the submission. An item that takes no applications online says why instead.
import type { Schema } from "../api";
import { ApiError, get, post, token } from "../api";
import { html, nothing, type SafeHtml, setHtml } from "../html";
import { currentLang, pick, t, tf } from "../i18n";
import { announce, clearErrors, failure, field, main, render, showErrors, showProblem, view } from "../ui";
import { uploadMaterials } from "../citizen";
import { type Form, materialsByName, notOnlineNotice, planSentences, viaTag } from "../plans";

type Application = Schema<"Application">;
type Applicant = { kind: "person" } | { kind: "business"; id: string };

const kCreditCode = /^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
const kAccept = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png";

// The materials as the applicant will meet them: each name once, its plan sentences, and a file
// input for every one that needs an upload. `live` is false for the general plans shown before
// the applicant is known (no upload controls then).
function materialsHtml(form: Form, partName: (code: string) => string, live: boolean): SafeHtml {
  const named = materialsByName(form.materials ?? []);
  const rows = named.map((m, i) => {
    const head = html`<strong>${m.name}</strong>${m.required ? " *" : ""} ${viaTag(m.via)}`;
    return html`<div class="material" data-name="${m.name}" data-via="${m.via}">
      ${live && m.upload ? html`<label for="m-${i}">${head}</label>` : html`<p class="m-name">${head}</p>`}
      ${planSentences(m, form.life_event ? partName : undefined)}
      ${live && m.upload
        ? html`<input id="m-${i}" type="file" data-name="${m.name}" accept="${kAccept}" ${m.required ? "required" : ""} />`
        : nothing}</div>`;
  });
  const none = live && !named.some((m) => m.upload) ? html`<p class="sub">${t("apply.upload_none")}</p>` : nothing;
  return html`${rows}${none}`;
}

function title(form: Form): string {
  return form.name ?? form.code;
}

export async function applyPage(code: string): Promise<void> {
  const v = view;
  render(html`<p>${t("loading")}</p>`, v);
  const guideHref = `#/items/${encodeURIComponent(code)}`;
  try {
    if (!token()) {
      // Before sign-in: what applying will ask, in general, and the sign-in.
      const form = await get("/api/v1/forms/{code}", { code });
      const back = form.life_event ? `#/life-events/${encodeURIComponent(code)}` : guideHref;
      render(html`<p><a href="${back}">← ${title(form)}</a></p><h1>${t("apply.title")}：${title(form)}</h1>
        ${form.online
          ? html`<p>${t("apply.login")}: <a href="#/me">${t("me.login")}</a></p>
              <h2>${t("guide.materials")}</h2><p class="sub">${t("apply.public_plans")}</p>
              <div id="materials">${materialsHtml(form, (c) => c, false)}</div>`
          : notOnlineNotice(form, html`${t(form.life_event ? "apply.instead_parts" : "apply.instead")} <a href="${back}">${t(form.life_event ? "apply.instead_le" : "apply.instead_link")}</a>`)}`, v);
      announce(title(form), v);
      return;
    }
    // Resolved for the applicant as themselves first: the form says who may apply and whether
    // it can be done online at all.
    const [mine, general] = await Promise.all([
      get("/api/v1/me/forms/{code}", { code }),
      get("/api/v1/forms/{code}", { code }),
    ]);
    const back = mine.life_event ? `#/life-events/${encodeURIComponent(code)}` : guideHref;
    const instead = html`${t(mine.life_event ? "apply.instead_parts" : "apply.instead")} <a href="${back}">${t(mine.life_event ? "apply.instead_le" : "apply.instead_link")}</a>`;
    const heading = html`<p><a href="${back}">← ${title(mine)}</a></p><h1>${t("apply.title")}：${title(mine)}</h1>`;
    if (!mine.online) {
      render(html`${heading}${notOnlineNotice(mine, instead)}`, v);
      announce(title(mine), v);
      return;
    }
    // A life event's parts by name, for the plans that differ between parts.
    const names = new Map<string, string>();
    if (mine.life_event) {
      const le = await get("/api/v1/life-events/{code}", { code }).catch(() => null);
      for (const p of le?.item_details ?? []) names.set(p.code, pick(p, "name"));
    }
    const partName = (c: string) => names.get(c) ?? c;

    const audience = mine.audience ?? [];
    const forPerson = audience.includes("natural_person");
    const forBusiness = audience.includes("legal_person");
    const credit = field(
      "credit",
      "business",
      t("apply.credit_code"),
      html`<input id="credit" name="business" autocomplete="off" maxlength="18" spellcheck="false" />`,
      t("apply.credit_hint"),
    );
    const creditBlock = html`<div id="credit-block" ${forPerson ? "hidden" : ""}>${credit}
      <button type="button" id="credit-check" class="secondary">${t("apply.credit_check")}</button></div>`;
    const chooser = forPerson && forBusiness
      ? html`<fieldset id="applicant" class="applicant"><legend>${t("apply.as")}</legend>
          <label class="check"><input type="radio" name="as" value="person" checked /> ${t("apply.as_person")}</label>
          <label class="check"><input type="radio" name="as" value="business" /> ${t("apply.as_business")}</label>
          ${creditBlock}</fieldset>`
      : forBusiness
        ? html`<fieldset id="applicant" class="applicant"><legend>${t("apply.as")}</legend>
            <p class="only">${t("apply.only_business")}</p>${creditBlock}</fieldset>`
        : html`<div id="applicant" class="applicant"><p class="only"><strong>${t("apply.as")}${t("colon")}</strong>${t("apply.only_person")}</p></div>`;

    const fields = (mine.fields ?? []).map((f) => {
      const label = (f.label as { zh?: string; en?: string } | undefined)?.[currentLang()] ?? f.name;
      if (f.type === "declarations")
        return html`<fieldset><legend>${label}</legend>${(f.items ?? []).map(
          (c, i) => html`<label class="check"><input type="checkbox" name="decl" value="${i}" required /> ${c}</label>`,
        )}</fieldset>`;
      const input =
        f.type === "textarea"
          ? html`<textarea id="f-${f.name}" name="${f.name}" maxlength="${f.max_length}"></textarea>`
          : html`<input id="f-${f.name}" name="${f.name}" type="${f.type}" ${f.required ? "required" : ""} ${
              f.pattern ? html`pattern="${f.pattern}"` : ""
            } ${f.max_length ? html`maxlength="${f.max_length}"` : ""} />`;
      return html`<label for="f-${f.name}">${label}${f.required ? " *" : ""}</label>${input}`;
    });

    render(html`${heading}
      <form id="apply">${chooser}${fields}
        <h2 id="h-materials">${t("guide.materials")}</h2>
        <p id="plan-for" class="sub" role="status"></p>
        <div id="materials"></div>
        <p class="form-error" aria-live="assertive" tabindex="-1"></p>
        <button type="submit" id="apply-submit">${t("apply.submit")}</button>
        <p id="apply-status" role="status"></p></form>`, v);
    announce(title(mine), v);

    const formEl = document.getElementById("apply") as HTMLFormElement;
    const box = document.getElementById("materials") as HTMLElement;
    const planFor = document.getElementById("plan-for") as HTMLElement;
    const submit = document.getElementById("apply-submit") as HTMLButtonElement;
    const creditInput = document.getElementById("credit") as HTMLInputElement | null;
    // The applicant the materials on the page were worked out for (null: not yet known).
    let applicant: Applicant | null = null;
    let asked = 0;

    // Draws the materials again, keeping any file already chosen for a name still uploaded.
    const show = (form: Form, who: Applicant | null) => {
      const chosen = new Map<string, FileList>();
      box.querySelectorAll<HTMLInputElement>("input[type=file]").forEach((i) => {
        if (i.files?.length) chosen.set(i.dataset.name ?? "", i.files);
      });
      if (v !== view) return;
      applicant = who;
      submit.disabled = who === null;
      planFor.textContent =
        who === null ? t("apply.need_business") : who.kind === "business" ? tf("apply.plan_for_business", { id: who.id }) : t("apply.plan_for_person");
      setHtml(box, materialsHtml(form, partName, who !== null));
      box.querySelectorAll<HTMLInputElement>("input[type=file]").forEach((i) => {
        const files = chosen.get(i.dataset.name ?? "");
        if (files) i.files = files;
      });
    };

    // Works the materials out for a business the applicant represents; a malformed code is
    // stopped here, the server's refusal (not its legal representative) shown on the field.
    const resolveBusiness = async () => {
      const id = (creditInput?.value ?? "").trim().toUpperCase();
      if (creditInput) creditInput.value = id;
      if (!kCreditCode.test(id)) {
        show(general, null);
        showErrors(formEl, [{ field: "business", message: t("apply.credit_bad") }]);
        return;
      }
      const n = ++asked;
      planFor.textContent = t("apply.resolving");
      submit.disabled = true;
      try {
        const form = await get("/api/v1/me/forms/{code}", { code, business: id });
        if (n !== asked) return;
        clearErrors(formEl);
        show(form, { kind: "business", id });
      } catch (e) {
        if (n !== asked) return;
        show(general, null);
        if (e instanceof ApiError && !e.errors.length) showErrors(formEl, [{ field: "business", message: e.message }]);
        else showProblem(formEl, e);
      }
    };

    const kind = () => main.querySelector<HTMLInputElement>("input[name=as]:checked")?.value ?? (forPerson ? "person" : "business");
    main.querySelectorAll<HTMLInputElement>("input[name=as]").forEach((r) =>
      r.addEventListener("change", () => {
        const business = kind() === "business";
        (document.getElementById("credit-block") as HTMLElement).hidden = !business;
        clearErrors(formEl);
        if (!business) {
          asked++;
          show(mine, { kind: "person" });
        } else if (creditInput?.value.trim()) void resolveBusiness();
        else {
          show(general, null);
          creditInput?.focus();
        }
      }),
    );
    document.getElementById("credit-check")?.addEventListener("click", () => void resolveBusiness());
    creditInput?.addEventListener("change", () => void resolveBusiness());
    creditInput?.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        e.preventDefault();
        void resolveBusiness();
      }
    });
    show(forPerson ? mine : general, forPerson ? { kind: "person" } : null);

    formEl.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const status = document.getElementById("apply-status") as HTMLElement;
      status.className = "";
      const who = applicant;
      if (who === null) {
        showErrors(formEl, [{ field: "business", message: t("apply.need_business") }]);
        return;
      }
      try {
        status.textContent = t("apply.uploading");
        const uploads = await uploadMaterials("#materials input[type=file]");
        const value = (name: string) => (main.querySelector(`[name="${name}"]`) as HTMLInputElement | null)?.value.trim();
        const filled: Application["form"] = {
          phone: value("phone") ?? "",
          declarations: Array.from(main.querySelectorAll<HTMLInputElement>("input[name=decl]"), (c) => c.checked),
        };
        for (const name of ["address", "email", "note"] as const) if (value(name)) filled[name] = value(name);
        const body: Application = { form: filled, materials: uploads, channel: "online" };
        if (who.kind === "business") body.applicant = { kind: "business", id: who.id };
        if (mine.life_event) body.life_event = code;
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
          .map((m) => html`<h3>${m.name}</h3><dl class="facts">${Object.entries(m.values ?? {}).map(
            ([k, val]) => html`<dt>${k}</dt><dd>${val}</dd>`,
          )}</dl>`);
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
        status.textContent = "";
        showProblem(formEl, e);
      }
    });
  } catch (e) {
    render(failure(e), v);
  }
}
