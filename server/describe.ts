// What the API says about a ruleset besides its text: header metadata and the household fields it reads
// (from the checker's resolved field references), used by GET /rulesets/:id and GET /rulesets/:id/schema.
import type { CheckedRuleset, FieldRef } from '../dsl/check/types';
import { householdSchema } from './validate';

export interface RulesetMetadata {
  title: string | null;
  country: string | null;
  currency: string | null;
  in_force: { from: string; until: string | null } | null;
  extends: string | null;
  sources: string[];
  assumptions: string[];
  subject: 'household' | 'member';
  parameters: string[];
  tables: string[];
  scores: string[];
  depends_on: string[];
  examples: number;
}

export function metadataOf(checked: CheckedRuleset | undefined, fallbackTitle: string | null): RulesetMetadata | null {
  if (!checked) return null;
  const h = checked.header;
  return {
    title: h.title ?? fallbackTitle,
    country: checked.country ?? h.country?.text ?? null,
    currency: checked.currency ?? h.currency?.text ?? null,
    in_force: h.inForce ? { from: h.inForce.from.text, until: h.inForce.until?.text ?? null } : null,
    extends: h.extends?.programId ?? null,
    sources: h.provenance.filter((p) => p.type === 'source').map((p) => p.text),
    assumptions: h.provenance.filter((p) => p.type === 'assumption').map((p) => p.text),
    subject: checked.subject.kind === 'MemberSubject' ? 'member' : 'household',
    parameters: [...checked.parameters.keys()],
    tables: [...checked.tables.keys()],
    scores: checked.scores.map((s) => s.name.text),
    depends_on: [...checked.programDependencies],
    examples: checked.examples.length,
  };
}

function pointersOf(ref: FieldRef): string[] {
  const prefix = ref.owner === 'household' ? '' : '/members/*';
  if (ref.kind === 'stored') return [`${prefix}/${ref.path.join('/')}`];
  switch (ref.name) {
    case 'age': return [`${prefix}/birth_date`, `${prefix}/age`];
    case 'residency_years': return ['/resident_since'];
    case 'size': return ['/members'];
  }
}

/** JSON pointers (with `*` for every member) of the household fields a ruleset reads, sorted. */
export function fieldsRead(checked: CheckedRuleset | undefined): string[] | null {
  if (!checked?.fields) return null;
  const out = new Set<string>();
  for (const ref of checked.fields.values()) for (const p of pointersOf(ref)) out.add(p);
  return [...out].sort();
}

/** The input schema of one ruleset version: the household schema, re-identified and annotated. */
export function inputSchemaOf(id: string, version: string, title: string | null, reads: string[] | null): Record<string, unknown> {
  const schema: Record<string, unknown> = {
    ...householdSchema,
    $id: `/rulesets/${id}/schema`,
    title: `Household record for ${title ?? id} (${id})`,
    'x-elig-ruleset': { id, version },
  };
  if (reads) {
    schema['x-elig-reads'] = reads;
    schema.description = `${householdSchema.description as string} This ruleset reads ${reads.length} field(s), ` +
      `listed as JSON pointers in x-elig-reads (* stands for every member); other fields are accepted and ignored.`;
  }
  return schema;
}
