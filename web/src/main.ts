// The web shell: the page's static text in the reader's language, the language switch, and
// the router (router.ts) drawing the page the address names. Phone-first; Chinese by default,
// English on the switch. Everything comes from the platform's own API.
import "./style.css";
import { currentLang, setLang, t } from "./i18n";
import { route } from "./router";

function translateStatic(): void {
  document.querySelectorAll<HTMLElement>("[data-i18n]").forEach((el) => {
    el.textContent = t(el.dataset.i18n as string);
  });
  // The switch names the other language in that language.
  const button = document.getElementById("lang") as HTMLButtonElement;
  button.textContent = currentLang() === "zh" ? "English" : "中文";
  button.lang = currentLang() === "zh" ? "en" : "zh-CN";
}

function show(): void {
  translateStatic();
  route();
}

document.getElementById("lang")?.addEventListener("click", () => {
  setLang(currentLang() === "zh" ? "en" : "zh");
  show();
});
window.addEventListener("hashchange", show);
setLang(currentLang());
show();
