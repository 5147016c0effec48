// `elig target <ruleset> <input> --date D [--poor registry | --poor-below AMOUNT] [--group FIELD]
//  [--html report.html] [--json]`: how well the rules pick out the poor (engine/analysis/targeting.ts,
// the measures of BO Tables 4.7 and 5.1), streamed over a registry file, with an HTML report.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { decide, type Household } from '../../engine';
import { PopulationFold } from '../../engine/analysis/population';
import { TargetingCounter } from '../../engine/analysis/targeting';
import { rowErrorLines } from '../households';
import { folderRegistry } from '../load';
import { readHouseholds } from '../registry/input';
import { SummaryCounter } from '../registry/summary';
import { renderTargetingHtml, type TargetingReport } from '../registry/targeting-html';
import { load } from '../load';

const USAGE = 'usage: elig target <ruleset> <input.jsonl|.json|.csv|.parquet> --date YYYY-MM-DD [--poor registry | --poor-below AMOUNT] [--group FIELD] [--html report.html] [--json]';
const POOR_CLASSES = new Set(['poor', 'extreme_poor']);

/** Whether a household is poor by the reference, or undefined when the reference is absent. */
type Reference = (h: Household) => boolean | undefined;

function micro(x: number): bigint {
  return BigInt(Math.round(x * 1e6));
}

function referenceOf(values: { poor?: string; 'poor-below'?: string }): { name: string; poor: Reference } {
  if (values['poor-below'] !== undefined) {
    const line = Number(values['poor-below']);
    if (!Number.isFinite(line)) throw new Error(`--poor-below needs an amount per person per month, not ${JSON.stringify(values['poor-below'])}`);
    // income / size < line, compared exactly in micro-units as income < line × size.
    return {
      name: `per-capita monthly income below ${line}`,
      poor: (h) => {
        const income = (h as { monthly_income?: unknown }).monthly_income;
        const size = Array.isArray(h.members) ? h.members.length : 0;
        return typeof income === 'number' && size > 0 ? micro(income) < micro(line) * BigInt(size) : undefined;
      },
    };
  }
  const by = values.poor ?? 'registry';
  if (by !== 'registry') throw new Error(`--poor ${by}: the reference is \`registry\` (the household's registry_poverty) or --poor-below AMOUNT`);
  return {
    name: 'registry_poverty (poor or extreme_poor)',
    poor: (h) => {
      const c = (h as { registry_poverty?: unknown }).registry_poverty;
      return typeof c === 'string' ? POOR_CLASSES.has(c) : undefined;
    },
  };
}

/** The group of a household: a field by dotted path (`area`, `municipality`), "(unknown)" when absent. */
function groupOf(h: Household, path: string[]): string {
  let v: unknown = h;
  for (const key of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  return v === undefined || v === null ? '(unknown)' : String(v);
}

export async function runTarget(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { date: { type: 'string' }, poor: { type: 'string' }, 'poor-below': { type: 'string' }, group: { type: 'string' }, html: { type: 'string' }, json: { type: 'boolean' } },
  });
  if (positionals.length !== 2 || !values.date) throw new Error(USAGE);
  const reference = referenceOf(values);
  const registry = folderRegistry();
  const ruleset = load(positionals[0]!, registry);
  const date = values.date;
  const groupPath = values.group?.split('.');
  const population = new PopulationFold({ date, baseline: ruleset, resolve: registry.resolve });
  const targeting = new TargetingCounter();
  const summary = new SummaryCounter();
  const benefits = new Map<number, number>();
  for await (const row of readHouseholds(positionals[1]!)) {
    if (!row.household) {
      summary.rejected++;
      rowErrorLines(row).forEach((l) => console.error(l));
      continue;
    }
    summary.households++;
    population.add(row.household);
    const poor = reference.poor(row.household);
    const group = groupPath ? groupOf(row.household, groupPath) : undefined;
    for (const d of decide(ruleset, row.household, { date, resolve: registry.resolve })) {
      summary.add(d.eligible, d.benefit);
      targeting.add(d.eligible, poor, group);
      if (d.eligible === true && d.benefit !== null) benefits.set(d.benefit, (benefits.get(d.benefit) ?? 0) + 1);
    }
  }
  const { total, groups } = targeting.result();
  const report: TargetingReport = {
    title: ruleset.title, ruleset: { id: ruleset.id, version: ruleset.version }, date,
    reference: reference.name, groupBy: values.group,
    summary: summary.result(ruleset.checked.currency, ruleset.checked.benefit?.period ?? 'once'),
    funnel: population.report().funnel,
    benefits: [...benefits.entries()],
    total, groups,
  };
  if (values.html) writeFileSync(values.html, renderTargetingHtml(report));
  if (values.json) {
    console.log(JSON.stringify({ ...report, benefits: Object.fromEntries(report.benefits) }, null, 2));
    return 0;
  }
  const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
  console.log(`${ruleset.title} (${ruleset.id}) on ${date}, against ${reference.name}`);
  console.log(`  ${report.summary.households} households, ${report.summary.rejected} rows rejected; ${total.classified} subjects classified, ${total.undetermined} undetermined, ${total.noReference} without a reference`);
  const width = Math.max(16, ...groups.map((g) => g.group.length));
  console.log(`  ${'group'.padEnd(width)} ${'inclusion'.padStart(10)} ${'exclusion'.padStart(10)} ${'success'.padStart(8)} ${'coverage'.padStart(9)} ${'leakage'.padStart(8)}`);
  for (const m of [total, ...groups]) {
    console.log(`  ${m.group.padEnd(width)} ${pct(m.inclusionError).padStart(10)} ${pct(m.exclusionError).padStart(10)} ${pct(m.successRatio).padStart(8)} ${pct(m.coverage).padStart(9)} ${pct(m.leakage).padStart(8)}`);
  }
  if (values.html) console.log(`report: ${values.html}`);
  return 0;
}
