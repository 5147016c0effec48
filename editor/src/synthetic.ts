// A synthetic population for the Impact panel, generated in the browser from a few real-looking households
// (the ruleset's examples and the shared samples): each copy gets its incomes scaled and its members' ages
// shifted by a seeded pseudo-random draw, so the same seed always gives the same households. It is a
// sketch of a population for comparing two rulesets, not a survey: the panel says so.
import type { Household } from '../../engine/decision';
import { seededRandom } from '../../engine/analysis/seeded-random';


const round2 = (x: number) => Math.round(x * 100) / 100;

/** Every numeric field whose name mentions income, scaled by `factor` (recursively, members included). */
function scaleIncomes(value: unknown, factor: number): void {
  if (Array.isArray(value)) {
    for (const x of value) scaleIncomes(x, factor);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  for (const [key, x] of Object.entries(record)) {
    if (typeof x === 'number' && /income/i.test(key)) record[key] = round2(Math.max(0, x * factor));
    else if (x && typeof x === 'object') scaleIncomes(x, factor);
  }
}

function shiftYears(iso: string, years: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d.toISOString().slice(0, 10);
}

export interface SyntheticOptions {
  size?: number;
  seed: number;
}

/**
 * `size` households cycling through `bases`: incomes × a log-uniform factor in [0.2, 2.5], each member
 * `age` (or `birth_date`) moved by −4…+4 years. Ids are `SYN-001…`.
 */
export function syntheticPopulation(bases: unknown[], options: SyntheticOptions): Household[] {
  const size = options.size ?? 500;
  const random = seededRandom(options.seed);
  const usable = bases.filter((b): b is Household => Boolean(b) && typeof b === 'object' && Array.isArray((b as Household).members));
  if (!usable.length) return [];
  const width = String(size).length;
  const out: Household[] = [];
  for (let i = 0; i < size; i++) {
    const h = structuredClone(usable[i % usable.length]!) as Household & Record<string, unknown>;
    const factor = 0.2 * Math.pow(12.5, random());
    scaleIncomes(h, factor);
    for (const m of h.members as Record<string, unknown>[]) {
      const years = Math.floor(random() * 9) - 4;
      if (typeof m.age === 'number') m.age = Math.max(0, Math.min(110, m.age + years));
      if (typeof m.birth_date === 'string') m.birth_date = shiftYears(m.birth_date, years);
    }
    h.id = `SYN-${String(i + 1).padStart(width, '0')}`;
    out.push(h);
  }
  return out;
}
