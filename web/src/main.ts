// The web shell: a hash router over three public pages — 我要办 search with results as you
// type, the service guide, and the public log. Phone-first; Chinese by default, English on
// the switch. Everything comes from the platform's own API.
import "./style.css";
import { ApiError, get, post, setToken, token, upload } from "./api";
import { currentLang, pick, setLang, t } from "./i18n";
import { verifyEntry } from "./verify";

import { decode, esc, failure, type Json, main, nextView, render, view } from "./ui";
import { routeWorkbench } from "./workbench";
import { routeAdmin } from "./admin";
import { citizenRectification } from "./rectification";

function translateStatic(): void {
  document.querySelectorAll<HTMLElement>("[data-i18n]").forEach((el) => {
    el.textContent = t(el.dataset.i18n as string);
  });
  // The switch names the other language in that language.
  const button = document.getElementById("lang") as HTMLButtonElement;
  button.textContent = currentLang() === "zh" ? "English" : "中文";
  button.lang = currentLang() === "zh" ? "en" : "zh-CN";
}

// --- 我要办 ------------------------------------------------------------------------------

function searchPage(): void {
  render(`
    <h1>${esc(t("search.title"))}</h1>
    <label for="q">${esc(t("search.label"))}</label>
    <input id="q" type="search" autocomplete="off" placeholder="${esc(t("search.placeholder"))}" />
    <ul id="results" class="results" aria-live="polite"></ul>`);
  const input = document.getElementById("q") as HTMLInputElement;
  const list = document.getElementById("results") as HTMLElement;
  let timer = 0;
  let latest = 0;
  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(async () => {
      const q = input.value.trim();
      const mine = ++latest;
      if (!q) {
        list.innerHTML = "";
        return;
      }
      try {
        const r = await get<Json>(`/api/v1/search?q=${encodeURIComponent(q)}&limit=10`);
        if (mine !== latest) return; // a newer query is on its way
        const results: Json[] = r.results ?? [];
        list.innerHTML = results.length
          ? results
              .map(
                (x) => `<li><a href="#/items/${encodeURIComponent(x.code)}">
                  <strong>${esc(pick(x, "name"))}</strong>
                  <span>${esc(x.org_name ?? "")}</span></a></li>`,
              )
              .join("")
          : `<li class="none">${esc(t("search.none"))}</li>`;
      } catch (e) {
        if (mine === latest) list.innerHTML = `<li class="none">${esc(t("search.error"))}</li>`;
      }
    }, 150);
  });
  input.focus();
}

// --- the service guide (办事指南) -----------------------------------------------------------

async function guidePage(code: string): Promise<void> {
  const v = view;
  render(`<p>${esc(t("loading"))}</p>`, v);
  try {
    const [item, form, perf] = await Promise.all([
      get<Json>(`/api/v1/items/${encodeURIComponent(code)}`),
      get<Json>(`/api/v1/forms/${encodeURIComponent(code)}`),
      get<Json>(`/api/v1/performance?item=${encodeURIComponent(code)}`),
    ]);
    const org = await get<Json>(`/api/v1/orgs/${encodeURIComponent(item.org)}`).catch(() => ({ name: item.org }));
    const basis = (item.basis ?? [])
      .map(
        (b: Json) => `<li><strong>${esc(b.law_title ?? b.law)}</strong> ${esc(currentLang() === "zh" ? `第${b.article}条` : `art. ${b.article}`)}
          <blockquote>${esc(b.text ?? "")}</blockquote></li>`,
      )
      .join("");
    const materials = (form.materials ?? [])
      .map(
        (m: Json) => `<li>${esc(m.name)}${m.required ? "" : " ○"} <span class="tag tag-${esc(m.source)}">${esc(t(`source.${m.source}`))}</span></li>`,
      )
      .join("");
    const conditions = (item.conditions ?? []).map((c: string) => `<li>${esc(c)}</li>`).join("");
    const places = (item.places ?? [])
      .map((p: Json) => `<li><strong>${esc(p.name)}</strong><br>${esc(p.address)}<br>${esc(p.hours)}</li>`)
      .join("");
    const fees = (item.fees ?? []).length
      ? item.fees.map((f: Json) => `<li>${esc(f.name ?? "")} ${esc(f.amount_fen != null ? (f.amount_fen / 100).toFixed(2) + " 元" : "")}</li>`).join("")
      : `<li>${esc(t("guide.free"))}</li>`;
    const channels = (item.channels ?? []).map((c: string) => esc(t(`channel.${c}`))).join(" · ");
    const row: Json | undefined = (perf.by_item ?? [])[0];
    const ratings = row && row.ratings
      ? `${esc(row.ratings)} · ${esc(t("guide.avg"))} ${Number(row.avg_rating).toFixed(1)} / 5 · ${esc(row.cases)} ${esc(t("guide.cases"))}`
      : esc(t("guide.no_ratings"));
    render(`
      <p><a href="#/">← ${esc(t("back"))}</a></p>
      <h1>${esc(pick(item, "name"))}</h1>
      <p class="muted">${esc(item.code)}</p>
      <p><a class="button" href="#/apply/${encodeURIComponent(item.code)}">${esc(t("apply.start"))}</a></p>
      <dl class="facts">
        <dt>${esc(t("guide.org"))}</dt><dd>${esc(pick(org, "name"))}</dd>
        <dt>${esc(t("guide.limits"))}</dt>
        <dd>${esc(t("guide.statutory"))} ${esc(item.statutory_days)} · ${esc(t("guide.promised"))} ${esc(item.promised_days)} ${esc(t("guide.days"))}</dd>
        <dt>${esc(t("guide.visits"))}</dt><dd>${esc(item.visits)}</dd>
        <dt>${esc(t("guide.channels"))}</dt><dd>${channels}</dd>
        <dt>${esc(t("guide.ratings"))}</dt><dd>${ratings}</dd>
      </dl>
      <h2>${esc(t("guide.conditions"))}</h2><ul>${conditions}</ul>
      <h2>${esc(t("guide.materials"))}</h2><ul class="materials">${materials}</ul>
      <h2>${esc(t("guide.basis"))}</h2><ul class="basis">${basis}</ul>
      <h2>${esc(t("guide.fees"))}</h2><ul>${fees}</ul>
      <h2>${esc(t("guide.places"))}</h2><ul>${places}</ul>`, v);
  } catch (e) {
    render(failure(e), v);
  }
}

// --- the public log --------------------------------------------------------------------------

// The checkpoint, the log's growth and "verify any entry" (ledger.ts, loaded here only).
async function ledgerPage(): Promise<void> {
  const v = view;
  render(`<p>${esc(t("loading"))}</p>`, v);
  try {
    const { showLedger } = await import("./ledger");
    await showLedger();
  } catch (e) {
    render(failure(e), v);
  }
}

// --- the function network and its analyses (network.ts, loaded on first use) ----------------

async function networkPage(path: string): Promise<void> {
  const v = view;
  render(`<p>${esc(t("loading"))}</p>`, v);
  try {
    const { showNetwork } = await import("./network");
    await showNetwork(path);
  } catch (e) {
    render(failure(e), v);
  }
}

// --- the citizen's own pages -----------------------------------------------------------------

function mePage(): void {
  if (!token()) {
    render(`
      <h1>${esc(t("me.login"))}</h1>
      <p>${esc(t("me.demo"))}</p>
      <form id="login">
        <label for="cid">${esc(t("me.id"))}</label>
        <input id="cid" name="cid" type="text" inputmode="numeric" autocomplete="off" maxlength="18" required />
        <button type="submit">${esc(t("me.login"))}</button>
        <p id="login-error" class="error" role="alert"></p>
      </form>`);
    document.getElementById("login")?.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const id = (document.getElementById("cid") as HTMLInputElement).value.trim();
      try {
        const r = await post<{ token: string }>("/api/v1/auth/demo-login", { citizen: id });
        setToken(r.token);
        mePage();
      } catch (e) {
        const el = document.getElementById("login-error") as HTMLElement;
        el.textContent = e instanceof ApiError && e.status === 404 ? t("me.nologin") : `${t("error")}: ${String((e as Error).message)}`;
      }
    });
    return;
  }
  render(`
    <h1>${esc(t("me.title"))}</h1>
    <ul class="menu">
      <li><a href="#/me/cases">${esc(t("me.cases"))}</a></li>
      <li><a href="#/me/data-uses">${esc(t("me.uses"))}</a></li>
      <li><a href="#/me/licences">${esc(t("me.licences"))}</a></li>
      <li><a href="#/me/consents">${esc(t("me.consents"))}</a></li>
    </ul>
    <button id="logout" type="button">${esc(t("me.logout"))}</button>`);
  document.getElementById("logout")?.addEventListener("click", () => {
    setToken(null);
    mePage();
  });
}

// Uploads the file chosen in each matching input: [{name (the material), upload (its hash)}].
async function uploadMaterials(selector: string): Promise<Json[]> {
  const out: Json[] = [];
  for (const input of Array.from(main.querySelectorAll<HTMLInputElement>(selector))) {
    const file = input.files?.[0];
    if (file) out.push({ name: input.dataset.name, upload: await upload(file) });
  }
  return out;
}

function statusLabel(s: string): string {
  return t(`status.${s}`);
}

async function myCasesPage(): Promise<void> {
  const v = view;
  render(`<p>${esc(t("loading"))}</p>`, v);
  try {
    const r = await get<Json>("/api/v1/me/cases?limit=100");
    const rows = (r.cases as Json[])
      .map(
        (k) => `<li><a href="#/me/cases/${encodeURIComponent(k.no)}"><strong>${esc(k.no)}</strong>
          <span>${esc(statusLabel(k.status))}${k.stage ? " · " + esc(k.stage) : ""}${
            k.clock?.statutory?.due ? ` · ${esc(t("case.due"))} ${esc(k.clock.statutory.due)}` : ""
          }</span></a></li>`,
      )
      .join("");
    render(`<p><a href="#/me">← ${esc(t("back"))}</a></p><h1>${esc(t("me.cases"))}</h1>
      <ul class="results">${rows || `<li class="none">${esc(t("me.none"))}</li>`}</ul>`, v);
  } catch (e) {
    render(failure(e), v);
  }
}

async function myCasePage(no: string): Promise<void> {
  const v = view;
  // After a change, the page is drawn again as a new view — unless the reader has moved on.
  const again = () => {
    if (v !== view) return;
    nextView();
    void myCasePage(no);
  };
  render(`<p>${esc(t("loading"))}</p>`, v);
  try {
    const k = await get<Json>(`/api/v1/me/cases/${encodeURIComponent(no)}`);
    const steps = (k.timeline as Json[])
      .map(
        (s) => `<li><time>${esc(s.on)}</time> <strong>${esc(s.type)}</strong>${s.stage ? " · " + esc(s.stage) : ""}
          <button type="button" class="verify" data-index="${esc(s.index)}">${esc(t("uses.verify"))}</button>
          <span class="verdict" aria-live="polite"></span></li>`,
      )
      .join("");
    const materials = (k.materials as Json[])
      .map((m) => `<li>${esc(m.name)} <span class="tag tag-${esc(m.via === "shared" ? "shared" : m.via === "licence" ? "licence" : "upload")}">${esc(m.via)}</span></li>`)
      .join("");
    // 补正: the materials asked for, uploaded again.
    const requested = (k.materials as Json[]).filter((m) => m.requested);
    const supplement =
      k.status === "returned"
        ? `<h2>${esc(t("case.supplement"))}</h2><form id="resubmit">${requested
            .map((m, i) => `<label for="r-${i}">${esc(m.name)}</label><input id="r-${i}" type="file" data-name="${esc(m.name)}"
               accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" required />`)
            .join("")}<button type="submit">${esc(t("case.resubmit"))}</button><p id="resubmit-status" role="status"></p></form>`
        : "";
    // 好差评: once decided, once (and one follow-up after a rectification: rectification.ts).
    const rect = await citizenRectification(k, again);
    const canRate = (k.status === "closed" || k.status === "decided") && !k.life_event && ((k.ratings as Json[]).length === 0 || rect.followUp);
    const rated = (k.ratings as Json[]).map((r) => `<p>${esc(t(r.round === 2 ? "rect.followup" : "rate.title"))}: ${"★".repeat(r.level)}</p>`).join("");
    const rating = rated + (canRate
      ? `<h2>${esc(t(rect.followUp ? "rect.followup" : "rate.title"))}</h2><form id="rate"><fieldset><legend>${esc(t("rate.level"))}</legend>${[5, 4, 3, 2, 1]
          .map((l) => `<label class="check"><input type="radio" name="level" value="${l}" required /> ${"★".repeat(l)} ${esc(t(`rate.${l}`))}</label>`)
          .join("")}</fieldset><fieldset><legend>${esc(t("rate.indicators"))}</legend>${["guide", "process", "timeliness", "attitude", "integrity", "online"]
          .map((i) => `<label class="check"><input type="checkbox" name="indicator" value="${i}" /> ${esc(t(`ind.${i}`))}</label>`)
          .join("")}</fieldset><label for="rate-comment">${esc(t("rate.comment"))}</label><textarea id="rate-comment" maxlength="1000"></textarea>
          <button type="submit">${esc(t("rate.submit"))}</button><p id="rate-status" role="status"></p></form>`
      : "");
    render(`<p><a href="#/me/cases">← ${esc(t("back"))}</a></p>
      <h1>${esc(k.item_name ?? k.life_event ?? k.no)}</h1>
      <p class="muted">${esc(k.no)} · ${esc(statusLabel(k.status))} · ${esc(k.org_name ?? "")}</p>
      ${supplement}${rating}${rect.html}
      <h2>${esc(t("guide.materials"))}</h2><ul>${materials}</ul>
      <h2>${esc(t("case.timeline"))}</h2><ol class="timeline">${steps}</ol>`, v);
    if (v !== view) return;
    wireVerifyButtons();
    rect.wire();
    document.getElementById("resubmit")?.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      try {
        const uploads = await uploadMaterials("#resubmit input[type=file]");
        await post<Json>(`/api/v1/me/cases/${encodeURIComponent(no)}/resubmit`, { materials: uploads });
        again();
      } catch (e) {
        (document.getElementById("resubmit-status") as HTMLElement).textContent = `${t("error")}: ${(e as Error).message}`;
      }
    });
    document.getElementById("rate")?.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      try {
        const level = Number((main.querySelector("input[name=level]:checked") as HTMLInputElement).value);
        const indicators = Array.from(main.querySelectorAll<HTMLInputElement>("input[name=indicator]:checked"), (c) => c.value);
        const comment = (document.getElementById("rate-comment") as HTMLTextAreaElement).value.trim();
        await post<Json>(`/api/v1/me/cases/${encodeURIComponent(no)}/rating`, comment ? { level, indicators, comment } : { level, indicators });
        again();
      } catch (e) {
        (document.getElementById("rate-status") as HTMLElement).textContent = `${t("error")}: ${(e as Error).message}`;
      }
    });
  } catch (e) {
    render(failure(e), v);
  }
}

async function dataUsesPage(): Promise<void> {
  const v = view;
  render(`<p>${esc(t("loading"))}</p>`, v);
  try {
    const r = await get<Json>("/api/v1/me/data-uses?limit=100");
    const rows = (r.accesses as Json[])
      .map(
        (a) => `<li>
          <strong>${esc(a.org_name ?? a.org)}</strong> · ${esc(a.resource_name ?? a.resource)}
          <span>${esc(a.time.slice(0, 16).replace("T", " "))} · ${esc(t(`basis.${a.basis.kind}`))} ·
            ${esc(a.granted ? t("uses.granted") : t("uses.denied"))} · ${esc((a.fields ?? []).join(", "))}</span>
          <span>${esc(a.purpose ?? "")}</span>
          <button type="button" class="verify" data-index="${esc(a.index)}">${esc(t("uses.verify"))}</button>
          <span class="verdict" aria-live="polite"></span></li>`,
      )
      .join("");
    render(`<p><a href="#/me">← ${esc(t("back"))}</a></p><h1>${esc(t("me.uses"))}</h1>
      <p>${esc(t("uses.intro"))}</p><ul class="uses">${rows || `<li class="none">${esc(t("me.none"))}</li>`}</ul>`, v);
    wireVerifyButtons();
  } catch (e) {
    render(failure(e), v);
  }
}

// Each "verify" button checks its entry against the signed checkpoint, in this browser.
function wireVerifyButtons(): void {
  main.querySelectorAll<HTMLButtonElement>("button.verify").forEach((b) => {
    b.addEventListener("click", async () => {
      const verdict = b.nextElementSibling as HTMLElement;
      verdict.textContent = t("loading");
      try {
        const cp = await verifyEntry(Number(b.dataset.index));
        verdict.textContent = `✓ ${t("uses.verified")} ${cp.size}`;
        verdict.className = "verdict ok";
      } catch (e) {
        verdict.textContent = `✗ ${(e as Error).message}`;
        verdict.className = "verdict error";
      }
    });
  });
}

// --- applying (在线申请) -----------------------------------------------------------------------

async function applyPage(code: string): Promise<void> {
  const v = view;
  if (!token()) {
    render(`<p>${esc(t("apply.login"))}: <a href="#/me">${esc(t("me.login"))}</a></p>`, v);
    return;
  }
  try {
    const form = await get<Json>(`/api/v1/forms/${encodeURIComponent(code)}`);
    const fields = (form.fields as Json[])
      .map((f) => {
        const label = esc(f.label?.[currentLang()] ?? f.name);
        if (f.type === "declarations")
          return `<fieldset><legend>${label}</legend>${(f.items as string[])
            .map((c, i) => `<label class="check"><input type="checkbox" name="decl" value="${i}" required /> ${esc(c)}</label>`)
            .join("")}</fieldset>`;
        const input =
          f.type === "textarea"
            ? `<textarea id="f-${esc(f.name)}" name="${esc(f.name)}" maxlength="${esc(f.max_length)}"></textarea>`
            : `<input id="f-${esc(f.name)}" name="${esc(f.name)}" type="${esc(f.type)}" ${f.required ? "required" : ""} ${
                f.pattern ? `pattern="${esc(f.pattern)}"` : ""
              } ${f.max_length ? `maxlength="${esc(f.max_length)}"` : ""} />`;
        return `<label for="f-${esc(f.name)}">${label}${f.required ? " *" : ""}</label>${input}`;
      })
      .join("");
    const materials = (form.materials as Json[])
      .map((m, i) =>
        m.source === "upload"
          ? `<label for="m-${i}">${esc(m.name)}${m.required ? " *" : ""}</label>
             <input id="m-${i}" type="file" data-name="${esc(m.name)}" accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" ${m.required ? "required" : ""} />`
          : `<p>${esc(m.name)} <span class="tag tag-${esc(m.source)}">${esc(t(`source.${m.source}`))}</span></p>`,
      )
      .join("");
    render(`<h1>${esc(t("apply.title"))}：${esc(form.name)}</h1>
      <form id="apply">${fields}<h2>${esc(t("guide.materials"))}</h2>${materials}
        <button type="submit">${esc(t("apply.submit"))}</button>
        <p id="apply-status" role="status"></p></form>`, v);
    document.getElementById("apply")?.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const status = document.getElementById("apply-status") as HTMLElement;
      try {
        status.textContent = t("apply.uploading");
        const uploads = await uploadMaterials("input[type=file]");
        const value = (name: string) => (main.querySelector(`[name="${name}"]`) as HTMLInputElement | null)?.value.trim();
        const filled: Json = { phone: value("phone"), declarations: Array.from(main.querySelectorAll<HTMLInputElement>("input[name=decl]"), (c) => c.checked) };
        for (const name of ["address", "email", "note"]) if (value(name)) filled[name] = value(name);
        const body: Json = { form: filled, materials: uploads, channel: "online" };
        body[form.life_event ? "life_event" : "item"] = code;
        const r = await post<Json>("/api/v1/me/cases", body);
        if (r.status !== "draft") {
          location.hash = `#/me/cases/${encodeURIComponent(r.no)}`;
          return;
        }
        // Shared materials: shown for the applicant to check before the case goes anywhere.
        const preview = (r.cases as Json[])
          .flatMap((c) => c.materials as Json[])
          .filter((m) => m.values)
          .map((m) => `<h3>${esc(m.name)}</h3><dl class="facts">${Object.entries(m.values as Json)
            .map(([k, val]) => `<dt>${esc(k)}</dt><dd>${esc(val)}</dd>`)
            .join("")}</dl>`)
          .join("");
        render(`<h1>${esc(t("apply.title"))}</h1><p>${esc(t("apply.preview"))}</p>${preview}
          <button id="confirm" type="button">${esc(t("apply.confirm"))}</button><p id="confirm-status" class="error" role="alert"></p>`, v);
        document.getElementById("confirm")?.addEventListener("click", async () => {
          try {
            await post<Json>(`/api/v1/me/cases/${encodeURIComponent(r.no)}/submit`, {});
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

// --- licences (电子证照) ----------------------------------------------------------------------

function jwtPayload(jwt: string): Json {
  const part = jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
  const bytes = Uint8Array.from(atob(part), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

async function licencesPage(): Promise<void> {
  const v = view;
  try {
    const r = await get<Json>("/api/v1/me/credentials");
    const rows = (r.credentials as Json[])
      .map((c) => {
        const vc = jwtPayload(c.credential);
        return `<li><strong>${esc(vc.name)}</strong> <span>${esc(vc.issuer?.name ?? "")} · ${esc(c.issued_on)} · ${esc(c.status)}</span>
          <textarea class="jwt" readonly aria-label="vc+jwt">${esc(c.credential)}</textarea>
          <button type="button" class="check-licence">${esc(t("lic.verify"))}</button><span class="verdict" aria-live="polite"></span>
          <canvas class="qr" data-jwt="${esc(c.credential)}" role="img" aria-label="${esc(t("lic.qr"))}"></canvas></li>`;
      })
      .join("");
    render(`<p><a href="#/me">← ${esc(t("back"))}</a></p><h1>${esc(t("me.licences"))}</h1>
      <ul class="uses">${rows || `<li class="none">${esc(t("me.none"))}</li>`}</ul>`, v);
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

async function licenceVerdict(jwt: string): Promise<string> {
  const r = await post<Json>("/api/v1/credentials/verify", { credential: jwt.trim() });
  const status = r.status ? ` (${Object.entries(r.status as Json).map(([k, val]) => `${k}: ${val}`).join(", ")})` : "";
  return `${r.valid ? "✓ " + t("verify.valid") : "✗ " + t("verify.invalid")}${status}${r.problem ? " — " + r.problem : ""}`;
}

function verifyPage(given = ""): void {
  render(`<h1>${esc(t("verify.title"))}</h1>
    <label for="jwt">${esc(t("verify.paste"))}</label><textarea id="jwt" class="jwt">${esc(given)}</textarea>
    <button id="check" type="button">${esc(t("lic.verify"))}</button><p id="verdict" class="verdict" role="status"></p>`);
  document.getElementById("check")?.addEventListener("click", async () => {
    const out = document.getElementById("verdict") as HTMLElement;
    try {
      out.textContent = await licenceVerdict((document.getElementById("jwt") as HTMLTextAreaElement).value);
    } catch (e) {
      out.textContent = `${t("error")}: ${(e as Error).message}`;
    }
  });
}

// --- consents (授权) ---------------------------------------------------------------------------

async function consentsPage(): Promise<void> {
  const v = view;
  try {
    const [mine, orgs, resources] = await Promise.all([
      get<Json>("/api/v1/me/consents"),
      get<Json>("/api/v1/orgs?limit=200"),
      get<Json>("/api/v1/data-resources?limit=100"),
    ]);
    const rows = (mine.consents as Json[])
      .map((c) => `<li><strong>${esc(c.id)}</strong> · ${esc(c.resource)} · ${esc((c.fields ?? []).join(", "))}
        <span>${esc(c.purpose)} · ${esc(t("consent.until"))} ${esc(c.valid_until)} · ${esc(c.status)} · ${esc(t("consent.uses"))} ${esc(c.uses)}</span>
        ${c.status === "active" ? `<button type="button" class="revoke" data-id="${esc(c.id)}">${esc(t("consent.revoke"))}</button>` : ""}</li>`)
      .join("");
    const orgOptions = (orgs.organisations as Json[])
      .filter((o) => o.active)
      .map((o) => `<option value="${esc(o.id)}">${esc(pick(o, "name"))}</option>`)
      .join("");
    const resOptions = (resources.data_resources as Json[])
      .filter((r) => r.subject === "person" && r.sharing !== "none")
      .map((r) => `<option value="${esc(r.id)}">${esc(r.name)}</option>`)
      .join("");
    render(`<p><a href="#/me">← ${esc(t("back"))}</a></p><h1>${esc(t("me.consents"))}</h1>
      <ul class="uses">${rows || `<li class="none">${esc(t("me.none"))}</li>`}</ul>
      <h2>${esc(t("consent.grant"))}</h2>
      <form id="grant">
        <label for="c-recipient">${esc(t("consent.recipient"))}</label><select id="c-recipient" required>${orgOptions}</select>
        <label for="c-resource">${esc(t("consent.resource"))}</label><select id="c-resource" required>${resOptions}</select>
        <fieldset id="c-fields"><legend>${esc(t("consent.fields"))}</legend></fieldset>
        <label for="c-purpose">${esc(t("consent.purpose"))}</label><input id="c-purpose" type="text" maxlength="200" required />
        <label for="c-until">${esc(t("consent.until"))}</label><input id="c-until" type="date" required />
        <button type="submit">${esc(t("consent.grant"))}</button><p id="grant-status" role="status"></p>
      </form>`, v);
    if (v !== view) return;
    const resource = document.getElementById("c-resource") as HTMLSelectElement;
    const showFields = async () => {
      const r = await get<Json>(`/api/v1/data-resources/${encodeURIComponent(resource.value)}`);
      const box = document.getElementById("c-fields") as HTMLElement;
      box.innerHTML = `<legend>${esc(t("consent.fields"))}</legend>${(r.fields as Json[])
        .map((f) => `<label class="check"><input type="checkbox" name="field" value="${esc(f.name)}" /> ${esc(f.label ?? f.name)}</label>`)
        .join("")}`;
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
        await post<Json>("/api/v1/me/consents", {
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
          await post<Json>(`/api/v1/me/consents/${encodeURIComponent(b.dataset.id as string)}/revoke`, {});
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

// --- the performance dashboard ---------------------------------------------------------------

async function dashboardPage(): Promise<void> {
  const v = view;
  render(`<h1>${esc(t("dash.title"))}</h1><p>${esc(t("dash.intro"))}</p><div id="dash">${esc(t("loading"))}</div>`, v);
  try {
    // Loaded only here: the charts library is the largest part of the UI.
    const { drawDashboard } = await import("./dashboard");
    if (v === view) await drawDashboard(document.getElementById("dash") as HTMLElement);
  } catch (e) {
    render(failure(e), v);
  }
}

// --- routing -----------------------------------------------------------------------------

function route(): void {
  nextView();
  translateStatic();
  if (routeWorkbench() || routeAdmin()) return; // the officers' pages: workbench.ts, admin.ts
  const hash = decode(location.hash.replace(/^#/, "")) || "/";
  const item = hash.match(/^\/items\/([^/]+)$/);
  const kase = hash.match(/^\/me\/cases\/([^/]+)$/);
  const applyTo = hash.match(/^\/apply\/([^/]+)$/);
  if (item) void guidePage(item[1]);
  else if (hash === "/ledger") void ledgerPage();
  else if (hash === "/network" || hash.startsWith("/network/")) void networkPage(hash);
  else if (hash === "/me") mePage();
  else if (hash === "/me/cases") void myCasesPage();
  else if (kase) void myCasePage(kase[1]);
  else if (hash === "/me/data-uses") void dataUsesPage();
  else if (hash === "/me/licences") void licencesPage();
  else if (hash === "/me/consents") void consentsPage();
  else if (hash === "/verify") verifyPage();
  else if (hash.startsWith("/verify/")) verifyPage(hash.slice("/verify/".length));
  else if (hash === "/performance") void dashboardPage();
  else if (applyTo) void applyPage(applyTo[1]);
  else searchPage();
}

document.getElementById("lang")?.addEventListener("click", () => {
  setLang(currentLang() === "zh" ? "en" : "zh");
  route();
});
window.addEventListener("hashchange", route);
setLang(currentLang());
route();
