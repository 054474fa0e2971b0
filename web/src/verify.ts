// Verifies in the browser that a log entry is in the log the platform signed: the checkpoint's
// Ed25519 signature (C2SP signed note) against the log's key, the entry's leaf hash, and its
// RFC 9162 inclusion proof up to the checkpoint's root. Uses only WebCrypto. Each step's
// result is reported as it is known, so a page can show where a verification failed.
import { get, text } from "./api";
import { t } from "./i18n";

const enc = new TextEncoder();
type Bytes = Uint8Array<ArrayBuffer>;

function b64(s: string): Bytes {
  return Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
}

function concat(...parts: Uint8Array[]): Bytes {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

async function sha256(...parts: Uint8Array[]): Promise<Bytes> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", concat(...parts)));
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

export interface Checkpoint {
  origin: string;
  size: number;
  root: Bytes;
}

// A verifier key is "<name>+<hex key hash>+<base64(0x01 ‖ Ed25519 public key)>".
async function verifyNote(note: string, vkey: string): Promise<Checkpoint> {
  // The base64 part may itself contain "+": split at the first two only.
  const v = vkey.trim();
  const first = v.indexOf("+");
  const second = v.indexOf("+", first + 1);
  const [name, hashHex, keyB64] = [v.slice(0, first), v.slice(first + 1, second), v.slice(second + 1)];
  const key = b64(keyB64);
  if (key.length !== 33 || key[0] !== 1) throw new Error(t("vf.key_unsupported"));
  const split = note.indexOf("\n\n");
  if (split < 0) throw new Error(t("vf.malformed"));
  const body = note.slice(0, split + 1);
  const sigLine = note
    .slice(split + 2)
    .split("\n")
    .find((l) => l.startsWith(`— ${name} `));
  if (!sigLine) throw new Error(t("vf.unsigned"));
  const sig = b64(sigLine.slice(`— ${name} `.length));
  const keyHash = Array.from(sig.slice(0, 4), (b) => b.toString(16).padStart(2, "0")).join("");
  if (keyHash !== hashHex) throw new Error(t("vf.other_key"));
  const pub = await crypto.subtle.importKey("raw", key.slice(1), { name: "Ed25519" }, false, ["verify"]);
  if (!(await crypto.subtle.verify({ name: "Ed25519" }, pub, sig.slice(4), enc.encode(body))))
    throw new Error(t("vf.bad_signature"));
  const lines = body.split("\n");
  return { origin: lines[0], size: Number(lines[1]), root: b64(lines[2]) };
}

async function rootFromInclusion(index: number, size: number, leaf: Bytes, path: Bytes[]): Promise<Bytes> {
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  const one = new Uint8Array([1]);
  for (const p of path) {
    if (sn === 0) throw new Error(t("vf.proof_long"));
    if (fn % 2 === 1 || fn === sn) {
      r = await sha256(one, p, r);
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) ((fn = Math.floor(fn / 2)), (sn = Math.floor(sn / 2)));
    } else {
      r = await sha256(one, r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new Error(t("vf.proof_short"));
  return r;
}

// The log key is pinned on first use in this browser; a change is reported, not accepted.
async function logKey(): Promise<string> {
  const served = (await text("/log/key")).trim();
  const pinned = localStorage.getItem("log-key");
  if (pinned && pinned !== served) throw new Error(t("vf.key_changed"));
  if (!pinned) localStorage.setItem("log-key", served);
  return served;
}

export type Step = "checkpoint" | "leaf" | "proof";
export type Report = (step: Step, ok: boolean, detail: string) => void;

function shortHash(h: Uint8Array): string {
  return btoa(String.fromCharCode(...h)).slice(0, 12) + "…";
}

// Verifies entry `index`; `report` hears each step's result in order (a failed step is the
// last one reported), and the promise rejects with the same message.
export async function verifyEntry(index: number, report: Report = () => {}): Promise<Checkpoint> {
  let step: Step = "checkpoint";
  try {
    const key = await logKey();
    const checkpoint = await verifyNote(await text("/log/checkpoint"), key);
    report(step, true, `${t("vf.signed")} ${key.split("+")[0]} · ${t("vf.size")} ${checkpoint.size}`);
    step = "leaf";
    if (index >= checkpoint.size) throw new Error(t("vf.pending"));
    const entry = await get("/api/v1/log/entries/{index}", { index });
    const bytes = b64(entry.entry_bytes);
    const leaf = await sha256(new Uint8Array([0]), bytes);
    if (!equal(leaf, b64(entry.leaf_hash))) throw new Error(t("vf.leaf_mismatch"));
    report(step, true, `SHA-256(0x00 ‖ ${bytes.length} ${t("vf.bytes")}) = ${shortHash(leaf)}`);
    step = "proof";
    const proof = await get("/api/v1/log/proof/inclusion", { index, size: checkpoint.size });
    const root = await rootFromInclusion(index, checkpoint.size, leaf, (proof.hashes ?? []).map(b64));
    if (!equal(root, checkpoint.root)) throw new Error(t("vf.root_mismatch"));
    report(step, true, `${(proof.hashes ?? []).length} ${t("vf.hashes")} → ${shortHash(root)} ${t("vf.root_ok")}`);
    return checkpoint;
  } catch (e) {
    report(step, false, (e as Error).message);
    throw e;
  }
}
