// What the citizen's pages share: uploading the chosen files, verifying a log entry from a
// button, a licence's verdict, a case status as words.
import { type Body, post, upload } from "./api";
import { t } from "./i18n";
import { main } from "./ui";
import { verifyEntry } from "./verify";

// Uploads the file chosen in each matching input: [{name (the material), upload (its hash)}].
export type Upload = NonNullable<Body<"/api/v1/me/cases/{no}/resubmit">["materials"]>[number];

export async function uploadMaterials(selector: string): Promise<Upload[]> {
  const out: Upload[] = [];
  for (const input of Array.from(main.querySelectorAll<HTMLInputElement>(selector))) {
    const file = input.files?.[0];
    if (file) out.push({ name: input.dataset.name ?? "", upload: await upload(file) });
  }
  return out;
}

export function statusLabel(s: string): string {
  return t(`status.${s}`);
}

// Each "verify" button checks its entry against the signed checkpoint, in this browser.
export function wireVerifyButtons(): void {
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

// What a licence (vc+jwt) says of itself; the page shows its name and issuer.
export interface LicencePayload {
  name?: string;
  issuer?: { name?: string };
  // Who holds it: a person's identity number or a business's credit code, and the name.
  credentialSubject?: { identifier?: string; name?: string };
}

export function jwtPayload(jwt: string): LicencePayload {
  const part = jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
  const bytes = Uint8Array.from(atob(part), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

export async function licenceVerdict(jwt: string): Promise<string> {
  const r = await post("/api/v1/credentials/verify", {}, { credential: jwt.trim() });
  const status = r.status ? ` (${Object.entries(r.status ?? {}).map(([k, val]) => `${k}: ${val}`).join(", ")})` : "";
  return `${r.valid ? "✓ " + t("verify.valid") : "✗ " + t("verify.invalid")}${status}${r.problem ? " — " + r.problem : ""}`;
}
