// Passing gate results by meaning: a save that only changes comments or layout (the usual review note)
// does not re-run its examples and properties. The key is the syntax tree without source positions and
// node ids, plus the exact versions of the programs it reads; only passing results are kept, since a
// failing one names lines, which move with the text.
import { parse } from '../dsl/parse';
import type { GateReport } from './gate';
import { sha256Hex } from './hash';

const MAX_ENTRIES = 256;

export class GateCache {
  private readonly entries = new Map<string, GateReport>();

  key(id: string, source: string, reads: ReadonlyMap<string, string>): string {
    const tree = JSON.stringify(parse(source).ast, (k, v) => (k === 'id' || k === 'range' || k.endsWith('Range') ? undefined : v));
    return sha256Hex(`${id}\n${[...reads].sort().map(([p, v]) => `${p}@${v}`).join(',')}\n${tree}`);
  }

  get(key: string): GateReport | undefined {
    return this.entries.get(key);
  }

  set(key: string, gate: GateReport): void {
    if (!gate.ok) return;
    this.entries.delete(key);
    this.entries.set(key, gate);
    while (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }
}
