// HTML that is safe by construction. Every page is built with the `html` tag:
//
//   html`<li><a href="#/items/${encodeURIComponent(i.code)}">${i.name}</a></li>`
//
// Every interpolated value is escaped (& < > " ' become character references), whether it
// lands in text or in a quoted attribute, unless it is itself `SafeHtml` — the result of
// another `html` template — or an array of values, each treated the same way. A string can
// therefore never become markup by being interpolated, whoever wrote the caller; markup is
// made only by template text written here in the source.
//
// Attribute values must be quoted: `title="${x}"`. An unquoted one (`title=${x}`) could be
// closed by a space in the value, so the tag refuses it when the page is drawn.
//
// `trustedHtml` is the one escape hatch: it wraps a string that already is safe markup. It is
// for markup this code itself produced (ui.ts adds an attribute to a control), never for
// anything that came from the API or the reader.

const kBrand: unique symbol = Symbol("SafeHtml");

export interface SafeHtml {
  readonly [kBrand]: true;
  readonly text: string;
  toString(): string;
}

// What a template accepts in a `${}`: markup, values to escape, nothing, or lists of these.
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function safe(text: string): SafeHtml {
  return { [kBrand]: true, text, toString: joinedAsText };
}

// A fragment turned into a string (joined with .join(), put in a plain template) would be
// escaped again or lost: that is a mistake, and it says so at once.
function joinedAsText(): string {
  throw new Error("SafeHtml used as a string: interpolate it in html`…` or use joinHtml()");
}

function isSafe(v: unknown): v is SafeHtml {
  return typeof v === "object" && v !== null && kBrand in v;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// null, undefined and false draw nothing, so `${cond && html`…`}` reads naturally.
function piece(v: HtmlValue): string {
  if (v === null || v === undefined || v === false) return "";
  if (isSafe(v)) return v.text;
  if (Array.isArray(v)) return v.map(piece).join("");
  return escapeHtml(String(v));
}

// ` name=` at the end of the text before a value: the value would be an unquoted attribute.
const kUnquotedAttribute = /\s[\w:-]+=\s*$/;

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) {
    if (kUnquotedAttribute.test(strings[i])) throw new Error(`html: unquoted attribute value after "${strings[i].slice(-40)}"`);
    out += piece(values[i]) + strings[i + 1];
  }
  return safe(out);
}

// Nothing: the empty fragment.
export const nothing: SafeHtml = safe("");

// Fragments joined by a separator (escaped like any value): joinHtml(links, "、").
export function joinHtml(parts: readonly HtmlValue[], separator: string): SafeHtml {
  return safe(parts.map(piece).join(escapeHtml(separator)));
}

// The escape hatch — see the top of this file. Never for text from the API or the reader.
export function trustedHtml(markup: string): SafeHtml {
  return safe(markup);
}

// Puts `content` into `el` (the only way a page writes markup into the document).
export function setHtml(el: Element, content: SafeHtml): void {
  el.innerHTML = content.text;
}
