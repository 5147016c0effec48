// Counterfactuals for each subject of one household on one date: margins of a determined decision, the
// nearest flips of an ineligible or undetermined one, and the next date on which the decision changes by
// itself. The IR says which facts the decision reads and where its thresholds are (facts.ts); the public
// evaluator, run on changed copies of the household, says what the decision becomes (probe.ts). Nothing
// is reported that was not re-evaluated.
import { formatUnit } from '../../dsl/check/units';
import type { Household } from '../decision';
import { decide } from '../evaluate';
import { lower } from '../ir/lower';
import { resolveForDate } from '../ir/resolve';
import type { IrRuleset, IrType } from '../ir/types';
import { membersOf, type LoadedRuleset, type RawHousehold, type RulesetResolver } from '../types';
import { fromMicros, parseIsoDate, toMicros } from '../values';
import { dateEvents } from './dates';
import { decisionFacts, fieldKey, type DecisionFacts, type FieldRef } from './facts';
import { readFact, type Edit } from './household-edit';
import { changeClause, factName, message, quantity } from './messages';
import { Probe, SearchCapped } from './probe';
import { numericBounds } from './schema-bounds';
import { searchAxis, type Axis } from './search';
import type { DateChange, FactChange, Flip, Margin, SubjectCounterfactuals } from './types';
import { fixedFields } from './fixed';

export interface CounterfactualOptions {
  date: string;
  resolve?: RulesetResolver;
  /** Evaluations per subject (default 4,000): the search stops there and says so. */
  cap?: number;
  /** Days ahead searched for the next change of the decision (default 10 years). */
  horizonDays?: number;
  /** Also search changes of two facts (default true; skipped when the cap is reached). */
  pairs?: boolean;
  /** How many flips to report, smallest first (default 8). */
  maxFlips?: number;
  /** Only these subjects (default all). */
  subjects?: readonly string[];
}

export const DEFAULT_CAP = 4000;
const DEFAULT_HORIZON = 3653;

/** One fact of this household the decision reads and that may change. */
interface Slot {
  pointer: string;
  ref: FieldRef;
  value: unknown; // undefined: absent
  unit: string;
  name: string;
}

const factsOf = new WeakMap<IrRuleset, DecisionFacts>();

export function counterfactuals(ruleset: LoadedRuleset, household: Household, options: CounterfactualOptions): SubjectCounterfactuals[] {
  const day = parseIsoDate(options.date);
  if (day === undefined) throw new RangeError(`not an ISO date: ${JSON.stringify(options.date)}`);
  const ir = resolveForDate(lower(ruleset.checked), day);
  let facts = factsOf.get(ir);
  if (!facts) factsOf.set(ir, (facts = decisionFacts(ir)));
  const decisions = decide(ruleset, household, { date: options.date, resolve: options.resolve });
  const wanted = options.subjects ? new Set(options.subjects) : undefined;
  return decisions
    .filter((d) => !wanted || wanted.has(d.subject))
    .map((d) => new SubjectAnalysis(ruleset, household, options, ir, facts!, d.subject, d.eligible).run());
}

class SubjectAnalysis {
  private readonly probe: Probe;
  private readonly members: Record<string, unknown>[];
  private readonly fixed: string[] = [];

  constructor(
    private readonly ruleset: LoadedRuleset, private readonly household: Household, private readonly options: CounterfactualOptions,
    private readonly ir: IrRuleset, private readonly facts: DecisionFacts, private readonly subject: string,
    private readonly baseline: boolean | null,
  ) {
    this.probe = new Probe(ruleset, household, options.date, subject, options.cap ?? DEFAULT_CAP, options.resolve);
    this.members = membersOf(household as RawHousehold);
  }

  run(): SubjectCounterfactuals {
    const slots = this.slots();
    const margins: Margin[] = [];
    const flips: Flip[] = [];
    let next: DateChange | undefined;
    const stage = (f: () => void) => {
      try {
        f();
      } catch (e) {
        if (!(e instanceof SearchCapped)) throw e;
      }
    };
    // Dates first: few evaluations, and the most useful sentence for a subject who is too young.
    stage(() => (next = dateEvents(this.probe, this.ir, this.household, this.baseline, this.options.horizonDays ?? DEFAULT_HORIZON, (i) => this.memberId(i))));
    if (this.baseline !== null) stage(() => this.margins(slots, margins));
    if (this.baseline !== true) {
      stage(() => this.singleFlips(slots, flips, margins));
      if (this.options.pairs ?? true) stage(() => this.pairFlips(slots, flips));
    }
    flips.sort((a, b) => a.size - b.size || a.changes.length - b.changes.length || a.message.text.localeCompare(b.message.text));
    const out: SubjectCounterfactuals = {
      subject: this.subject,
      eligible: this.baseline,
      margins,
      flips: flips.slice(0, this.options.maxFlips ?? 8),
      search: {
        evaluations: this.probe.evaluations,
        cap: this.probe.cap,
        capped: this.probe.capped,
        horizonDays: this.options.horizonDays ?? DEFAULT_HORIZON,
        fixed: this.fixed,
        note: 'numbers on a grid of their resolution from the current value, within the household schema\'s bounds, probed at every threshold the rules compare them with; one- and two-fact changes; member ages, birth dates and facts the ruleset marks `cannot change` are not changed',
      },
    };
    if (next) out.next = next;
    return out;
  }

  private memberId(i: number): string {
    return String(this.members[i]?.id ?? i + 1);
  }

  private subjectIndex(): number {
    return this.subject === 'household' ? -1 : this.members.findIndex((m) => String(m.id) === this.subject);
  }

  /** The concrete facts: household fields once, member fields per member (or the subject's only). */
  private slots(): Slot[] {
    const fixed = fixedFields(this.ruleset.checked);
    const out: Slot[] = [];
    if (this.facts.readsAge) this.fixed.push('/members/*/birth_date', '/members/*/age');
    if (this.facts.readsResidency) this.fixed.push('/resident_since');
    for (const [key, ref] of this.facts.fields) {
      if (ref.type.kind === 'text' || ref.type.kind === 'record') continue; // identifiers and names are not searched
      const where = ref.owner === 'household' ? '' : '/members/*';
      if (fixed.has(key)) {
        this.fixed.push(`${where}/${ref.path.join('/')}`);
        continue;
      }
      if (ref.owner === 'member' && ref.path[0] === 'birth_date') continue;
      const indices = ref.owner === 'household' ? [-1] : ref.subjectOnly ? [this.subjectIndex()] : this.members.map((_, i) => i);
      for (const i of indices) {
        if (ref.owner === 'member' && i < 0) continue;
        const pointer = (i < 0 ? '' : `/members/${i}`) + '/' + ref.path.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
        const raw = readFact(this.household, pointer);
        out.push({ pointer, ref, value: raw === null ? undefined : raw, unit: unitText(ref.type), name: factName(pointer, (m) => this.memberId(m)) });
      }
    }
    return out;
  }

  private axis(slot: Slot, start: number): Axis {
    const b = numericBounds(slot.ref.owner, slot.ref.path);
    return { fact: slot.pointer, start, resolution: b.resolution, min: b.min, max: b.max, hints: this.hints(slot, start, b.min, b.max, b.resolution) };
  }

  /** The thresholds compared with the field, and where a compared quantity derived from it (a per-capita
   *  income) is estimated to cross its threshold: the side's value at two points, if it moves linearly. */
  private hints(slot: Slot, x0: number, min: number, max: number, res: number): number[] {
    const key = fieldKey(slot.ref.owner, slot.ref.path);
    const hints = [...(this.facts.hints.get(key) ?? [])];
    const outer = this.facts.outer.filter((o) => o.reads.has(key));
    if (!outer.length) return hints;
    let d = Math.max(100 * res, Math.abs(x0));
    if (x0 + d > max) d = -d;
    if (x0 + d < min) return hints;
    const ids = outer.flatMap((o) => [o.side.id, o.other.id]);
    const here = this.probe.nodes([{ fact: slot.pointer, to: x0 }], ids);
    const there = this.probe.nodes([{ fact: slot.pointer, to: fromMicros(toMicros(x0) + toMicros(d)) }], ids);
    outer.forEach((o, i) => {
      const [s0, t, s1] = [here[2 * i], here[2 * i + 1], there[2 * i]];
      if (typeof s0 === 'number' && typeof s1 === 'number' && typeof t === 'number' && s1 !== s0) hints.push(x0 + ((t - s0) * d) / (s1 - s0));
    });
    return hints;
  }

  private margins(slots: Slot[], out: Margin[]): void {
    for (const slot of slots) {
      if (typeof slot.value !== 'number') continue;
      const axis = this.axis(slot, slot.value);
      for (const direction of [1, -1] as const) {
        const b = searchAxis(this.probe, axis, direction, (v) => v !== this.baseline);
        if (b) out.push(this.margin(slot, axis, direction, b.limit, b.flipsAt));
      }
    }
  }

  private margin(slot: Slot, axis: Axis, direction: 1 | -1, limit: number, flipsAt: number): Margin {
    const value = slot.value as number;
    const by = Math.abs(fromMicros(toMicros(limit) - toMicros(value))!);
    const toFlip = Math.abs(fromMicros(toMicros(flipsAt) - toMicros(value))!);
    const named = this.whatChanged(slot.pointer, limit, flipsAt);
    const m: Margin = {
      fact: slot.pointer, value, unit: slot.unit, direction: direction > 0 ? 'up' : 'down', limit, flipsAt, by,
      resolution: axis.resolution, conditions: named.conditions,
      message: message(`margin.${this.verb()}.${direction > 0 ? 'up' : 'down'}`, { fact: slot.name, by, limit, unit: slot.unit, to_flip: toFlip, flips_at: flipsAt }),
    };
    if (named.via) {
      m.via = named.via;
      const v = named.via;
      const side = v.value < v.threshold.value ? 'under' : v.value > v.threshold.value ? 'over' : 'at';
      m.message = message(`margin.${this.verb()}.${direction > 0 ? 'up' : 'down'}.via`, {
        fact: slot.name, by, limit, unit: slot.unit, to_flip: toFlip, flips_at: flipsAt, quantity: v.quantity.replace(/_/g, ' '), quantity_by: v.by, quantity_unit: v.unit,
        side, threshold: v.threshold.name ? `the ${v.threshold.name.replace(/_/g, ' ')}` : quantity(v.threshold.value, v.unit),
      });
    }
    // Exactly at the limit: "could rise by 0" said nothing; the next step of the grid changes the decision.
    if (by === 0 && this.verb() === 'keep') {
      m.message = message(`margin.edge.${direction > 0 ? 'up' : 'down'}`, { fact: slot.name, limit, unit: slot.unit, flips_at: flipsAt });
    }
    return m;
  }

  /** An eligible subject keeps eligibility within a margin; an ineligible one reaches it past one. */
  private verb(): 'keep' | 'reach' {
    return this.baseline === true ? 'keep' : 'reach';
  }

  /** The labelled conditions whose truth differs between the two values of the fact, and the derived
   *  quantity compared (its value now and its threshold) when that comparison is one that changed. */
  private whatChanged(pointer: string, limit: number, flipsAt: number): { conditions: string[]; via: Margin['via'] } {
    const conds = this.facts.conditions;
    const key = keyOfPointer(pointer);
    const outer = this.facts.outer.filter((o) => o.reads.has(key) && o.side.kind !== 'field');
    const ids = [...conds.map((c) => c.id), ...outer.flatMap((o) => [o.id, o.side.id, o.other.id])];
    const a = this.probe.nodes([{ fact: pointer, to: limit }], ids);
    const b = this.probe.nodes([{ fact: pointer, to: flipsAt }], ids);
    const conditions = conds.filter((_, i) => a[i] !== b[i]).map((c) => c.label);
    let via: Margin['via'];
    const now = outer.length ? this.probe.nodes([], ids) : [];
    outer.forEach((o, j) => {
      const i = conds.length + 3 * j;
      if (via || a[i] === b[i]) return;
      const [value, threshold] = [now[i + 1], now[i + 2]];
      if (typeof value !== 'number' || typeof threshold !== 'number') return;
      via = {
        quantity: o.quantity ?? 'the compared value', value, unit: unitText(o.side.type),
        threshold: { name: o.thresholdName, value: threshold }, by: Math.abs(fromMicros(toMicros(threshold) - toMicros(value))!),
      };
    });
    return { conditions, via };
  }

  /** One fact changed: the nearest value of each number that makes the subject eligible, every other
   *  value of each enum and boolean, and each absent fact filled in. */
  private singleFlips(slots: Slot[], out: Flip[], margins: Margin[]): void {
    const eligible = (v: boolean | null) => v === true;
    for (const slot of slots) {
      if (typeof slot.value === 'number') {
        const axis = this.axis(slot, slot.value);
        for (const direction of [1, -1] as const) {
          // An ineligible subject's margins already end where the decision flips; reuse them when it flips to eligible.
          const m = margins.find((x) => x.fact === slot.pointer && x.direction === (direction > 0 ? 'up' : 'down'));
          const to = m && this.probe.eligible([{ fact: slot.pointer, to: m.flipsAt }]) === true ? m.flipsAt : searchAxis(this.probe, axis, direction, eligible)?.flipsAt;
          if (to !== undefined) out.push(this.flip([{ slot, to }]));
        }
      } else if (slot.value === undefined && slot.ref.type.kind === 'number') {
        this.fillNumber(slot, out);
      } else {
        for (const to of alternatives(slot)) if (eligible(this.probe.eligible([{ fact: slot.pointer, to }]))) out.push(this.flip([{ slot, to }]));
      }
    }
  }

  /** An absent number: the thresholds (and 0) tried; around the first that makes the subject eligible,
   *  the range of values that does. */
  private fillNumber(slot: Slot, out: Flip[]): void {
    const b = numericBounds(slot.ref.owner, slot.ref.path);
    const key = fieldKey(slot.ref.owner, slot.ref.path);
    const candidates = new Set<number>([Math.max(b.min, 0)]);
    for (const h of this.facts.hints.get(key) ?? []) for (const x of [h - b.resolution, h, h + b.resolution]) if (x >= b.min && x <= b.max) candidates.add(fromMicros(toMicros(x))!);
    for (const c of [...candidates].sort((x, y) => x - y)) {
      if (this.probe.eligible([{ fact: slot.pointer, to: c }]) !== true) continue;
      const axis = { ...this.axis({ ...slot, value: c }, c) };
      const stays = (v: boolean | null) => v !== true;
      const high = searchAxis(this.probe, axis, 1, stays)?.limit ?? b.max;
      const low = searchAxis(this.probe, axis, -1, stays)?.limit ?? b.min;
      const f = this.flip([{ slot, to: c }]);
      f.message = message('flip.fill.range', { fact: slot.name, low, high, unit: slot.unit });
      f.changes[0].to = low === high ? low : c;
      out.push(f);
      return;
    }
  }

  /** Two facts changed, where neither alone makes the subject eligible: every pair of candidate values
   *  (enum and boolean alternatives, each number's thresholds), then each number refined to its nearest
   *  value with the other change in place. */
  private pairFlips(slots: Slot[], out: Flip[]): void {
    const alone = new Set(out.map((f) => f.changes[0].fact));
    const open = slots.filter((s) => !alone.has(s.pointer));
    const candidates = open.map((s) => ({ slot: s, values: this.candidateValues(s) }));
    const found = new Map<string, Flip>();
    for (let i = 0; i < candidates.length; i++) {
      for (let j = i + 1; j < candidates.length; j++) {
        const [a, b] = [candidates[i], candidates[j]];
        for (const va of a.values) {
          for (const vb of b.values) {
            const pairKey = `${a.slot.pointer} ${b.slot.pointer}`;
            if (found.has(pairKey)) continue;
            if (this.probe.eligible([{ fact: a.slot.pointer, to: va }, { fact: b.slot.pointer, to: vb }]) !== true) continue;
            const ta = this.refine(a.slot, va, { fact: b.slot.pointer, to: vb });
            const tb = this.refine(b.slot, vb, { fact: a.slot.pointer, to: ta });
            if (this.probe.eligible([{ fact: a.slot.pointer, to: ta }, { fact: b.slot.pointer, to: tb }]) !== true) continue; // verify
            found.set(pairKey, this.flip([{ slot: a.slot, to: ta }, { slot: b.slot, to: tb }]));
          }
        }
      }
    }
    out.push(...found.values());
  }

  /** A number that makes the subject eligible with `other` in place, moved back towards its current value
   *  as far as it still does. */
  private refine(slot: Slot, to: unknown, other: Edit): unknown {
    if (typeof slot.value !== 'number' || typeof to !== 'number') return to;
    const direction = to > slot.value ? 1 : -1;
    return searchAxis(this.probe, this.axis(slot, slot.value), direction, (v) => v === true, [other])?.flipsAt ?? to;
  }

  /** What a fact is tried at in pair search: alternatives, or a number's two nearest thresholds each way. */
  private candidateValues(slot: Slot): unknown[] {
    if (slot.ref.type.kind !== 'number') return alternatives(slot);
    const b = numericBounds(slot.ref.owner, slot.ref.path);
    const x0 = typeof slot.value === 'number' ? slot.value : 0;
    const points = new Set<number>();
    for (const h of this.hints(slot, x0, b.min, b.max, b.resolution)) for (const x of [h - b.resolution, h + b.resolution]) if (x >= b.min && x <= b.max && x !== x0) points.add(fromMicros(toMicros(x))!);
    const up = [...points].filter((x) => x > x0).sort((p, q) => p - q).slice(0, 2);
    const down = [...points].filter((x) => x < x0).sort((p, q) => q - p).slice(0, 2);
    return [...up, ...down];
  }

  private flip(changes: { slot: Slot; to: unknown }[]): Flip {
    const fc: FactChange[] = changes.map(({ slot, to }) => {
      const c: FactChange = { fact: slot.pointer, from: slot.value ?? null, to };
      if (slot.unit) c.unit = slot.unit;
      if (typeof slot.value === 'number' && typeof to === 'number') c.by = fromMicros(toMicros(to) - toMicros(slot.value))!;
      return c;
    });
    const size = changes.reduce((s, { slot, to }) => s + changeSize(slot, to), 0);
    const named = changes.length === 1 && typeof changes[0].to === 'number' && typeof changes[0].slot.value === 'number'
      ? this.whatChanged(changes[0].slot.pointer, changes[0].slot.value, changes[0].to).conditions
      : [];
    let msg;
    if (changes.length === 2) {
      const [a, b] = changes;
      msg = message('flip.pair', { first: changeClause(a.slot.name, a.slot.value, a.to, a.slot.unit), second: changeClause(b.slot.name, b.slot.value, b.to, b.slot.unit) });
    } else {
      const { slot, to } = changes[0];
      msg = slot.value === undefined
        ? message('flip.fill', { fact: slot.name, to: String(to).replace(/_/g, ' ') })
        : typeof to === 'number'
          ? message('flip.number', { fact: slot.name, from: slot.value as number, to, unit: slot.unit })
          : message('flip.value', { fact: slot.name, from: display(slot.value), to: display(to) });
    }
    return { changes: fc, size: Math.round(size * 1e6) / 1e6, conditions: named, message: msg };
  }
}

function display(v: unknown): string {
  return typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v).replace(/_/g, ' ');
}

function alternatives(slot: Slot): unknown[] {
  const t = slot.ref.type;
  if (t.kind === 'bool') return slot.value === undefined ? [true, false] : [!slot.value];
  if (t.kind === 'enum') return t.values.filter((v) => v !== slot.value);
  return [];
}

function changeSize(slot: Slot, to: unknown): number {
  if (slot.value === undefined) return 0.5;
  if (typeof slot.value === 'number' && typeof to === 'number') {
    const res = numericBounds(slot.ref.owner, slot.ref.path).resolution;
    return Math.abs(to - slot.value) / Math.max(Math.abs(to), Math.abs(slot.value), res);
  }
  return 1;
}

function unitText(t: IrType): string {
  if (t.kind !== 'number' || t.unit === 'any') return '';
  const u = formatUnit(t.unit);
  return u === 'number' ? '' : u;
}

function keyOfPointer(pointer: string): string {
  const s = pointer.split('/').slice(1).map((x) => x.replace(/~1/g, '/').replace(/~0/g, '~'));
  return s[0] === 'members' ? fieldKey('member', s.slice(2)) : fieldKey('household', s);
}
