// Fails when the modules under src/ import each other in a cycle (static or dynamic imports
// alike): shared pieces belong in a module both sides import. Reads the import lines only.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const root = resolve(dirname(new URL(import.meta.url).pathname), "../src");

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

const graph = new Map();
for (const file of files(root)) {
  const text = readFileSync(file, "utf8");
  const targets = [...text.matchAll(/(?:from|import\()\s*"(\.{1,2}\/[^"]+)"/g)]
    .map((m) => resolve(dirname(file), m[1]))
    .map((p) => (p.endsWith(".ts") || p.endsWith(".css") ? p : `${p}.ts`));
  graph.set(file, targets.filter((p) => p.endsWith(".ts")));
}

// Depth-first search; a module met again while still on the path closes a cycle.
const done = new Set();
const path = [];
const cycles = [];
function visit(file) {
  if (path.includes(file)) return cycles.push([...path.slice(path.indexOf(file)), file]);
  if (done.has(file)) return;
  path.push(file);
  for (const next of graph.get(file) ?? []) visit(next);
  path.pop();
  done.add(file);
}
for (const file of graph.keys()) visit(file);

for (const c of cycles) console.error(`import cycle: ${c.map((f) => relative(root, f)).join(" → ")}`);
process.exit(cycles.length ? 1 : 0);
