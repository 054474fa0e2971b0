// What the pages read that /openapi.json does not describe yet. The document is the contract
// and the pages' types come from it (api-types.ts); where it is silent or too loose — an
// answer that is only `{"type": "object"}`, a field the server sends that the schema leaves
// out — the shape is written here, in one place, so the gaps are easy to see and to close: when
// the document describes a route fully, its entry here goes.
//
// `AnswerGaps` replaces the contract's answer of a GET route; the other types extend schemas.
import type { components } from "./api-types";

type Schema<N extends keyof components["schemas"]> = components["schemas"][N];

// A legal basis as the catalogue answers it: the law's title and the article's text resolved.
export type ResolvedRef = Schema<"LegalRef"> & {
  law_title?: string;
  law_title_en?: string;
  text?: string;
  text_kind?: "quote" | "summary";
  in_force?: boolean;
  invented?: boolean;
};

// A deadline also says how many working days it is over.
export type Deadline = Schema<"Deadline"> & { working_days_over?: number };

// A catalogue record's version and state, sent with every power and item.
interface Versioned {
  version?: number;
  status?: string;
  effective?: string;
}

export type Power = Omit<Schema<"Power">, "basis"> & Versioned & { holder_name?: string; basis?: ResolvedRef[] };

// A service item, with its names resolved and the power it exercises in brief.
export type ServiceItem = Omit<Schema<"ServiceItem">, "basis"> &
  Versioned & {
    basis?: ResolvedRef[];
    org_name?: string;
    region_name?: string;
    power_detail?: { code: string; name: string; holder: string; holder_name: string };
  };

// A row of GET /api/v1/items (the list leaves out the basis and the materials).
export type ItemRow = Pick<Schema<"ServiceItem">, "code" | "catalog_code" | "name" | "name_en" | "org" | "region" | "type" | "promised_days"> &
  Versioned & { org_name?: string; power?: string; visits?: number; online_depth?: number };

// A case as its applicant and its handling officers read it.
export type CaseRecord = Omit<Schema<"Case">, "timeline" | "ratings" | "rectification" | "cases"> & {
  life_event?: string;
  // A life event's departmental cases.
  cases?: Schema<"CaseSummary">[];
  org_name?: string;
  item_name?: string;
  timeline: CaseStep[];
  ratings?: CaseRating[];
  rectification?: Rectification;
};

export interface CaseStep {
  index: number;
  on: string;
  type: string;
  stage?: string | null;
  actor?: string;
  level?: number;
  note?: string;
  // The organisation of the officer who took the step.
  org?: string;
  // The step's event data the timeline carries along: a special step's name, a decision's
  // outcome, the due dates set on acceptance or moved after a pause.
  step?: string;
  outcome?: string;
  promised_due?: string;
  statutory_due?: string;
}

export interface CaseRating {
  round: 1 | 2;
  level: number;
  on: string;
  indicators?: string[];
}

// A row of the workbench's queue and alerts.
export type CaseRow = Schema<"CaseSummary"> & { item_name?: string; life_event?: string };

export interface Rectification {
  case: string;
  org: string;
  status: "open" | "contacted" | "fixed" | "appealed" | "appeal_decided";
  overdue?: boolean;
  opened_on: string;
  contact_due: string;
  contacted_on?: string;
  fix_due: string;
  fixed_on?: string;
  appealed_on?: string;
  appeal_upheld?: boolean;
}

// An access to a citizen's data, with the basis it was made on.
export type AccessRecord = Omit<Schema<"AccessRecord">, "basis"> & {
  time: string;
  basis: { kind: "power" | "case" | "consent"; item?: string; case?: string; consent?: string };
};

// The answer to an application: the case or cases it opened (a life event opens several),
// each with its materials and the values fetched from other departments.
export interface Applied {
  no: string;
  status: string;
  cases?: { no: string; materials?: { name: string; values?: Record<string, string> }[] }[];
}

// An organisation with its sub-organisations.
export type OrganisationRecord = Schema<"Organisation"> & { children?: Schema<"Organisation">[] };

// The performance figures: every row has its counts (the schema makes each optional), an
// item's row its item, and the levels are counted "1" to "5".
type Counted = Schema<"PerformanceRow"> & Required<Pick<Schema<"PerformanceRow">, "cases" | "decided" | "late_statutory" | "late_promised" | "ratings">>;
export type PerformanceRow = Counted & { org: string; org_name: string };
export type ItemPerformanceRow = Counted & { item: string; item_name: string };
export interface Performance {
  by_org: PerformanceRow[];
  by_item: ItemPerformanceRow[];
  rating_levels: Record<string, number>;
}

// --- the analyses ------------------------------------------------------------------------------

interface PowerBrief {
  code: string;
  name: string;
  holder: string;
  holder_name: string;
}

export interface Overlaps {
  count: number;
  overlaps: {
    region: string;
    region_name: string;
    type: string;
    powers: PowerBrief[];
    evidence: ({ kind: "same_basis"; law: string; article: number } | { kind: "same_object"; object: string })[];
  }[];
}

export interface Cycles {
  count: number;
  cycles: {
    region: string;
    region_name: string;
    departments: number;
    items: string[];
    steps: { item: string; name: string; org: string; org_name: string; needs: string; issued_by: string }[];
  }[];
}

interface Reasoned {
  reason: string;
  reason_zh?: string;
}

export interface Unfounded {
  count: number;
  powers: (PowerBrief & Reasoned)[];
  items: ({ code: string; name: string; org: string; org_name: string } & Reasoned)[];
}

export interface ComparedItem {
  item: string;
  region: string;
  region_name: string;
  best_practice?: boolean;
  materials: number;
  materials_total: number;
  promised_days: number;
  visits: number;
  fee_fen: number;
  online_depth: number;
}

export interface Comparison {
  count: number;
  comparisons: {
    name: string;
    regions: number;
    best: Record<string, { items?: string[] } | undefined>;
    items: ComparedItem[];
  }[];
}

// --- life events and the search ------------------------------------------------------------------

// A life event (一件事) as GET /api/v1/life-events/{code} answers it: its items' names, departments
// and promises resolved, in the life event's order, and the lead department's and region's names.
export type LifeEventRecord = Schema<"LifeEvent"> &
  Versioned & {
    lead_org_name?: string;
    region_name?: string;
    item_details?: { code: string; name: string; name_en?: string; org: string; org_name?: string; promised_days?: number; status?: string }[];
  };

// A row of GET /api/v1/life-events (the list counts the items instead of naming them).
export type LifeEventRow = Pick<Schema<"LifeEvent">, "code" | "name" | "name_en" | "region" | "lead_org"> & Versioned & { items?: number };

// One search result: a service item or a life event, with what the schema leaves out.
export interface SearchResult {
  kind?: "item" | "life_event";
  code?: string;
  name?: string;
  name_en?: string;
  org?: string;
  org_name?: string;
  region?: string;
  region_name?: string;
  promised_days?: number;
  visits?: number;
  items?: string[];
  materials?: { name: string; required?: boolean; you_bring?: boolean }[];
  score?: number;
}

// The catalogue as linked data (CPSV-AP): only what the home page's categories read.
type LdText = { "@language"?: string; "@value": string };
type LdRef = { "@id": string };
export interface CatalogueNode {
  "@id": string;
  "@type"?: string | string[];
  "dct:identifier"?: string;
  "dct:title"?: LdText | LdText[];
  "dct:audience"?: LdRef | LdRef[];
  "dct:spatial"?: LdRef;
  "dct:type"?: LdRef;
  "cv:hasRelatedService"?: LdRef | LdRef[];
}
export interface CatalogueLd {
  "@graph"?: CatalogueNode[];
}

// --- the answers the document leaves loose -----------------------------------------------------

// POST routes whose answer the document leaves loose.
export interface PostAnswerGaps {
  "/api/v1/me/cases": Applied;
}

export interface AnswerGaps {
  "/api/v1/analyses/overlaps": Overlaps;
  "/api/v1/analyses/cycles": Cycles;
  "/api/v1/analyses/unfounded": Unfounded;
  "/api/v1/analyses/comparison": Comparison;
  "/api/v1/orgs/{id}": OrganisationRecord;
  "/api/v1/laws": { laws?: Schema<"Law">[]; total?: number };
  "/api/v1/items": { items?: ItemRow[]; total?: number };
  "/api/v1/items/{code}": ServiceItem;
  "/api/v1/life-events": { life_events?: LifeEventRow[]; total?: number };
  "/api/v1/life-events/{code}": LifeEventRecord;
  "/api/v1/search": { query?: string; region?: string | null; results?: SearchResult[] };
  "/api/v1/catalogue.jsonld": CatalogueLd;
  "/api/v1/powers": { powers?: Power[]; total?: number };
  "/api/v1/powers/{code}": Power;
  "/api/v1/me/cases/{no}": CaseRecord;
  "/api/v1/cases/{no}": CaseRecord;
  "/api/v1/workbench/alerts": { overdue: number; due_soon: number; warn_days: number; alerts: CaseRow[] };
  "/api/v1/workbench/queue": { org?: string; cases?: CaseRow[] };
  "/api/v1/rectifications": { rectifications: Rectification[] };
  "/api/v1/performance": Performance;
  "/api/v1/data-resources": { data_resources?: Schema<"DataResource">[]; total?: number };
  "/api/v1/me/data-uses": { accesses?: AccessRecord[]; total?: number };
  // Every published checkpoint has all four (the schema makes each optional).
  "/api/v1/log/checkpoints": { checkpoints: Required<Schema<"StoredCheckpoint">>[] };
}
