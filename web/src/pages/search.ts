// 我要办: one search box, results as the reader types (GET /api/v1/search).
import { get } from "../api";
import { html, nothing, setHtml } from "../html";
import { pick, t } from "../i18n";
import { render } from "../ui";

export function searchPage(): void {
  render(html`
    <h1>${t("search.title")}</h1>
    <label for="q">${t("search.label")}</label>
    <input id="q" type="search" autocomplete="off" placeholder="${t("search.placeholder")}" />
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
        setHtml(list, nothing);
        return;
      }
      try {
        const r = await get("/api/v1/search", { q, limit: 10 });
        if (mine !== latest) return; // a newer query is on its way
        const results = r.results ?? [];
        setHtml(
          list,
          results.length
            ? html`${results.map(
                (x) => html`<li><a href="#/items/${encodeURIComponent(x.code ?? "")}">
                  <strong>${pick(x, "name")}</strong>
                  <span>${x.org_name ?? ""}</span></a></li>`,
              )}`
            : html`<li class="none">${t("search.none")}</li>`,
        );
      } catch (e) {
        if (mine === latest) setHtml(list, html`<li class="none">${t("search.error")}</li>`);
      }
    }, 150);
  });
  input.focus();
}
