// A case told plainly, for its applicant (我的办件): the status in words, the current step,
// what happens next and who does it, the working-day clock as dates and days left, and each
// step of the timeline — never a raw code. The rules are all here, from the case's own data
// (status, outcome, stage, the handling organisation's name, the materials asked for, the
// clock, the timeline); the pages only lay them out. web/tests/case-words.mjs runs them over
// every status and outcome with several stages, in both languages.
import type { Schema } from "./api";
import type { CaseRecord, CaseStep, Deadline } from "./api-gaps";
import { has, t, tf } from "./i18n";

export type CaseSummary = Schema<"CaseSummary">;
export type Case = CaseRecord;
export type Clock = Schema<"Clock">;
export type TimelineStep = CaseStep;

// What the words need of a case: a summary is enough, the detail adds materials and timeline.
export type CaseFacts = CaseSummary & Partial<Pick<CaseRecord, "materials" | "timeline" | "cases" | "ratings" | "decided_on" | "closed_on">>;

// A table's row in the reader's language, or the value itself when the table lacks it (a
// stage or special step the catalogue added later: Chinese words, never a code).
function row(prefix: string, value: string): string {
  return has(`${prefix}.${value}`) ? t(`${prefix}.${value}`) : value;
}

export function stageWords(stage: string | null | undefined): string {
  return stage ? row("stage", stage) : "";
}

export function specialStepWords(step: string | null | undefined): string {
  return step ? row("step", step) : "";
}

// A data resource's field name (id_number → 公民身份号码). An unknown one reads as words.
export function fieldWords(name: string): string {
  return has(`field.${name}`) ? t(`field.${name}`) : name.replace(/_/g, " ");
}

// Where a material came from: shared / upload / licence / missing.
export function viaWords(via: string | undefined): string {
  return via ? row("via", via) : "";
}

export function eventWords(type: string): string {
  return has(`event.${type}`) ? t(`event.${type}`) : type.replace(/^[a-z_]+\./, "").replace(/_/g, " ");
}

export function outcomeWords(outcome: string | null | undefined): string {
  return outcome ? row("outcome", outcome) : "";
}

// The status in words: 草稿 / 已提交 / 办理中 / 退回补正 / 特殊环节 / 已决定：准予 / 已办结（准予）/
// 已撤回 / 不予受理 …
// A life event's case follows its parts (the API's status says so too: returned when a part is,
// in progress when any part is handled); its words follow the parts — one returned, one begun,
// all closed.
export function statusWords(k: Pick<CaseSummary, "status" | "outcome"> & { cases?: readonly CaseSummary[] }): string {
  const parts = k.cases ?? [];
  if (parts.length && k.status !== "closed" && k.status !== "draft") {
    if (parts.some((p) => p.status === "returned")) return t("status.returned");
    if (parts.every((p) => p.status === "closed")) return t("status.closed");
    if (parts.some((p) => p.status !== "submitted")) return t("status.in_progress");
  }
  if (k.status === "closed") {
    switch (k.outcome) {
      case "withdrawn":
        return t("cw.status.withdrawn");
      case "not_accepted":
        return t("cw.status.not_accepted");
      case "approved":
        return t("cw.status.closed_approved");
      case "rejected":
        return t("cw.status.closed_rejected");
      case "partly_approved":
        return t("cw.status.closed_partly");
      default:
        return t("status.closed");
    }
  }
  if (k.status === "decided" && (k.outcome === "approved" || k.outcome === "rejected")) return t(`cw.status.decided_${k.outcome}`);
  return t(`status.${k.status}`);
}

function orgOf(k: CaseFacts): string {
  return k.org_name || t("cw.label.org");
}

// The special step under way: the last special_started without its special_ended, or what
// the clock's pause says (`special:<name>`).
export function currentSpecialStep(k: CaseFacts): string {
  const steps = k.timeline ?? [];
  for (let i = steps.length - 1; i >= 0; i--) {
    if (steps[i].type === "case.special_ended") break;
    if (steps[i].type === "case.special_started") return steps[i].step ?? "";
  }
  const kind = k.clock?.paused?.kind ?? "";
  return kind.startsWith("special:") ? kind.slice("special:".length) : "";
}

// The last 补正: its date, the officer's reason (the step's note) and its organisation.
export function lastReturn(k: CaseFacts): TimelineStep | undefined {
  return [...(k.timeline ?? [])].reverse().find((s) => s.type === "case.returned");
}

export function requestedMaterials(k: CaseFacts): string[] {
  return (k.materials ?? []).filter((m) => m.requested).map((m) => m.name ?? "");
}

// Whether the applicant must act now, and on what.
export type Actor = "you" | "department" | "nobody";

export interface NextStep {
  actor: Actor;
  text: string;
}

function partsDone(parts: readonly CaseSummary[]): number {
  return parts.filter((p) => p.status === "closed").length;
}

// What happens next and who does it.
export function nextStep(k: CaseFacts): NextStep {
  const org = orgOf(k);
  const parts = k.cases ?? [];
  if (k.life_event && parts.length && k.status !== "closed" && k.status !== "draft") {
    const back = parts.find((p) => p.status === "returned");
    if (back) return { actor: "you", text: tf("cw.next.le_returned", { item: back.item_name ?? back.no, org: back.org_name ?? "" }) };
    const done = partsDone(parts);
    if (done === parts.length) return { actor: "nobody", text: t("cw.next.le_done") };
    return { actor: "department", text: tf("cw.next.le_waiting", { n: parts.length, done }) };
  }
  const stage = stageWords(k.stage);
  switch (k.status) {
    case "draft":
      return { actor: "you", text: k.life_event ? t("cw.next.le_draft") : tf("cw.next.draft", { org }) };
    case "submitted":
      return { actor: "department", text: tf("cw.next.submitted", { org }) };
    case "in_progress":
      return { actor: "department", text: stage ? tf("cw.next.in_progress", { org, stage }) : tf("cw.next.in_progress_nostage", { org }) };
    case "returned": {
      const materials = requestedMaterials(k);
      return {
        actor: "you",
        text: materials.length ? tf("cw.next.returned", { org, materials: materials.join(t("list.sep")) }) : tf("cw.next.returned_none", { org }),
      };
    }
    case "special": {
      const step = specialStepWords(currentSpecialStep(k));
      return { actor: "department", text: step ? tf("cw.next.special", { org, step }) : tf("cw.next.special_nostep", { org }) };
    }
    case "decided":
      return { actor: "department", text: stage ? tf("cw.next.decided", { org, stage }) : tf("cw.next.decided_nostage", { org }) };
    case "closed":
      switch (k.outcome) {
        case "withdrawn":
          return { actor: "nobody", text: t("cw.next.withdrawn") };
        case "not_accepted":
          return { actor: "nobody", text: tf("cw.next.not_accepted", { org }) };
        case "rejected":
          return { actor: "nobody", text: tf("cw.next.closed_rejected", { org }) };
        default:
          return { actor: "nobody", text: t((k.ratings ?? []).length || k.life_event ? "cw.next.closed_rated" : "cw.next.closed_approved") };
      }
  }
  return { actor: "department", text: tf("cw.next.in_progress_nostage", { org }) };
}

// The working-day clock, in sentences: when it is expected done (promised, and the law's
// latest date), working days left or over, and why it stands still.
export function clockWords(k: CaseFacts): string[] {
  const c: Clock = k.clock ?? {};
  const out: string[] = [];
  const provisional = c.provisional ? " " + t("cw.due.provisional") : "";
  if (k.status === "closed" || k.status === "decided") {
    if (k.decided_on) out.push(tf("cw.due.decided", { date: k.decided_on }));
    if (k.closed_on && k.closed_on !== k.decided_on) out.push(tf("cw.due.closed", { date: k.closed_on }));
    return out;
  }
  const promised: Deadline = c.promised ?? {};
  const statutory: Deadline = c.statutory ?? {};
  if (!c.started) {
    if (k.life_event && promised.due) out.push(tf("cw.due.le_promised", { date: promised.due }) + provisional);
    else out.push(tf("cw.due.not_started", { promised: c.promised_days ?? 0, statutory: c.statutory_days ?? 0 }));
  } else if (promised.due || statutory.due) {
    out.push(tf("cw.due.running", { promised: promised.due ?? statutory.due ?? "", statutory: statutory.due ?? promised.due ?? "" }) + provisional);
  }
  if (c.paused?.since) {
    out.push(tf(c.paused.kind === "supplement" ? "cw.due.paused_supplement" : "cw.due.paused_special", { since: c.paused.since }));
  } else if (promised.state === "overdue") {
    const over = promised.working_days_over;
    out.push(typeof over === "number" ? tf("cw.due.over", { n: over }) : t("cw.due.over_nodays"));
  } else if (promised.state === "due_today") {
    out.push(t("cw.due.today"));
  } else if (typeof promised.working_days_left === "number" && c.started) {
    out.push(tf("cw.due.left", { n: promised.working_days_left }));
  }
  if ((c.paused_days ?? 0) > 0) out.push(tf("cw.due.paused_days", { n: c.paused_days ?? 0 }));
  return out;
}

// Who took a step: the applicant ("you"), or the organisation named in the step.
export function actorWords(s: TimelineStep, orgNames: ReadonlyMap<string, string>): string {
  if (s.actor === "citizen") return t("cw.actor.you");
  return (s.org && orgNames.get(s.org)) || t("cw.actor.officer");
}

// The details a step carries, each as "label: value" in words.
export function stepDetails(s: TimelineStep): string[] {
  const out: string[] = [];
  if (s.step) out.push(`${t("cw.tl.step")}: ${specialStepWords(s.step)}`);
  if (s.outcome) out.push(`${t("cw.tl.outcome")}: ${outcomeWords(s.outcome)}`);
  if (s.promised_due) out.push(`${t("cw.tl.promised_due")}: ${s.promised_due}`);
  if (s.statutory_due) out.push(`${t("cw.tl.statutory_due")}: ${s.statutory_due}`);
  return out;
}

// Before a decision the applicant may withdraw (a life event withdraws its open parts too).
export function canWithdraw(k: Pick<CaseSummary, "status" | "parent">): boolean {
  return !k.parent && ["draft", "submitted", "in_progress", "returned", "special"].includes(k.status);
}
