// A subject's explanation in one language: the structured explanation built from the IR and the node
// values (engine/explain/build.ts), then sentences from the one renderer (engine/render/). Both evaluators
// feed this through `NodeTrace` (compiled traces, interpreter values), so their explanations agree.
import type { Aggregate } from '../dsl/ast';
import type { CheckedRuleset } from '../dsl/check/types';
import type { ExplanationNode } from './decision';
import { ExplanationBuilder, type NodeValues, type ReasonPart } from './explain/build';
import type { Reason } from './explain/types';
import type { ReasonMemo } from './explain/memo';
import { aggregateConcerned, type MemberTruth } from './interpret';
import { lower } from './ir/lower';
import { LANGS, type Lang } from './render/catalog/types';
import { rendererFor, type Renderer } from './render/render';
import { explainedNodes } from './trace-points';
import { membersOf, type EvalEnv, type RawHousehold } from './types';
import type { Unknown } from './unknown';
import { formatIsoDate } from './values';

export type { Lang } from './render/catalog/types';
export type { Reason, StructuredExplanation } from './explain/types';

/** The values of a subject's explained nodes: `value` is undefined when unknown; `origins` says why. */
export interface NodeTrace {
  value(id: number): unknown;
  origins(id: number): Unknown | undefined;
  /** Which members meet an `any`/`all` condition (asked only for a condition's own test). */
  members(agg: Aggregate): MemberTruth[];
  /** Whether each member passes that condition's `where` filter, when the evaluator kept it. */
  concerned?(aggregateId: number): readonly (boolean | null)[] | undefined;
}

export interface Explained {
  explanation: ExplanationNode | undefined;
  reasons: string[];
  /** The reasons as data, each with its text: codes, node ids, values, pointers. */
  structured: Reason[];
}

/** Whom and in which language: the household names the members a missing fact is about. */
export interface ExplainContext {
  lang?: Lang;
  household?: RawHousehold;
  memberIndex?: number;
  env?: EvalEnv;
}

const NO_MEMBERS: Record<string, unknown>[] = [];

export function explainSubject(checked: CheckedRuleset, trace: NodeTrace, day: number, withTree: boolean, ctx: ExplainContext = {}): Explained {
  const ir = lower(checked);
  const values = new TraceValues(checked, trace, day, ctx);
  const b = new ExplanationBuilder({ ir, values, day, members: ctx.household ? membersOf(ctx.household) : NO_MEMBERS });
  const r = rendererFor(ir, ctx.lang ?? 'en').on(day);
  const structured = b.reasons();
  const reasons = r.reasons(structured);
  let explanation: ExplanationNode | undefined;
  if (withTree) {
    const e = b.eligible();
    const decided = e === false || (e === true && (ir.benefit === undefined || trace.value(ir.benefit.amount.id) !== undefined));
    explanation = b.tree(r, decided);
  }
  return { reasons, structured, explanation };
}

/** A decided subject's reasons on the batch path: the same texts as explainSubject's, each part remembered
 *  by what it read (explain/memo.ts). `last`: one more part, written from the same values (the payment's). */
export function rememberedReasons(
  checked: CheckedRuleset, trace: NodeTrace, day: number, ctx: ExplainContext, memo: ReasonMemo,
  last?: { key: string; write: (values: NodeValues) => string[] },
): string[] {
  const ir = lower(checked);
  const values = new TraceValues(checked, trace, day, ctx);
  const b = new ExplanationBuilder({ ir, values, day, members: ctx.household ? membersOf(ctx.household) : NO_MEMBERS });
  const writer: PartWriter = { builder: b, renderer: rendererFor(ir, ctx.lang ?? 'en').on(day), part: undefined };
  const out: string[] = [];
  for (const part of b.reasonParts()) {
    writer.part = part;
    const texts = memo.texts(part.key, values, day, writePart, writer);
    for (let i = 0; i < texts.length; i++) out.push(texts[i]!);
  }
  if (last) {
    const texts = memo.texts(last.key, values, day, last.write, undefined);
    for (let i = 0; i < texts.length; i++) out.push(texts[i]!);
  }
  return out;
}

/** One subject's writing of the part being asked for (set before each ask). */
interface PartWriter {
  builder: ExplanationBuilder;
  renderer: Renderer;
  part: ReasonPart | undefined;
}

function writePart(values: NodeValues, w: PartWriter): string[] {
  return w.builder.readingFrom(values, () => {
    const rs: Reason[] = [];
    w.builder.writePart(w.part!, rs);
    return values.template ? w.renderer.withTemplate(values.template, () => w.renderer.reasons(rs)) : w.renderer.reasons(rs);
  });
}

/** The reason of a decision outside the program's own dates. */
export function notInForceReason(checked: CheckedRuleset, day: number, lang: Lang = 'en'): { text: string; structured: Reason } {
  const f = checked.header.inForce!;
  const structured: Reason = { code: 'program_not_in_force', day: formatIsoDate(day), from: f.from.text, ...(f.until ? { until: f.until.text } : {}) };
  return { text: rendererFor(lower(checked), lang).reason(structured), structured };
}

/** `lang` of a request or `--lang`: one of es, pt, en (a region is ignored: "es-BO" → es). */
export function parseLang(text: string | undefined): Lang | undefined {
  if (!text) return undefined;
  const base = text.trim().toLowerCase().split(/[-_]/)[0] as Lang;
  return LANGS.includes(base) ? base : undefined;
}

/** The best of es, pt, en for an `Accept-Language` header ("pt-BR,pt;q=0.9,en;q=0.8"), else undefined. */
export function langFromAcceptLanguage(header: string | undefined): Lang | undefined {
  if (!header) return undefined;
  const ranked = header.split(',').slice(0, 32).map((part, i) => {
    const [tag, ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q ? Number(q.slice(2)) : 1;
    return { lang: parseLang(tag), weight: Number.isFinite(weight) ? weight : 0, i };
  });
  ranked.sort((a, b) => b.weight - a.weight || a.i - b.i);
  return ranked.find((r) => r.lang && r.weight > 0)?.lang;
}

/** Node values for the builder: the evaluator's trace, plus, for an `all` over members that held, whom
 *  its filter lets in (kept by the compiled code; asked of the interpreter otherwise). */
class TraceValues implements NodeValues {
  constructor(private readonly checked: CheckedRuleset, private readonly trace: NodeTrace, private readonly day: number, private readonly ctx: ExplainContext) {}
  value(id: number): unknown {
    return this.trace.value(id);
  }
  origins(id: number): Unknown | undefined {
    return this.trace.origins(id);
  }
  shown(id: number): unknown {
    return this.trace.value(id);
  }
  members(aggregateId: number): readonly { id: string; holds: boolean | null }[] {
    const agg = explainedNodes(this.checked).get(aggregateId);
    return agg && agg.kind === 'Aggregate' ? this.trace.members(agg) : [];
  }
  concerned(aggregateId: number): readonly (boolean | null)[] {
    const kept = this.trace.concerned?.(aggregateId);
    if (kept) return kept;
    if (!this.ctx.household) return [null];
    return aggregateConcerned(this.checked, this.ctx.household, this.day, this.ctx.memberIndex ?? -1, aggregateId, this.ctx.env);
  }
}

const COUNTABLE = new Set(['year', 'month', 'bimonth', 'day', 'person', 'point', 'checkup', 'room', 'grade']);

/** A value with its unit as a person reads it: "21 years", "1 year", "450 BOB per person per month". */
export function quantityText(value: unknown, unit: string | undefined): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (!unit || value === null || value === undefined) return text;
  if (value === 1) return `${text} ${unit}`;
  const [first, ...rest] = unit.split(' ');
  return `${text} ${[COUNTABLE.has(first) ? `${first}s` : first, ...rest].join(' ')}`;
}
