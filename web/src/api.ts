// The platform's API, same origin. Errors are RFC 9457 problem+json.
import { currentLang } from "./i18n";

export class ApiError extends Error {
  constructor(
    public status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function get<T>(path: string): Promise<T> {
  const sep = path.includes("?") ? "&" : "?";
  const r = await fetch(`${path}${sep}lang=${currentLang()}`, { headers: { Accept: "application/json" } });
  if (!r.ok) {
    let detail = r.statusText;
    try {
      detail = (await r.json()).detail ?? detail;
    } catch {
      /* not JSON */
    }
    throw new ApiError(r.status, detail);
  }
  return (await r.json()) as T;
}

export async function text(path: string): Promise<string> {
  const r = await fetch(path);
  if (!r.ok) throw new ApiError(r.status, r.statusText);
  return r.text();
}
