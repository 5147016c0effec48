// Municipal variants, the way OpenFisca "reforms" work: `extends br/bolsa-escola-df` takes every rule of
// the base ruleset, and each declaration of the variant replaces the base's declaration of the same name
// (a parameter, table, let or score — a let may replace a parameter) or the same role (the subject,
// `eligible`, `benefit`, `outcome`); anything else is added. Examples are the variant's own; properties
// are inherited (the laws of a program still hold for its variants) unless redeclared by name.
// Translations are inherited entry by entry: a variant's `translation es` replaces the base's Spanish
// text of the texts and names it lists and keeps the rest.
import type { Declaration, Node, ProgramHeader, RulesetFile, TranslationDecl, TranslationEntry } from './ast';
import type { ProgramResolver } from './check/types';

/** The key under which a declaration replaces another. */
function keyOf(d: Declaration): string | undefined {
  switch (d.kind) {
    case 'ParameterDecl': case 'TableDecl': case 'LetDecl': case 'ScoreDecl': return `name:${d.name.text}`;
    case 'HouseholdSubject': case 'MemberSubject': return 'subject';
    case 'EligibleDecl': return 'eligible';
    case 'BenefitDecl': return 'benefit';
    case 'OutcomeDecl': return 'outcome';
    case 'PropertyDecl': return `property:${d.name}`;
    case 'PaymentDecl': return 'payment';
    case 'ComponentDecl': return `component:${d.name.text}`;
    case 'ExampleDecl': return undefined;
    case 'TranslationDecl': return `translation:${d.language.text}`;
    case 'CannotChangeDecl': return undefined; // added to the base's: a variant cannot make a fact changeable
  }
}

/** What a translation entry translates: entries of the same key replace each other. */
function entryKey(e: TranslationEntry): string {
  return e.key.kind === 'text' ? `text:${e.key.text}` : e.key.kind === 'outcome' ? `outcome:${e.key.value}` : `name:${e.key.name.text}`;
}

/** A variant's translation into a language the base also has: the base's entries, each replaced by the
 *  variant's entry for the same text or name, plus the variant's new entries. */
function mergeTranslations(base: TranslationDecl, variant: TranslationDecl): TranslationDecl {
  const own = new Set(variant.entries.map(entryKey));
  return { ...variant, entries: [...base.entries.filter((e) => !own.has(entryKey(e))), ...variant.entries] };
}

export interface MergedVariant {
  ast: RulesetFile;
  /** Declarations that came from a base (ancestors), by the id of the ruleset whose file they are in. */
  inherited: ReadonlyMap<Declaration, string>;
  /** The chain of bases, nearest first. */
  bases: string[];
}

export type VariantError = { kind: 'missing-base'; id: string } | { kind: 'cycle'; chain: string[] };

/** The effective ruleset of a variant; the file itself when it extends nothing. */
export function applyVariant(file: RulesetFile, resolve: ProgramResolver | undefined): MergedVariant | VariantError {
  const chain: RulesetFile[] = [];
  const seen = new Set<string>([file.program?.programId.programId ?? '']);
  let at = file;
  while (at.program?.extends) {
    const id = at.program.extends.programId;
    if (seen.has(id)) return { kind: 'cycle', chain: [...seen, id] };
    seen.add(id);
    const base = resolve?.(id);
    if (!base) return { kind: 'missing-base', id };
    // A copy: the merged tree is renumbered, and the base's own tree (cached, compiled) must not change.
    const copy = structuredClone(base);
    chain.push(copy);
    at = copy;
  }
  if (chain.length === 0) return { ast: file, inherited: new Map(), bases: [] };
  // Merge from the root down: each level replaces what its parent declared.
  let merged = chain.at(-1)!;
  const inherited = new Map<Declaration, string>();
  const idOf = (f: RulesetFile) => f.program?.programId.programId ?? '';
  merged.declarations.forEach((d) => inherited.set(d, idOf(merged)));
  for (const level of [...chain.slice(0, -1).reverse(), file]) {
    merged = mergeOne(merged, level);
    if (level !== file) level.declarations.forEach((d) => inherited.set(d, idOf(level)));
  }
  // The variant's own nodes are renumbered too; it was parsed for this check alone, so that is safe.
  return { ast: renumber(merged), inherited, bases: chain.map((b) => b.program!.programId.programId) };
}

function mergeOne(base: RulesetFile, variant: RulesetFile): RulesetFile {
  const declarations: Declaration[] = base.declarations.filter((d) => d.kind !== 'ExampleDecl');
  for (const d of variant.declarations) {
    const key = keyOf(d);
    const at = key === undefined ? -1 : declarations.findIndex((b) => keyOf(b) === key);
    const replaced = at >= 0 ? declarations[at]! : undefined;
    if (replaced?.kind === 'TranslationDecl' && d.kind === 'TranslationDecl') declarations[at] = mergeTranslations(replaced, d);
    else if (at >= 0) declarations[at] = d;
    else declarations.push(d);
  }
  return { ...variant, program: mergeHeader(base.program, variant.program), declarations };
}

function mergeHeader(base: ProgramHeader | undefined, variant: ProgramHeader | undefined): ProgramHeader | undefined {
  if (!variant || !base) return variant ?? base;
  return {
    ...variant,
    country: variant.country ?? base.country,
    currency: variant.currency ?? base.currency,
    inForce: variant.inForce ?? base.inForce,
    language: variant.language ?? base.language,
    provenance: [...base.provenance, ...variant.provenance],
  };
}

/** Node ids are unique within one file; the merged tree mixes files, so it is numbered anew
 *  (in place: the declarations keep their identity, which `inherited` relies on). */
function renumber(ast: RulesetFile): RulesetFile {
  let next = 0;
  const seen = new Set<object>();
  const visit = (x: unknown) => {
    if (!x || typeof x !== 'object' || seen.has(x)) return;
    seen.add(x);
    if (Array.isArray(x)) return x.forEach(visit);
    const node = x as Partial<Node> & Record<string, unknown>;
    if (typeof node.id === 'number' && typeof node.kind === 'string') (node as { id: number }).id = next++;
    for (const [k, v] of Object.entries(node)) if (k !== 'range' && k !== 'keyRange') visit(v);
  };
  visit(ast);
  return ast;
}
