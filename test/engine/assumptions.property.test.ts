// The law of decisive assumptions (engine/assumptions.ts): a decision lists in `assumptions` every
// assumption whose value could change it, so changing the value of an assumption it does NOT list never
// changes the decision (eligibility, benefit, components, scores, outcome). Each shipped ruleset that is not
// a variant (variants inherit their assumptions from these), on generated households and dates, with every
// assumption perturbed in turn by rewriting the ruleset's text: a parameter's value, a guessed `from` day
// moved within its year, a table's results, an assumed condition read the other way (`false`).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConditionItem } from '../../dsl/ast';
import { boundariesOf } from '../../engine/checks/boundaries';
import { dateArbitrary, householdArbitrary } from '../../engine/checks/generate';
import { evaluate, loadRuleset, type Decision, type Household, type LoadedRuleset } from '../../engine';
import { formatIsoDate, parseIsoDate } from '../../engine/values';
import { shippedRuleset } from './shipped';

const IDS = ['bo/bja', 'bo/bjp', 'bo/mped', 'bo/rub-pmt', 'br/bolsa-escola-df', 'br/bolsa-escola-belem', 'pe/juntos', 'pe/juntos-graduation', 'pe/haku-winay'];

const original = shippedRuleset;

/** One assumption, the names a decision reports it under, and the ruleset with its value changed. */
interface Perturbed {
  reportedAs: (date: string) => string | undefined; // undefined: not an assumption on that date
  ruleset: LoadedRuleset;
}

function splice(source: string, start: number, end: number, text: string): string {
  return source.slice(0, start) + text + source.slice(end);
}

function changedNumber(text: string): string {
  const n = Number(text);
  return String(Math.round((n * 2 + 3) * 1000) / 1000);
}

function perturbations(base: LoadedRuleset): Perturbed[] {
  const c = base.checked;
  const src = base.source;
  const out: Perturbed[] = [];
  const reload = (text: string): LoadedRuleset => {
    const r = loadRuleset(base.id, text, { resolve: original }).ruleset;
    if (!r) throw new Error(`perturbed ${base.id} does not load`);
    return r;
  };
  for (const [name, decl] of c.parameters) {
    const sorted = [...decl.values].sort((a, b) => (a.from?.text ?? '') < (b.from?.text ?? '') ? -1 : 1);
    sorted.forEach((v, i) => {
      const from = v.from ? parseIsoDate(v.from.text)! : -Infinity;
      const next = sorted[i + 1]?.from;
      const until = next ? parseIsoDate(next.text)! - 1 : decl.until ? parseIsoDate(decl.until.text)! : Infinity;
      const inPeriod = (date: string) => { const d = parseIsoDate(date)!; return from <= d && d <= until; };
      if (v.provenance?.type === 'assumption') {
        const r = v.value.range;
        const text = v.value.kind === 'DateLiteral'
          ? formatIsoDate(parseIsoDate(v.value.text)! + 400)
          : changedNumber(v.value.text);
        out.push({ reportedAs: (date) => (inPeriod(date) ? name : undefined), ruleset: reload(splice(src, r.start.offset, r.end.offset, text)) });
      }
      if (v.fromAssumption !== undefined && v.from) {
        // The guessed day moved to the last day of its year (the source gives the year only).
        const year = v.from.text.slice(0, 4);
        const r = v.from.range;
        const label = `${name} from ${v.from.text}`;
        out.push({
          reportedAs: (date) => (date.slice(0, 4) === year ? label : undefined),
          ruleset: reload(splice(src, r.start.offset, r.end.offset, `${year}-12-31`)),
        });
      }
    });
  }
  for (const [name, t] of c.tables) {
    if (!t.provenance.some((p) => p.type === 'assumption')) continue;
    let text = src;
    for (const row of [...t.rows].reverse()) text = splice(text, row.value.range.start.offset, row.value.range.end.offset, changedNumber(row.value.text));
    out.push({ reportedAs: () => name, ruleset: reload(text) });
  }
  const conditions = (i: ConditionItem | undefined): void => {
    if (!i) return;
    if (i.kind === 'ConditionGroup') return i.items.forEach(conditions);
    if (i.provenance?.type !== 'assumption') return;
    out.push({ reportedAs: () => i.label, ruleset: reload(splice(src, i.test.range.start.offset, i.test.range.end.offset, 'false')) });
  };
  conditions(c.eligible?.condition);
  conditions(c.payment?.condition);
  return out;
}

function comparable(d: Decision): string {
  return JSON.stringify([d.eligible, d.benefit.amount, d.components, d.scores, d.outcome]);
}

describe('an assumption a decision does not report never changes it', () => {
  for (const id of IDS) {
    it(id, () => {
      const base = original(id)!;
      expect(base, `${id} loads`).toBeDefined();
      const perturbed = perturbations(base);
      expect(perturbed.length, `${id} has assumptions to perturb`).toBeGreaterThan(0);
      const b = boundariesOf(base.checked);
      const cases = dateArbitrary(b).chain((date) => householdArbitrary(b, date).map((h) => ({ date, h })));
      fc.assert(
        fc.property(cases, ({ date, h }: { date: string; h: Household }) => {
          const before = evaluate(base, h, { date, explain: false, resolve: original }).decisions;
          for (const p of perturbed) {
            const after = evaluate(p.ruleset, h, { date, explain: false, resolve: original }).decisions;
            const name = p.reportedAs(date);
            for (const d of before) {
              if (name === undefined || d.assumptions.includes(name)) continue;
              const other = after.find((x) => x.subject === d.subject);
              expect(other && comparable(other), `${id} on ${date}, ${d.subject}: unreported ${name} changed the decision`).toBe(comparable(d));
            }
          }
        }),
        { numRuns: 60, seed: 11 },
      );
    }, 120_000);
  }
});
