// The numbers and dates a ruleset turns on. Generated households take values just below, at and above
// each of them, so a property meets the band edges and thresholds where boundary bugs live.
import type { CheckedRuleset } from '../../dsl/check/types';

export interface Boundaries {
  /** Thresholds, band edges and parameter values, with neighbours at whole and centavo steps. */
  numbers: number[];
  /** Money amounts that make a per-capita threshold exact for households of 1 to 8 members. */
  perCapitaTotals: number[];
  /** Dates where parameters, decrees or the program change (ISO), with the day before each. */
  dates: string[];
  /** Enum values the rules test (`is unemployed`, `in {urban, suburban}`, table rows): generated more
   *  often, so households reach the conditions that follow them. */
  enumValues: Set<string>;
  /** Text literals the rules compare with (`city = "La Paz"`): free-text fields are drawn from these
   *  too, so households reach the conditions behind them. */
  texts: string[];
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** Every NumberLiteral and DateLiteral in the tree, wherever it sits. */
function literals(node: unknown, numbers: Set<number>, dates: Set<string>, enums: Set<string>, texts: Set<string> = new Set()): void {
  if (Array.isArray(node)) {
    for (const x of node) literals(x, numbers, dates, enums, texts);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const n = node as { kind?: string; text?: string; name?: string; enumValue?: { text: string }; members?: { text: string }[] };
  if (n.kind === 'NumberLiteral' && n.text !== undefined) numbers.add(Number(n.text));
  if (n.kind === 'DateLiteral' && n.text) dates.add(n.text);
  if (n.kind === 'TextLiteral' && typeof (n as { value?: unknown }).value === 'string') texts.add((n as { value: string }).value);
  if (n.kind === 'IsEnum' && n.enumValue) enums.add(n.enumValue.text);
  if (n.kind === 'InSet') n.members?.forEach((m) => enums.add(m.text));
  if (n.kind === 'EnumKey' && n.name) enums.add(n.name);
  for (const [key, value] of Object.entries(node)) if (key !== 'range') literals(value, numbers, dates, enums, texts);
}

function dayBefore(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

export function boundariesOf(checked: CheckedRuleset): Boundaries {
  const constants = new Set<number>();
  const dates = new Set<string>();
  const enumValues = new Set<string>();
  const texts = new Set<string>();
  literals(checked.ast.declarations.filter((d) => d.kind !== 'ExampleDecl'), constants, dates, enumValues, texts);
  literals(checked.ast.program?.inForce, constants, dates, enumValues);
  const base = [...constants].filter(Number.isFinite);
  // Products of two constants catch thresholds written as a share of a parameter (0.7 × minimum wage).
  const products = base.flatMap((a) => (a > 0 && a < 1 ? base.filter((b) => b >= 1).map((b) => round6(a * b)) : []));
  const thresholds = [...new Set([...base, ...products])];
  const numbers = new Set<number>();
  for (const t of thresholds) for (const d of [-1, -0.01, 0, 0.01, 1]) if (t + d >= 0) numbers.add(round6(t + d));
  const perCapitaTotals = new Set<number>();
  for (const t of thresholds.filter((x) => x >= 1)) {
    for (let size = 1; size <= 8; size++) for (const d of [-0.01, 0, 0.01]) perCapitaTotals.add(round6(t * size + d));
  }
  const allDates = new Set<string>();
  for (const d of dates) {
    allDates.add(d);
    allDates.add(dayBefore(d));
  }
  return {
    numbers: [...numbers].sort((a, b) => a - b),
    perCapitaTotals: [...perCapitaTotals].filter((x) => x >= 0).sort((a, b) => a - b),
    dates: [...allDates].sort(),
    enumValues,
    texts: [...texts].sort(),
  };
}
