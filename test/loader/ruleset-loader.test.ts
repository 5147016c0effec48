// The one ruleset loader (loader/loader.ts) that the CLI (engine/registry.ts over the folder), the server
// (server/catalog.ts over the database) and the editor (editor/src/programs.ts over the API) share:
// versions and pins, compiled rulesets cached by content hash and dependency versions, dependencies from
// the checker.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate, loadRuleset, Registry, type LoadedRuleset } from '../../engine';
import { RulesetLoader, type RulesetSources, type StoredText } from '../../loader/loader';
import type { VersionEntry } from '../../loader/pins';
import { storedText } from '../../loader/text-sources';

const fixture = (name: string) => readFileSync(new URL(`../server/fixtures/collab/pe/${name}.elig`, import.meta.url), 'utf8');
const BASE = fixture('base');
const READER = fixture('reader');
const maxKm = (km: number) => BASE.replace('parameter max_km: km = 50', `parameter max_km: km = ${km}`);

/** A history per id (newest first), a current version per id, and pins per version: a small store. */
class MemorySources implements RulesetSources<StoredText> {
  readonly history = new Map<string, StoredText[]>();
  readonly currentOf = new Map<string, string>();
  readonly pinsOf = new Map<string, Map<string, string>>();
  private changes = 0;
  save(id: string, source: string, options: { current?: boolean; pins?: Record<string, string> } = {}): StoredText {
    const list = this.history.get(id) ?? [];
    const v = { ...storedText(id, source), number: list.length + 1 };
    this.history.set(id, [v, ...list]);
    if (options.current ?? true) this.currentOf.set(id, v.version);
    if (options.pins) this.pinsOf.set(`${id}#${v.number}`, new Map(Object.entries(options.pins)));
    this.changes++;
    return v;
  }
  current(id: string) {
    const version = this.currentOf.get(id);
    return version ? this.version(id, version) : undefined;
  }
  version(id: string, hash: string) {
    return (this.history.get(id) ?? []).filter((v) => v.version === hash).at(-1);
  }
  versions(id: string): VersionEntry[] {
    return this.history.get(id) ?? [];
  }
  pins(v: StoredText) {
    return this.pinsOf.get(`${v.ruleset}#${v.number}`) ?? new Map();
  }
  generation() {
    return String(this.changes);
  }
}

function counted(sources: MemorySources) {
  const compiled: string[] = [];
  const loader = new RulesetLoader<LoadedRuleset>(sources, (id, source, resolvers) => {
    compiled.push(id);
    return loadRuleset(id, source, resolvers);
  });
  return { loader, compiled };
}

const household = (km: number) => ({ id: 'H', km_to_market_town: km, community: { id: 'c', juntos_household_share: 0.71 }, members: [] });
const eligibleWith = (ruleset: LoadedRuleset, resolve: (ref: string) => LoadedRuleset | undefined, km: number) =>
  evaluate(ruleset, household(km), { date: '2013-06-30', explain: false, resolve }).decisions[0]!.eligible;

describe('the shared ruleset loader', () => {
  it('compiles a version once; a dependency changing rebuilds its readers, an unrelated change does not', () => {
    const sources = new MemorySources();
    sources.save('pe/base', BASE);
    const reader = sources.save('pe/reader', READER);
    const { loader, compiled } = counted(sources);
    const first = loader.live(reader);
    expect(first.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(loader.live(reader)).toBe(first);
    sources.save('pe/other', 'program pe/other "Other"\n  country PE\n  currency PEN\n');
    expect(loader.live(reader)).toBe(first); // a new generation, but nothing it read changed
    expect(eligibleWith(first.ruleset!, first.resolve, 40)).toBe(true);
    sources.save('pe/base', maxKm(30));
    const rebuilt = loader.live(reader);
    expect(rebuilt).not.toBe(first);
    expect(eligibleWith(rebuilt.ruleset!, rebuilt.resolve, 40)).toBe(false);
    expect(compiled.filter((id) => id === 'pe/reader')).toHaveLength(2);
  });

  it('a pinned version reads the exact versions it recorded; live reads the current ones', () => {
    const sources = new MemorySources();
    const base1 = sources.save('pe/base', BASE);
    const reader = sources.save('pe/reader', READER, { pins: { 'pe/base': base1.version } });
    sources.save('pe/base', maxKm(30));
    const { loader } = counted(sources);
    const pinned = loader.pinned(reader);
    expect(pinned.dependencies).toEqual(new Map([['pe/base', base1.version]]));
    expect(eligibleWith(pinned.ruleset!, pinned.resolve, 40)).toBe(true);
    const live = loader.live(reader);
    expect(live.dependencies).toEqual(new Map([['pe/base', sources.current('pe/base')!.version]]));
    expect(eligibleWith(live.ruleset!, live.resolve, 40)).toBe(false);
  });

  it('names versions by number, short hash and full hash, and says what exists otherwise', () => {
    const sources = new MemorySources();
    const v1 = sources.save('pe/base', BASE);
    const v2 = sources.save('pe/base', maxKm(30));
    const { loader } = counted(sources);
    expect(loader.lookup('pe/base', { kind: 'number', number: 1 })).toMatchObject({ ok: true, record: { version: v1.version } });
    expect(loader.lookup('pe/base', { kind: 'short', prefix: v2.version.slice(7, 17) })).toMatchObject({ ok: true, record: { number: 2 } });
    expect(loader.lookup('pe/base', { kind: 'hash', hash: v1.version })).toMatchObject({ ok: true, record: { number: 1 } });
    expect(loader.lookup('pe/base', { kind: 'number', number: 7 })).toMatchObject({ ok: false, reason: 'unknown', message: expect.stringMatching(/versions are 1 to 2/) });
    expect(loader.lookup('pe/none', { kind: 'number', number: 1 })).toMatchObject({ ok: false, reason: 'unknown-ruleset' });
    expect(loader.resolve(`pe/base@1`)).toMatchObject({ version: v1.version });
  });

  it('takes dependencies from the checker: programs named in comments or strings are not read', () => {
    const sources = new MemorySources();
    sources.save('pe/base', BASE);
    const { loader } = counted(sources);
    const text = READER.replace('# Reads pe/base', '# Reads pe/base, not pe/comment-only') + '\n# eligible(pe/in-a-comment)\n';
    const entry = loader.candidate('pe/reader', text.replace('"Reader program"', '"Reads eligible(pe/in-title)"'));
    expect([...entry.dependencies.keys()]).toEqual(['pe/base']);
    expect(loader.size).toBe(0); // a candidate is not cached
  });

  it('a folder (one text per id, no history) reads pins by hash only; its Registry forgets a changed text', () => {
    const texts: Record<string, string> = { 'pe/base': BASE, 'pe/reader': READER };
    const registry = new Registry((id) => texts[id]);
    const base = registry.load('pe/base').ruleset!;
    expect(registry.get(`pe/base@${base.version.slice(7, 15)}`)).toBe(base);
    expect(registry.get('pe/base@1')).toBeUndefined(); // numbers belong to the server's history
    expect(registry.get(`pe/base@${'0'.repeat(8)}`)).toBeUndefined();
    const reader = registry.load('pe/reader').ruleset!;
    expect(eligibleWith(reader, registry.resolve, 40)).toBe(true);
    texts['pe/base'] = maxKm(30);
    registry.invalidate('pe/base');
    const again = registry.load('pe/reader').ruleset!;
    expect(eligibleWith(again, registry.resolve, 40)).toBe(false);
  });
});
