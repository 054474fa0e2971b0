// Verifies a Sunlight e-licence with `jose`, an independent JOSE implementation, offline:
// the credential and each status list credential against the issuer's JWKS, then the
// credential's bit in each Bitstring Status List.
//
//   node verify.mjs CREDENTIAL_FILE JWKS_FILE [STATUS_LIST_FILE ...]
//
// Prints {"valid", "issuer", "status": {purpose: "ok" | "revoked" | "suspended"}} and exits
// 0 when valid, 1 when not.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { createLocalJWKSet, jwtVerify, decodeProtectedHeader } from "jose";

const [credentialFile, jwksFile, ...listFiles] = process.argv.slice(2);
const read = (f) => readFileSync(f, "utf8").trim();
const keys = createLocalJWKSet(JSON.parse(read(jwksFile)));

const result = { valid: false, status: {} };
try {
  const jwt = read(credentialFile);
  result.header = decodeProtectedHeader(jwt);
  const { payload } = await jwtVerify(jwt, keys, { algorithms: ["ES256"], typ: "vc+jwt" });
  result.issuer = payload.issuer;
  result.signature_valid = true;
  if (!payload["@context"]?.includes("https://www.w3.org/ns/credentials/v2")) throw new Error("not a VC 2.0 credential");
  const lists = {};
  for (const f of listFiles) {
    const { payload: list } = await jwtVerify(read(f), keys, { algorithms: ["ES256"], typ: "vc+jwt" });
    lists[list.id] = list;
  }
  let valid = true;
  for (const entry of [payload.credentialStatus].flat()) {
    const list = lists[entry.statusListCredential];
    if (!list) {
      result.status[entry.statusPurpose] = "unchecked";
      valid = false;
      continue;
    }
    const encoded = list.credentialSubject.encodedList;
    if (!encoded.startsWith("u")) throw new Error("encodedList is not multibase base64url");
    const bits = gunzipSync(Buffer.from(encoded.slice(1), "base64url"));
    const index = Number(entry.statusListIndex);
    const set = (bits[index >> 3] & (0x80 >> (index & 7))) !== 0;
    result.status[entry.statusPurpose] = set ? (entry.statusPurpose === "revocation" ? "revoked" : "suspended") : "ok";
    if (set) valid = false;
  }
  result.valid = valid;
} catch (e) {
  result.error = `${e.code ?? e.name}: ${e.message}`;
}
console.log(JSON.stringify(result));
process.exit(result.valid ? 0 : 1);
