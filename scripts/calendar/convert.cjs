// Converts chinese-days' per-year files into Sunlight's calendar format (docs/cases.md).
const fs = require("fs");
const path = require("path");
const [pkg, out, first] = process.argv.slice(2);
const version = JSON.parse(fs.readFileSync(path.join(pkg, "package.json"))).version;
const dir = path.join(pkg, "dist", "years");
for (const file of fs.readdirSync(dir).filter((f) => /^\d{4}\.json$/.test(f)).sort()) {
  const year = Number(file.slice(0, 4));
  if (year < Number(first)) continue;
  const src = JSON.parse(fs.readFileSync(path.join(dir, file)));
  const pick = (o) =>
    Object.fromEntries(Object.keys(o || {}).sort().map((d) => [d, o[d].split(",")[1]]));
  const doc = {
    year,
    source: `chinese-days ${version} (State Council notice on ${year} public holidays)`,
    holidays: pick(src.holidays),   // days off that would otherwise be working days or weekends
    workdays: pick(src.workdays),   // weekend days that are working days (调休)
  };
  fs.writeFileSync(path.join(out, `${year}.json`), JSON.stringify(doc, null, 1) + "\n");
  console.log(`${year}: ${Object.keys(doc.holidays).length} holidays, ${Object.keys(doc.workdays).length} adjusted working days`);
}
