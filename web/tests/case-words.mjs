// Unit test of web/src/case-words.ts (no server, no browser): every status × outcome × a few
// stages, for an item's case and a life event's, in Chinese and English, reads as words — a
// status, a next step naming who acts, the clock — with no code, no snake_case name and no
// placeholder left; every event type of the cases and rectification rows of docs/events.md
// has a translation; every stage and special step of the demo catalogue and every field of
// its data resources has words in both languages.
//
//   node tests/case-words.mjs      (exits non-zero if a check fails)
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { build } from "esbuild";

const web = resolve(dirname(new URL(import.meta.url).pathname), "..");
const repo = resolve(web, "..");
const failures = [];
let checks = 0;
function check(ok, what) {
  checks++;
  if (!ok) {
    failures.push(what);
    console.log(`FAIL ${what}`);
  }
}

// The module and i18n.ts, bundled for node; i18n.ts keeps the language in localStorage.
const store = new Map();
globalThis.localStorage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, String(v)) };
globalThis.document = { documentElement: {} };
const out = mkdtempSync(join(tmpdir(), "case-words-"));
await build({
  stdin: {
    contents: 'export * from "./case-words"; export { setLang, t, has } from "./i18n";',
    resolveDir: join(web, "src"),
    loader: "ts",
  },
  bundle: true,
  format: "esm",
  platform: "node",
  outfile: join(out, "case-words.mjs"),
  logLevel: "error",
});
const w = await import(join(out, "case-words.mjs"));
rmSync(out, { recursive: true });

// Nothing that looks like a code: an event type, a snake_case name (a status or outcome value
// such as in_progress), an i18n key, a placeholder.
const kRaw = /\b[a-z]+_[a-z_]+\b|\b(?:case|rectification|status|cw|stage|step|field|via|outcome)\.[a-z_]+|\{\w+\}/;
function plain(text, lang, what) {
  check(typeof text === "string" && text.trim().length > 0, `${lang} ${what}: words, not empty`);
  if (lang === "zh") check(!/[a-z]{3,}/.test(text), `${lang} ${what}: no Latin words in "${text}"`);
  else check(!kRaw.test(text), `${lang} ${what}: no raw code in "${text}"`);
}

const org = "明川市残疾人联合会";
const statuses = ["draft", "submitted", "in_progress", "returned", "special", "decided", "closed"];
const outcomes = { decided: [null, "approved", "rejected"], closed: ["approved", "rejected", "not_accepted", "withdrawn", "partly_approved"] };
const stages = [null, "受理", "审查", "决定", "送达", "办理", "核定"];
const clocks = {
  none: { paused_days: 0, promised: { due: null, state: "none" }, statutory: { due: null, state: "none" }, promised_days: 5, statutory_days: 20, started: null },
  ok: { paused_days: 0, promised: { due: "2026-12-16", state: "ok", working_days_left: 7 }, statutory: { due: "2026-12-30", state: "ok", working_days_left: 17 }, promised_days: 10, statutory_days: 20, started: "2026-12-02" },
  overdue: { paused_days: 2, promised: { due: "2026-11-27", state: "overdue", working_days_over: 3 }, statutory: { due: "2026-12-20", state: "ok", working_days_left: 9 }, promised_days: 3, statutory_days: 20, started: "2026-11-20" },
  today: { paused_days: 0, promised: { due: "2026-12-02", state: "due_today", working_days_left: 0 }, statutory: { due: "2026-12-20", state: "ok" }, promised_days: 3, statutory_days: 20, started: "2026-11-20" },
  supplement: { paused: { kind: "supplement", since: "2026-11-30" }, paused_days: 0, promised: { due: "2026-12-10", state: "paused" }, statutory: { due: "2026-12-24", state: "paused" }, promised_days: 10, statutory_days: 20, started: "2026-11-26" },
  special: { paused: { kind: "special:残疾评定", since: "2026-12-01" }, paused_days: 0, promised: { due: "2026-12-10", state: "paused" }, statutory: { due: "2026-12-24", state: "paused" }, promised_days: 10, statutory_days: 20, started: "2026-11-26", provisional: true },
};
const clockFor = { draft: ["none"], submitted: ["none"], in_progress: ["ok", "overdue", "today"], returned: ["supplement"], special: ["special"], decided: ["ok"], closed: ["ok"] };
const timeline = [
  { index: 1, on: "2026-11-26", type: "case.applied", actor: "citizen", stage: "受理" },
  { index: 2, on: "2026-11-26", type: "case.accepted", actor: "mc-disabled-01", org: "X", stage: "审查", promised_due: "2026-12-10", statutory_due: "2026-12-24" },
  { index: 3, on: "2026-12-01", type: "case.special_started", actor: "mc-disabled-01", org: "X", stage: "审查", step: "残疾评定", note: "需要评定" },
  { index: 4, on: "2026-12-01", type: "case.returned", actor: "mc-disabled-01", org: "X", stage: "审查", note: "照片不清晰" },
];
const materials = [
  { name: "户口簿", via: "shared", requested: false },
  { name: "近期免冠照片", via: "upload", requested: true },
];
const parts = (status) => [
  { no: "L-1", status, stage: "审查", org: "A", org_name: "明川市人力资源和社会保障局", item_name: "退休及养老金领取", clock: clocks.ok, outcome: null },
  { no: "L-2", status: "closed", outcome: "approved", stage: "", org: "B", org_name: "明川市住房公积金管理中心", item_name: "住房公积金提取", clock: clocks.ok },
];

for (const lang of ["zh", "en"]) {
  w.setLang(lang);
  for (const status of statuses) {
    for (const outcome of outcomes[status] ?? [null]) {
      for (const stage of stages) {
        for (const clock of clockFor[status]) {
          for (const lifeEvent of [false, true]) {
            const k = {
              no: "990100-20261126-000001",
              status,
              outcome,
              stage,
              org: "X",
              org_name: org,
              clock: clocks[clock],
              timeline: status === "special" ? timeline.slice(0, 3) : timeline,
              materials,
              decided_on: status === "decided" || status === "closed" ? "2026-12-01" : null,
              closed_on: status === "closed" ? "2026-12-02" : null,
              ...(lifeEvent ? { life_event: "990100-LE-04", cases: parts(status === "returned" ? "returned" : "in_progress") } : { item: "990100-001401-01" }),
            };
            const what = `${status}/${outcome ?? "-"}/${stage ?? "-"}/${clock}${lifeEvent ? "/life event" : ""}`;
            plain(w.statusWords(k), lang, `status of ${what}`);
            const next = w.nextStep(k);
            plain(next.text, lang, `next step of ${what}`);
            check(["you", "department", "nobody"].includes(next.actor), `${what}: who acts`);
            if (!lifeEvent && ["submitted", "in_progress", "special", "decided"].includes(status)) {
              check(next.actor === "department" && next.text.includes(org), `${lang} ${what}: the department named as who acts next ("${next.text}")`);
            }
            if (!lifeEvent && (status === "draft" || status === "returned")) check(next.actor === "you", `${lang} ${what}: the applicant acts next`);
            if (!lifeEvent && status === "returned") check(next.text.includes("近期免冠照片"), `${lang} ${what}: the material asked for in the next step`);
            if (!lifeEvent && status === "special") check(next.text.includes(lang === "zh" ? "残疾评定" : "disability assessment"), `${lang} ${what}: the special step named`);
            if (lifeEvent && status === "returned") check(next.actor === "you" && next.text.includes("退休及养老金领取"), `${lang} ${what}: the part to correct named`);
            if (!lifeEvent && status === "in_progress" && stage) check(next.text.includes(w.stageWords(stage)), `${lang} ${what}: the stage in the next step`);
            for (const line of w.clockWords(k)) plain(line, lang, `clock of ${what}`);
            if (status === "in_progress" && clock === "ok") check(w.clockWords(k).some((l) => l.includes("2026-12-16") && l.includes("2026-12-30")), `${lang} ${what}: both due dates`);
            if (status === "in_progress" && clock === "ok") check(w.clockWords(k).some((l) => l.includes("7")), `${lang} ${what}: working days left`);
            if (status === "in_progress" && clock === "overdue") check(w.clockWords(k).some((l) => l.includes("3")), `${lang} ${what}: working days over`);
            if (status === "returned") check(w.clockWords(k).some((l) => l.includes("2026-11-30")), `${lang} ${what}: paused since`);
          }
        }
      }
    }
  }
  // The timeline's words.
  for (const s of timeline) {
    plain(w.eventWords(s.type), lang, `event ${s.type}`);
    for (const d of w.stepDetails(s)) plain(d, lang, `details of ${s.type}`);
    plain(w.actorWords(s, new Map([["X", org]])), lang, `actor of ${s.type}`);
  }
  for (const via of ["shared", "upload", "licence", "missing"]) plain(w.viaWords(via), lang, `material source ${via}`);
}

// A life event's case, still "submitted" itself, is told by its parts.
w.setLang("zh");
const le = (status) => ({ no: "L", status: "submitted", org: "A", org_name: "甲", clock: clocks.none, life_event: "990100-LE-04", cases: parts(status) });
check(w.statusWords(le("returned")) === "退回补正", "life event: a part returned → 退回补正");
check(w.statusWords(le("in_progress")) === "办理中", "life event: parts under way → 办理中");
check(w.statusWords({ ...le("closed"), cases: parts("closed").map((p) => ({ ...p, status: "closed" })) }) === "已办结", "life event: every part closed → 已办结");
check(w.statusWords({ ...le("submitted"), cases: parts("submitted").map((p) => ({ ...p, status: "submitted" })) }) === "已提交", "life event: no part begun → 已提交");

// Every case and rectification event type of docs/events.md has words, in both languages.
const events = [...readFileSync(join(repo, "docs/events.md"), "utf8").matchAll(/^\| `((?:case|rectification)\.[a-z_]+)` \|/gm)].map((m) => m[1]);
check(events.length >= 20, `docs/events.md lists the case and rectification events (${events.length})`);
for (const type of events) {
  check(w.has(`event.${type}`), `event ${type} has a translation`);
  for (const lang of ["zh", "en"]) {
    w.setLang(lang);
    plain(w.eventWords(type), lang, `event ${type}`);
  }
}

// The demo catalogue's stages, special steps and data-resource fields have words in both.
const jsonl = (f) => readFileSync(join(repo, "data/demo", f), "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
const stageNames = new Set(jsonl("powers.jsonl").flatMap((p) => (p.stages ?? []).map((s) => s.stage)));
const stepNames = new Set(jsonl("service_items.jsonl").flatMap((i) => (i.special_steps ?? []).map((s) => s.name)));
const fieldNames = new Set(jsonl("data_resources.jsonl").flatMap((r) => (r.fields ?? []).map((f) => (typeof f === "string" ? f : f.name))));
check(stageNames.size > 5 && stepNames.size > 3 && fieldNames.size > 20, "the demo catalogue read");
w.setLang("en");
for (const s of stageNames) check(w.has(`stage.${s}`) && !/[\u4e00-\u9fff]/.test(w.stageWords(s)), `stage ${s} has English words`);
for (const s of stepNames) check(w.has(`step.${s}`) && !/[\u4e00-\u9fff]/.test(w.specialStepWords(s)), `special step ${s} has English words`);
for (const f of fieldNames) {
  check(w.has(`field.${f}`), `field ${f} has words`);
  plain(w.fieldWords(f), "en", `field ${f}`);
}
w.setLang("zh");
for (const f of fieldNames) check(/[\u4e00-\u9fff]/.test(w.fieldWords(f)), `field ${f} has Chinese words`);

console.log(`${checks - failures.length}/${checks} checks passed`);
process.exit(failures.length ? 1 : 0);
