// Households to start from: the ruleset's own `example` blocks and the shared samples in editor/samples/
// (the ruleset's country first). Try-it offers them; the Impact panel varies them into a synthetic population.
import type { ExampleDecl } from '../../dsl/ast';
import { jsonValue } from './household';
import { state } from './state';

const sampleFiles = import.meta.glob('../samples/*.json', { eager: true, import: 'default' }) as Record<string, unknown>;

export interface Sample {
  key: string;
  label: string;
  household: unknown;
  date: string | undefined;
  country?: string;
}

export function rulesetCountry(): string | undefined {
  return state.analysis?.checked?.country ?? /\bcountry\s+([A-Z]{2})/.exec(state.analysis?.text ?? '')?.[1];
}

export function sharedSamples(country: string | undefined): Sample[] {
  const all: Sample[] = Object.entries(sampleFiles).map(([path, household]) => ({
    key: `file:${path.split('/').pop()}`,
    label: `sample: ${path.split('/').pop()!.replace(/\.json$/, '')}`,
    household,
    date: undefined,
    country: (household as { country?: string })?.country,
  }));
  // the ruleset's own country first
  return all.sort((a, b) => Number(b.country === country) - Number(a.country === country) || a.label.localeCompare(b.label));
}

export function exampleSamples(): Sample[] {
  const decls = (state.analysis?.ast?.declarations ?? []).filter((d): d is ExampleDecl => d.kind === 'ExampleDecl');
  return decls.map((d, i) => ({ key: `example:${d.name}:${i}`, label: `example: ${d.name}`, household: jsonValue(d.household), date: d.date?.text }));
}
