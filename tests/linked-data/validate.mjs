// Validates JSON-LD documents against SHACL shapes, offline.
//
//   node validate.mjs [--each] <shapes.ttl> <export.jsonld>...
//
// By default the documents are pages of one export and are validated together, as one graph
// (a life event on one page may name a service described on another). With --each, every
// document is validated on its own, as a per-item document must stand alone.
//
// Two checks, both of which must find nothing:
//   1. SHACL (rdf-validate-shacl): every violation with its focus node, path, message and shape.
//   2. Described references: every IRI used as the object of a property (other than rdf:type)
//      must be the subject of some triple of the same graph, so a reader never meets a node
//      it cannot look up. SHACL alone does not say this for nodes its shapes leave untyped.
//
// Nothing is fetched: a remote @context is served from ./contexts (see CONTEXTS below), and
// any other remote document is an error. Exits 0 when both checks pass, 1 when they do not,
// 2 on a usage or parse error; the last line printed is always a summary.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import datasetFactory from "@rdfjs/dataset";
import jsonld from "jsonld";
import { Parser } from "n3";
import SHACLValidator from "rdf-validate-shacl";

const HERE = dirname(fileURLToPath(import.meta.url));
const RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

// Remote contexts we ship a copy of. The export carries its context inline, so this is
// empty today; it is where a copy would go if the export ever referenced one.
const CONTEXTS = {};

async function documentLoader(url) {
  const file = CONTEXTS[url];
  if (!file) throw new Error(`refusing to fetch ${url}: no local copy (validate.mjs works offline)`);
  return { contextUrl: null, documentUrl: url, document: JSON.parse(readFileSync(join(HERE, "contexts", file), "utf8")) };
}

function parseTurtle(text, baseIRI) {
  return new Parser({ baseIRI }).parse(text);
}

// The quads of one JSON-LD document. Blank nodes are renamed per document so that pages
// validated together do not share them by accident. `safe` mode makes anything the context
// fails to map (a property or type that would be silently dropped) an error.
async function jsonldQuads(path, index) {
  const doc = JSON.parse(readFileSync(path, "utf8"));
  const nquads = await jsonld.toRDF(doc, { format: "application/n-quads", documentLoader, safe: true });
  return new Parser({ format: "N-Quads", blankNodePrefix: `d${index}_` }).parse(nquads);
}

function undescribedReferences(quads) {
  const subjects = new Set(quads.map((q) => q.subject.value));
  const out = [];
  for (const q of quads) {
    if (q.predicate.value === RDF_TYPE || q.object.termType !== "NamedNode") continue;
    if (!subjects.has(q.object.value)) out.push(q);
  }
  return out;
}

const SH = "http://www.w3.org/ns/shacl#";

// The official shapes carry no sh:message, so say what the violated property shape expects.
function expectation(shapes, shape) {
  const said = [];
  for (const q of shapes.match(shape, null, null)) {
    const name = q.predicate.value.startsWith(SH) ? q.predicate.value.slice(SH.length) : null;
    if (["class", "datatype", "nodeKind", "minCount", "maxCount", "node", "in"].includes(name))
      said.push(`sh:${name} ${show(q.object)}`);
  }
  return said.length ? "expected " + said.join(", ") : "(no message)";
}

const show = (term) => (term ? (term.termType === "NamedNode" ? `<${term.value}>` : term.value) : "-");

// Validates one graph: prints each problem, counts it by kind in `counts`, and returns the
// number of distinct triples checked.
async function check(shapes, label, quads, counts) {
  const validator = new SHACLValidator(shapes);
  const data = datasetFactory.dataset(quads);
  const report = await validator.validate(data);
  for (const r of report.results) {
    const message = r.message.map((m) => m.value).join("; ") || expectation(shapes, r.sourceShape);
    const kind = r.sourceConstraintComponent.value.replace(/^.*#/, "").replace(/ConstraintComponent$/, "");
    counts[kind] = (counts[kind] ?? 0) + 1;
    console.log(`${label}: ${kind}\n  focus   ${show(r.focusNode)}\n  path    ${show(r.path)}\n` +
                `  value   ${show(r.value)}\n  message ${message}\n  shape   ${show(r.sourceShape)}`);
  }
  for (const q of undescribedReferences([...data])) {
    counts.UndescribedReference = (counts.UndescribedReference ?? 0) + 1;
    console.log(`${label}: UndescribedReference\n  focus   ${show(q.subject)}\n  path    ${show(q.predicate)}\n` +
                `  value   ${show(q.object)}\n  message the graph says nothing about this node`);
  }
  return data.size;
}

async function main(argv) {
  const each = argv[0] === "--each";
  const [shapesPath, ...docs] = each ? argv.slice(1) : argv;
  if (!shapesPath || docs.length === 0) {
    console.error("usage: node validate.mjs [--each] <shapes.ttl> <export.jsonld>...");
    return 2;
  }
  const shapes = datasetFactory.dataset(parseTurtle(readFileSync(shapesPath, "utf8"), "file://" + shapesPath));
  const counts = {};
  let triples = 0;
  const perDoc = [];
  for (const [i, path] of docs.entries()) perDoc.push(await jsonldQuads(path, i));
  if (each) {
    for (const [i, quads] of perDoc.entries()) {
      triples += await check(shapes, docs[i], quads, counts);
    }
  } else {
    triples = await check(shapes, docs.length === 1 ? docs[0] : `${docs.length} documents`, perDoc.flat(), counts);
  }
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const kinds = Object.entries(counts).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(", ");
  console.log(`${total === 0 ? "conforms" : "DOES NOT CONFORM"}: ${docs.length} document(s), ${triples} triples, ` +
              `${total} violation(s)${kinds ? " (" + kinds + ")" : ""}`);
  return total === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    // jsonld says what it would have dropped, and where, in `details`.
    const details = err.details ? "\n" + JSON.stringify(err.details, null, 2).slice(0, 4000) : "";
    console.error(`error: ${err.stack ?? err}${details}`);
    console.log("DOES NOT CONFORM: could not read the documents");
    process.exit(2);
  });
