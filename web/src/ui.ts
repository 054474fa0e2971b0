// What the pages share: the main element, drawing a page only while it is still the page
// being shown, how a failure reads, and forms that show each error next to its field. Markup
// is built with the `html` tag (html.ts), which escapes every value it is given.
import { ApiError, type FieldError } from "./api";
import { html, type SafeHtml, setHtml, trustedHtml } from "./html";
import type { Deadline } from "./api-gaps";
import { t } from "./i18n";



export const main = document.getElementById("main") as HTMLElement;

// decodeURIComponent, but a malformed address ("#/items/%") is read as it is instead of throwing.
export function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

// Each navigation is a new view; an async page that finishes after the reader has moved on
// must not draw over the newer page.
export let view = 0;

export function nextView(): number {
  return ++view;
}

export function render(page: SafeHtml, of: number = view): void {
  if (of === view) setHtml(main, page);
}

// After a page is drawn: the document's title names it, and the focus moves to its heading (so a
// screen reader announces the new page; the heading is made focusable for that).
export function announce(title: string, of: number = view): void {
  if (of !== view) return;
  document.title = `${title} · ${t("brand")}`;
  const h1 = main.querySelector<HTMLElement>("h1");
  if (!h1) return;
  h1.tabIndex = -1;
  h1.focus({ preventScroll: false });
}

export function failure(e: unknown): SafeHtml {
  const detail = e instanceof ApiError ? e.message : String(e);
  return html`<p class="error" role="alert">${t("error")}: ${detail}</p>`;
}

// --- forms with errors next to their fields ---------------------------------------------------
//
// A field is a wrapper `.field[data-field=<name>]` holding the label, the control(s) and a
// `.field-error` slot the controls point at with aria-describedby. Errors name a field by a
// JSON pointer ("/roles/0") or a plain name; the first segment picks the wrapper. Errors that
// name no field on the form go to the form's `.form-error` slot.

// One labelled field; `control` is the input's markup and must carry id=`id`. The label and
// the hint are text.
export function field(id: string, name: string, label: string, control: SafeHtml, hint = ""): SafeHtml {
  const described = `${id}-error${hint ? ` ${id}-hint` : ""}`;
  // The control's first tag gains aria-describedby; the control is already safe markup and the
  // attribute is built from escaped text, so the result is too.
  const describedControl = trustedHtml(control.text.replace(/^\s*<(\w+)/, html`<$1 aria-describedby="${described}"`.text));
  return html`<div class="field" data-field="${name}">
    <label for="${id}">${label}</label>
    ${hint ? html`<p id="${id}-hint" class="hint">${hint}</p>` : ""}
    ${describedControl}
    <p id="${id}-error" class="field-error"></p></div>`;
}

// A group of checkboxes or radios as one field; the legend is text.
export function fieldset(id: string, name: string, legend: string, boxes: SafeHtml | SafeHtml[]): SafeHtml {
  return html`<fieldset class="field" data-field="${name}" id="${id}" aria-describedby="${id}-error">
    <legend>${legend}</legend>${boxes}<p id="${id}-error" class="field-error"></p></fieldset>`;
}

export function clearErrors(form: HTMLElement): void {
  form.querySelectorAll<HTMLElement>(".field-error, .form-error").forEach((el) => (el.textContent = ""));
  form.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
}

function fieldName(pointer: string): string {
  return pointer.replace(/^\//, "").split("/")[0];
}

// Shows the errors (from the page's own checks or the server's problem+json) and moves the
// focus to the first field named; answers whether there were any.
export function showErrors(form: HTMLElement, errors: FieldError[], general = ""): boolean {
  clearErrors(form);
  const rest: string[] = general ? [general] : [];
  let first: HTMLElement | null = null;
  for (const e of errors) {
    const wrapper = form.querySelector<HTMLElement>(`.field[data-field="${CSS.escape(fieldName(e.field))}"]`);
    if (!wrapper) {
      rest.push(`${e.field}: ${e.message}`);
      continue;
    }
    const slot = wrapper.querySelector(".field-error") as HTMLElement;
    slot.textContent = slot.textContent ? `${slot.textContent}；${e.message}` : e.message;
    const controls = wrapper.querySelectorAll<HTMLElement>("input, select, textarea");
    controls.forEach((c) => c.setAttribute("aria-invalid", "true"));
    first ??= controls[0] ?? null;
  }
  const slot = form.querySelector<HTMLElement>(".form-error");
  if (slot) slot.textContent = rest.join("\n");
  (first ?? slot)?.focus();
  return errors.length > 0 || rest.length > 0;
}

// The server's answer to a form: its field errors next to the fields, anything else above.
export function showProblem(form: HTMLElement, e: unknown): void {
  if (e instanceof ApiError && e.errors.length) showErrors(form, e.errors);
  else showErrors(form, [], `${t("error")}: ${e instanceof Error ? e.message : String(e)}`);
}

// The slot for errors that name no field, and for the form's outcome.
export function formError(): SafeHtml {
  return html`<p class="form-error error" role="alert" tabindex="-1"></p>`;
}

export function value(form: HTMLElement, selector: string): string {
  return ((form.querySelector(selector) as HTMLInputElement | null)?.value ?? "").trim();
}

// An event type as words ("case.accepted" → 受理).
export function eventLabel(type: string): string {
  const key = `event.${type}`;
  const s = t(key);
  return s === key ? type : s;
}

// A deadline's state as words, with the working days left or over.
export function deadlineText(d: Deadline | undefined): string {
  if (!d || !d.due) return t("clock.none");
  const days =
    d.state === "overdue" && d.working_days_over != null
      ? ` ${d.working_days_over} ${t("guide.days")}`
      : d.working_days_left != null && d.state !== "ok"
        ? ` ${t("clock.left")} ${d.working_days_left} ${t("guide.days")}`
        : "";
  return `${d.due} · ${t(`clock.${d.state}`)}${days}`;
}
