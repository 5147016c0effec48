// `cannot change household.area, members.sex`: each field must be a stored household or member field (not
// a record, not a derived one). The checked list goes to CheckedRuleset.cannotChange, which the
// counterfactual search (engine/counterfactuals) reads so that it never proposes changing those facts.
import type { CannotChangeDecl, FieldPath, RulesetFile } from '../ast';
import { didYouMean } from '../suggest';
import { error, warning, type Ctx } from './context';

export type UnchangeableField = { owner: 'household' | 'member'; path: readonly string[] };

/** Fields that never change in counterfactuals whatever the ruleset says (they move only with time). */
const ALWAYS_FIXED = new Set(['member.age', 'member.birth_date', 'household.resident_since', 'household.residency_years']);

export function checkCannotChange(ctx: Ctx, ast: RulesetFile): UnchangeableField[] {
  const out: UnchangeableField[] = [];
  for (const d of ast.declarations ?? []) {
    if (d?.kind !== 'CannotChangeDecl') continue;
    for (const f of (d as CannotChangeDecl).fields) {
      const checked = checkField(ctx, f);
      if (checked && !out.some((o) => o.owner === checked.owner && o.path.join('.') === checked.path.join('.'))) out.push(checked);
    }
  }
  return out;
}

function checkField(ctx: Ctx, f: FieldPath): UnchangeableField | undefined {
  const [ownerWord, ...rest] = f.parts;
  if (!ownerWord || rest.length === 0) return undefined; // the parser already reported it
  const owner = ownerWord.text === 'household' ? 'household' : ownerWord.text === 'members' ? 'member' : undefined;
  if (!owner) {
    error(ctx, 'E-CANNOT-CHANGE-OWNER', ownerWord.range,
      `\`cannot change\` names fields as \`household.<field>\` or \`members.<field>\`; \`${ownerWord.text}\` is neither`,
      { hint: ownerWord.text === 'member' ? 'write `members.` (every member\'s field)' : undefined });
    return undefined;
  }
  const path = rest.map((p) => p.text);
  const key = path.join('.');
  const catalogue = owner === 'household' ? ctx.householdFields : ctx.memberFields;
  const info = catalogue.get(key);
  const last = rest[rest.length - 1];
  const where = owner === 'household' ? 'the household' : 'a member';
  if (ALWAYS_FIXED.has(`${owner}.${key}`)) {
    warning(ctx, 'W-ALWAYS-FIXED', f.range, `\`${ownerWord.text}.${key}\` never changes in counterfactuals anyway (ages, birth dates and residence move only with time)`);
    return undefined;
  }
  if (!info) {
    const siblings = [...catalogue.keys()].filter((p) => p.split('.').length === path.length && p.startsWith(path.slice(0, -1).map((s) => s + '.').join(''))).map((p) => p.split('.').pop()!);
    error(ctx, 'E-UNKNOWN-FIELD', last.range, `${where} has no field \`${key}\``, { hint: didYouMean(last.text, siblings) });
    return undefined;
  }
  if (info.type.kind === 'record') {
    error(ctx, 'E-CANNOT-CHANGE-RECORD', last.range, `\`${ownerWord.text}.${key}\` is a record; name the fields inside it that cannot change`);
    return undefined;
  }
  if (info.derived) {
    error(ctx, 'E-CANNOT-CHANGE-DERIVED', last.range, `\`${ownerWord.text}.${key}\` is computed, not stored; name the stored facts it is computed from`);
    return undefined;
  }
  return { owner, path };
}
