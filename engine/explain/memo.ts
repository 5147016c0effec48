// The reasons of decided subjects, remembered by what their writing read. A part of a subject's reasons
// (a top-level criterion, the amount, the components: ExplanationBuilder.reasonParts) is a pure function
// of the node values it reads once the ruleset, the language and the day are fixed, and most subjects of
// a batch read the same values for it (the same enum, the same age, the same member answers). So the batch
// path keeps, per (ruleset, language, day) and part, a trie of the reads the writing made — each step one
// read, its children by the value read — whose leaves are the texts written. A part whose reads follow a
// known path gets its texts from the leaf: the reads again, without building the structured reasons or
// rendering them. A new path is written the usual way, through a recorder, then kept.
//
// Exact by construction, as long as the writing reads the subject only through the values it is given:
// what it would read otherwise is refused here. An unknown value with origins (missing facts name members
// from the household) or an object value make the part written the usual way and not kept.
// test/engine/reason-memo.test.ts holds the remembered texts to the written ones on generated households
// of every shipped ruleset.
import type { NodeValues } from './build';
import type { Unknown } from '../unknown';

/** A read the trie does not key on: the subject's reasons are written, not remembered. */
const REFUSED = Symbol('refused');
type Key = string | number | boolean | undefined | typeof REFUSED;

type Read =
  | { op: 'value'; id: number }
  | { op: 'origins'; id: number }
  | { op: 'members'; id: number }
  | { op: 'concerned'; id: number };

interface Step {
  read: Read | undefined; // undefined at a leaf
  next: Map<Key, Step> | undefined;
  texts: readonly string[] | undefined;
}

/** Paths kept before the trie starts again: bounded memory for a batch of all-different values. */
const MAX_LEAVES = 20_000;

export class ReasonMemo {
  private readonly roots = new Map<string, Step>();
  private leaves = 0;
  private day = NaN;
  /** Parts answered from the trie, and written (for the tests and the bench: how often it serves). */
  hits = 0;
  writes = 0;

  /** A part's texts: remembered, or written by `write` (which must read the subject only through the
   *  values it is given) and remembered. Not to be changed by the caller: the memo keeps them. */
  texts(part: string, values: NodeValues, day: number, write: (values: NodeValues) => string[]): readonly string[] {
    if (day !== this.day) this.clear(day);
    const root = this.roots.get(part);
    const found = root === undefined ? undefined : lookup(root, values);
    if (found !== undefined) {
      this.hits++;
      return found;
    }
    this.writes++;
    const recorder = new Recorder(values);
    const texts = write(recorder);
    if (!recorder.refused) this.keep(part, recorder.reads, recorder.keys, texts);
    return texts;
  }

  private clear(day: number): void {
    this.roots.clear();
    this.leaves = 0;
    this.day = day;
  }

  private keep(part: string, reads: Read[], keys: Key[], texts: string[]): void {
    if (this.leaves >= MAX_LEAVES) this.clear(this.day);
    const leaf = (): Step => ({ read: undefined, next: undefined, texts });
    let root = this.roots.get(part);
    if (reads.length === 0) {
      if (!root) this.roots.set(part, leaf());
      return;
    }
    if (!root) this.roots.set(part, (root = { read: reads[0], next: new Map(), texts: undefined }));
    let step = root;
    for (let i = 0; i < reads.length; i++) {
      // The same reads so far must ask the same next read (the writing is a function of what it read);
      // a path that does not is not kept.
      if (step.read === undefined || !sameRead(step.read, reads[i]!)) return;
      let next = step.next!.get(keys[i]);
      if (next === undefined) {
        next = i + 1 < reads.length ? { read: reads[i + 1], next: new Map(), texts: undefined } : leaf();
        step.next!.set(keys[i], next);
        if (i + 1 === reads.length) this.leaves++;
      }
      step = next;
    }
  }
}

function lookup(root: Step, values: NodeValues): readonly string[] | undefined {
  let step: Step | undefined = root;
  while (step.read !== undefined) {
    const key = keyOf(step.read, values);
    if (key === REFUSED) return undefined;
    step = step.next!.get(key);
    if (step === undefined) return undefined;
  }
  return step.texts;
}

function sameRead(a: Read, b: Read): boolean {
  return a.op === b.op && a.id === b.id;
}

/** What a read gives, as a key of the trie (REFUSED: not keyed on). */
function keyOf(read: Read, values: NodeValues): Key {
  switch (read.op) {
    case 'value':
      return primitiveKey(values.value(read.id));
    case 'origins':
      return values.origins(read.id) === undefined ? undefined : REFUSED;
    case 'members':
      return membersKey(values.members(read.id));
    case 'concerned': {
      let k = '';
      for (const c of values.concerned(read.id)) k += c === null ? 'u' : c ? 't' : 'f';
      return k;
    }
  }
}

function primitiveKey(v: unknown): Key {
  return v === undefined || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : REFUSED;
}

function membersKey(members: readonly { id: string; holds: boolean | null }[]): string {
  let k = '';
  for (const m of members) k += `${m.holds === null ? 'u' : m.holds ? 't' : 'f'}${m.id}\u0000`;
  return k;
}

/** The values as the writing reads them, each read logged with its key. */
class Recorder implements NodeValues {
  readonly reads: Read[] = [];
  readonly keys: Key[] = [];
  refused = false;
  constructor(private readonly values: NodeValues) {}
  private log(read: Read): void {
    const key = keyOf(read, this.values);
    if (key === REFUSED) this.refused = true;
    this.reads.push(read);
    this.keys.push(key);
  }
  value(id: number): unknown {
    this.log({ op: 'value', id });
    return this.values.value(id);
  }
  origins(id: number): Unknown | undefined {
    this.log({ op: 'origins', id });
    return this.values.origins(id);
  }
  members(aggregateId: number): readonly { id: string; holds: boolean | null }[] {
    this.log({ op: 'members', id: aggregateId });
    return this.values.members(aggregateId);
  }
  concerned(aggregateId: number): readonly (boolean | null)[] {
    this.log({ op: 'concerned', id: aggregateId });
    return this.values.concerned(aggregateId);
  }
}
