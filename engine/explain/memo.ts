// The reasons of decided subjects, remembered by what their writing read. A part of a subject's reasons
// (a top-level criterion, the amount, the components: ExplanationBuilder.reasonParts) is a pure function
// of the node values it reads once the ruleset, the language and the day are fixed, and most subjects of
// a batch read the same values for it (the same enum, the same age, the same member answers). So the batch
// path keeps, per (ruleset, language, day) and part, a trie of the reads the writing made — each step one
// read, its children by the value read — whose leaves are the texts written. A part whose reads follow a
// known path gets its texts from the leaf: the reads again, without building the structured reasons or
// rendering them. A new path is written the usual way, through a recorder, then kept. A figure the
// writing only shows (an income, a bill: NodeValues.shown) is keyed on whether it is known, not on its
// value, and the leaf keeps a template whose hole is filled with each subject's figure (template.ts):
// such figures rarely repeat, and before, every subject that showed one wrote its part afresh.
//
// Exact by construction, as long as the writing reads the subject only through the values it is given:
// what it would read otherwise is refused here. An unknown value with origins (missing facts name members
// from the household) or an object value make the part written the usual way and not kept.
// test/engine/reason-memo.test.ts holds the remembered texts to the written ones on generated households
// of every shipped ruleset.
import type { NodeValues } from './build';
import { fill, TemplateSession, type Template } from './template';
import type { Unknown } from '../unknown';

/** A read the trie does not key on: the subject's reasons are written, not remembered. */
const REFUSED = Symbol('refused');
type Key = string | number | boolean | undefined | typeof REFUSED;

type Read =
  | { op: 'value'; id: number }
  | { op: 'shown'; id: number }
  | { op: 'origins'; id: number }
  | { op: 'members'; id: number }
  | { op: 'concerned'; id: number };

interface Step {
  read: Read | undefined; // undefined at a leaf
  next: Map<Key, Step> | undefined;
  /** The part's texts, or its template when they show numbers (explain/template.ts). */
  texts: readonly string[] | Template | undefined;
}

/** Steps, and filled texts of templates, kept before the trie starts again: bounded memory (a few tens of
 *  MB at most: a leaf's texts are about a kilobyte) for a batch of all-different values. */
const MAX_STEPS = 20_000;
/** A part read afresh this often without a hit is not remembered (an income said to the cent rarely
 *  repeats): writing it costs no recording, and it takes no room. Looked at again on the next day. */
const TRIAL = 64;

/** One part's trie and how well it serves. */
interface Part {
  root: Step | undefined;
  hits: number;
  writes: number;
  remembered: boolean;
}

export class ReasonMemo {
  private readonly parts = new Map<string, Part>();
  private steps = 0;
  /** The filled texts the templates keep (template.ts), counted against the same cap as the steps. */
  private readonly kept = { texts: 0 };
  private day = NaN;
  /** Parts answered from the trie, and written (for the tests and the bench: how often it serves). */
  hits = 0;
  writes = 0;
  /** Of the hits, those answered by filling a template's holes. */
  filled = 0;

  /** A part's texts: remembered, or written by `write(values, context)` (which must read the subject only
   *  through the values it is given) and remembered. Not to be changed by the caller: the memo keeps them.
   *  `write` takes a context rather than closing over it: a batch asks for some twenty parts a household,
   *  and most are remembered, so the call allocates nothing. */
  texts<C>(key: string, values: NodeValues, day: number, write: (values: NodeValues, context: C) => string[], context: C): readonly string[] {
    if (day !== this.day) this.clear(day);
    let part = this.parts.get(key);
    if (part === undefined) this.parts.set(key, (part = { root: undefined, hits: 0, writes: 0, remembered: true }));
    const found = part.root === undefined ? undefined : lookup(part.root, values);
    if (found !== undefined) {
      this.hits++;
      part.hits++;
      if (!isTemplate(found)) return found;
      this.filled++;
      const texts = fill(found, values, this.kept);
      this.bound();
      return texts;
    }
    this.writes++;
    part.writes++;
    if (!part.remembered) return write(values, context);
    if (part.writes >= TRIAL && part.hits * 4 < part.writes) {
      part.remembered = false;
      part.root = undefined;
      return write(values, context);
    }
    const recorder = new Recorder(values);
    const written = write(recorder, context);
    const session = recorder.template;
    let kept: readonly string[] | Template = written;
    if (session.wroteHoles) {
      const template = session.template(written);
      // Words that may depend on a hole's filling, or marks in the data: the part written plainly.
      if (template === undefined) return write(values, context);
      kept = template;
    }
    if (!recorder.refused) this.keep(part, recorder.reads, recorder.keys, kept);
    return isTemplate(kept) ? fill(kept, values, this.kept) : kept;
  }

  /** Start again when the steps and the templates' kept texts together reach the cap. */
  private bound(): void {
    if (this.steps + this.kept.texts < MAX_STEPS) return;
    for (const p of this.parts.values()) p.root = undefined;
    this.steps = 0;
    this.kept.texts = 0;
  }

  private clear(day: number): void {
    this.parts.clear();
    this.steps = 0;
    this.kept.texts = 0;
    this.day = day;
  }

  private keep(part: Part, reads: Read[], keys: Key[], texts: readonly string[] | Template): void {
    this.bound();
    if (reads.length === 0) {
      part.root ??= { read: undefined, next: undefined, texts };
      return;
    }
    let step = (part.root ??= this.step(reads[0], undefined));
    for (let i = 0; i < reads.length; i++) {
      // The same reads so far must ask the same next read (the writing is a function of what it read);
      // a path that does not is not kept.
      if (step.read === undefined || !sameRead(step.read, reads[i]!)) return;
      let next = step.next!.get(keys[i]);
      if (next === undefined) step.next!.set(keys[i], (next = this.step(reads[i + 1], texts)));
      step = next;
    }
  }

  /** A new step asking `read`, or a leaf of `texts` when there is no read left. */
  private step(read: Read | undefined, texts: readonly string[] | Template | undefined): Step {
    this.steps++;
    return read === undefined ? { read: undefined, next: undefined, texts } : { read, next: new Map(), texts: undefined };
  }
}

function isTemplate(t: readonly string[] | Template): t is Template {
  return !Array.isArray(t);
}

function lookup(root: Step, values: NodeValues): readonly string[] | Template | undefined {
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
    case 'shown': {
      // Only whether the number is known: its text is a hole of the template.
      const v = values.shown(read.id);
      return v === undefined ? undefined : typeof v === 'number' ? 'n' : REFUSED;
    }
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
  readonly template = new TemplateSession();
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
  shown(id: number): unknown {
    this.log({ op: 'shown', id });
    return this.values.shown(id);
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
