// 我的 (#/me): the citizen's sign-in (in demo mode by identity number) and the menu of their
// own pages.
import { ApiError, post, setToken, token } from "../api";
import { html } from "../html";
import { t } from "../i18n";
import { render } from "../ui";

export function mePage(): void {
  if (!token()) {
    render(html`
      <h1>${t("me.login")}</h1>
      <p>${t("me.demo")}</p>
      <form id="login">
        <label for="cid">${t("me.id")}</label>
        <input id="cid" name="cid" type="text" inputmode="numeric" autocomplete="off" maxlength="18" required />
        <button type="submit">${t("me.login")}</button>
        <p id="login-error" class="error" role="alert"></p>
      </form>`);
    document.getElementById("login")?.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const id = (document.getElementById("cid") as HTMLInputElement).value.trim();
      try {
        const r = await post("/api/v1/auth/demo-login", {}, { citizen: id });
        setToken(r.token ?? null);
        mePage();
      } catch (e) {
        const el = document.getElementById("login-error") as HTMLElement;
        el.textContent = e instanceof ApiError && e.status === 404 ? t("me.nologin") : `${t("error")}: ${String((e as Error).message)}`;
      }
    });
    return;
  }
  render(html`
    <h1>${t("me.title")}</h1>
    <ul class="menu">
      <li><a href="#/me/cases">${t("me.cases")}</a></li>
      <li><a href="#/me/data-uses">${t("me.uses")}</a></li>
      <li><a href="#/me/licences">${t("me.licences")}</a></li>
      <li><a href="#/me/consents">${t("me.consents")}</a></li>
    </ul>
    <button id="logout" type="button">${t("me.logout")}</button>`);
  document.getElementById("logout")?.addEventListener("click", () => {
    setToken(null);
    mePage();
  });
}
