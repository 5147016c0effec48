// Test helpers: load a ruleset from text or fail with its diagnostics.
import { formatDiagnostic } from '../../dsl';
import { loadRuleset, type LoadOptions } from '../../engine/evaluate';
import type { LoadedRuleset } from '../../engine/types';

export function load(source: string, options: LoadOptions = {}): LoadedRuleset {
  const id = /program\s+([a-z]{2}\/[a-z-]+)/.exec(source)?.[1] ?? 'xx/test';
  const { ruleset, diagnostics } = loadRuleset(id, source, options);
  if (!ruleset) throw new Error(diagnostics.map((d) => formatDiagnostic(id, d)).join('\n'));
  return ruleset;
}

export function household(fields: Record<string, unknown>, members: Record<string, unknown>[]) {
  return { id: 'H-1', ...fields, members: members.map((m, i) => ({ id: `p${i + 1}`, ...m })) };
}
