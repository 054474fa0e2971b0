// The platform's API, same origin. Errors are RFC 9457 problem+json.
import { currentLang } from "./i18n";

// One problem+json field error: `field` is a JSON pointer into the body ("/name", "/roles/0")
// or a query parameter's name.
export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    public status: number,
    message: string,
    public errors: FieldError[] = [],
  ) {
    super(message);
  }
}

// The signed-in citizen's token, for this browser tab only.
export function token(): string | null {
  return sessionStorage.getItem("token");
}

export function setToken(t: string | null): void {
  if (t) sessionStorage.setItem("token", t);
  else sessionStorage.removeItem("token");
}

function headers(): Record<string, string> {
  const h: Record<string, string> = { Accept: "application/json" };
  const t = token();
  if (t) h.Authorization = `Bearer ${t}`;
  return h;
}

export async function post<T>(path: string, body: unknown): Promise<T> {
  const r = await fetch(`${path}?lang=${currentLang()}`, {
    method: "POST",
    headers: { ...headers(), "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return answer<T>(r);
}

export async function get<T>(path: string): Promise<T> {
  const sep = path.includes("?") ? "&" : "?";
  return answer<T>(await fetch(`${path}${sep}lang=${currentLang()}`, { headers: headers() }));
}

async function answer<T>(r: Response): Promise<T> {
  if (!r.ok) {
    let detail = r.statusText;
    let errors: FieldError[] = [];
    try {
      const problem = await r.json();
      detail = problem.detail ?? detail;
      if (Array.isArray(problem.errors)) errors = problem.errors;
    } catch {
      /* not JSON */
    }
    throw new ApiError(r.status, detail, errors);
  }
  return (await r.json()) as T;
}

export async function text(path: string): Promise<string> {
  const r = await fetch(path);
  if (!r.ok) throw new ApiError(r.status, r.statusText);
  return r.text();
}

// Uploads a file as the raw body; answers its SHA-256.
export async function upload(file: File): Promise<string> {
  const h: Record<string, string> = { "Content-Type": file.type || "application/octet-stream" };
  const t = token();
  if (t) h.Authorization = `Bearer ${t}`;
  const r = await fetch(`/api/v1/me/uploads?lang=${currentLang()}`, { method: "POST", headers: h, body: file });
  return (await answer<{ hash: string }>(r)).hash;
}

// Every page of a list endpoint that answers {<key>: [...], total}, with pages of `page` rows.
export async function getAll<T = Record<string, any>>(path: string, key: string, page = 1000): Promise<T[]> {
  const out: T[] = [];
  const sep = path.includes("?") ? "&" : "?";
  for (;;) {
    const r = await get<Record<string, any>>(`${path}${sep}limit=${page}&offset=${out.length}`);
    const rows = (r[key] ?? []) as T[];
    out.push(...rows);
    if (!rows.length || out.length >= Number(r.total ?? 0)) return out;
  }
}
