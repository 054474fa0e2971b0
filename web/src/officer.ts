// What every officer page shares: the part of the address after "#" (a path and its query,
// so a filtered view can be linked), the officer's sign-in (demo: by officer id), and the
// workbench's own navigation.
import { ApiError, get, post, type Schema, setToken, token } from "./api";
import { t } from "./i18n";
import { html, type SafeHtml } from "./html";
import { decode, failure, render, view } from "./ui";

// The signed-in officer (GET /api/v1/me).
export type Officer = Schema<"Officer">;

// The part of the address after "#": its path and its query (filters).
export function hashParts(): { path: string; params: URLSearchParams } {
  const raw = location.hash.replace(/^#/, "");
  const at = raw.indexOf("?");
  const path = decode(at < 0 ? raw : raw.slice(0, at));
  return { path, params: new URLSearchParams(at < 0 ? "" : raw.slice(at + 1)) };
}

// Goes to `path` with `params`; when that is already the address, draws the page again.
export function navigate(path: string, params: URLSearchParams): void {
  const query = params.toString();
  const target = `#${path}${query ? `?${query}` : ""}`;
  if (location.hash === target) window.dispatchEvent(new HashChangeEvent("hashchange"));
  else location.hash = target;
}

// --- signing in ------------------------------------------------------------------------------

let signedIn: { token: string; officer: Officer } | null = null;

// The signed-in officer (GET /api/v1/me), or null when the token is a citizen's or none.
async function officer(): Promise<Officer | null> {
  const tk = token();
  if (!tk) return null;
  if (signedIn?.token === tk) return signedIn.officer;
  try {
    const me = await get("/api/v1/me");
    signedIn = { token: tk, officer: me };
    return me;
  } catch {
    return null;
  }
}

// Draws `page` for the signed-in officer, or the officer sign-in first.
export function asOfficer(page: (me: Officer, v: number) => Promise<void>): void {
  const v = view;
  render(html`<p>${t("loading")}</p>`, v);
  void (async () => {
    const me = await officer();
    if (v !== view) return;
    if (!me) return loginPage(() => asOfficer(page));
    try {
      await page(me, v);
    } catch (e) {
      render(failure(e), v);
    }
  })();
}

function loginPage(then: () => void): void {
  render(html`<h1>${t("work.title")}</h1>
    <p>${t("work.demo")}</p>
    <form id="wlogin"><label for="oid">${t("work.id")}</label>
    <input id="oid" type="text" autocomplete="username" required /><button type="submit">${t("me.login")}</button>
    <p id="wlogin-error" class="error" role="alert"></p></form>`);
  document.getElementById("wlogin")?.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    try {
      const r = await post("/api/v1/auth/demo-login", {}, { officer: (document.getElementById("oid") as HTMLInputElement).value.trim() });
      setToken(r.token ?? null);
      then();
    } catch (e) {
      (document.getElementById("wlogin-error") as HTMLElement).textContent =
        e instanceof ApiError && e.status === 404 ? t("me.nologin") : (e as Error).message;
    }
  });
}

// The workbench's own navigation: queue, rectifications, administration (admins), sign out.
export function workNav(me: Officer): SafeHtml {
  const admin = (me.roles as string[]).includes("admin");
  const officer = (me.roles as string[]).includes("officer");
  return html`<nav class="subnav" aria-label="${t("work.title")}">
    ${officer ? html`<a href="#/work">${t("work.queue")}</a>` : ""}
    <a href="#/work/rectifications">${t("rect.title")}</a>
    ${admin ? html`<a href="#/admin">${t("admin.title")}</a>` : ""}
    <span class="who">${me.name ?? me.id} (${me.id})</span>
    <button id="wlogout" type="button" class="link">${t("me.logout")}</button></nav>`;
}

export function wireWorkNav(): void {
  document.getElementById("wlogout")?.addEventListener("click", () => {
    setToken(null);
    signedIn = null;
    navigate("/work", new URLSearchParams());
  });
}

