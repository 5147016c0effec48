// `household.x`, `<member>.x` and nested records (`household.electricity.kwh_per_month`) against the
// field catalogue of dsl/schema/fields.ts. Unknown fields get the closest known one as a suggestion.
import type { FieldAccess } from '../ast';
import { error, type Ctx } from './context';
import { typeExpr } from './expressions';
import { UNREADABLE_HOUSEHOLD_FIELDS, type FieldInfo } from '../schema/fields';
import { pathKey, type Scope } from './scope';
import { didYouMean } from '../suggest';
import { describeType, ERROR } from './type-utils';
import type { Type } from './types';

export function typeFieldAccess(ctx: Ctx, fa: FieldAccess, scope: Scope): Type {
  const obj = typeExpr(ctx, fa.object, scope);
  const field = fa.field?.text;
  if (typeof field !== 'string' || obj.kind === 'error') return ERROR;

  let owner: 'household' | 'member';
  let prefix: string[];
  if (obj.kind === 'household' || obj.kind === 'member') {
    owner = obj.kind;
    prefix = [];
  } else if (obj.kind === 'record') {
    const [o, ...rest] = obj.path.split('.');
    owner = o === 'household' ? 'household' : 'member';
    prefix = rest;
  } else {
    error(ctx, 'E-NOT-A-RECORD', fa.field.range, `\`.${field}\` reads a field, but this is ${describeType(obj)}, which has no fields`,
      obj.kind === 'members' ? { hint: 'read member fields inside an aggregate: `sum(members as m: m.' + field + ')`' } : {});
    return ERROR;
  }

  const catalogue = owner === 'household' ? ctx.householdFields : ctx.memberFields;
  const path = [...prefix, field];
  const info = catalogue.get(path.join('.'));
  if (info) {
    ctx.fields.set(fa.id, info.derived
      ? { kind: 'derived', owner, name: field as 'age' | 'residency_years' | 'size' }
      : { kind: 'stored', owner, path });
    const key = pathKey(fa);
    const excluded = key === undefined ? undefined : scope.excluded?.get(key);
    return excluded && info.type.kind === 'enum' ? { ...info.type, excluded } : info.type;
  }
  reportUnknownField(ctx, fa, owner, prefix, catalogue);
  return ERROR;
}

function reportUnknownField(ctx: Ctx, fa: FieldAccess, owner: 'household' | 'member', prefix: string[], catalogue: Map<string, FieldInfo>) {
  const field = fa.field.text;
  const where = prefix.length ? `${owner === 'household' ? 'household' : 'a member'}'s ${prefix.join('.')}` : owner === 'household' ? 'the household' : 'a member';
  if (owner === 'household' && prefix.length === 0 && field in UNREADABLE_HOUSEHOLD_FIELDS) {
    error(ctx, 'E-UNREADABLE-FIELD', fa.field.range, `\`household.${field}\` cannot be read directly: ${UNREADABLE_HOUSEHOLD_FIELDS[field]}`);
    return;
  }
  // Siblings at the same depth are the candidates: `electricity.kwh` → kwh_per_month, bill_per_month.
  const depth = prefix.length;
  const siblings = [...catalogue.keys()]
    .filter((p) => p.startsWith(prefix.map((s) => s + '.').join('')) && p.split('.').length === depth + 1)
    .map((p) => p.split('.')[depth]);
  let hint = didYouMean(field, siblings);
  if (!hint && depth === 0) {
    const other = owner === 'household' ? ctx.memberFields : ctx.householdFields;
    if (other.has(field)) {
      hint = owner === 'household'
        ? `\`${field}\` is a field of each member: read it from a member, e.g. \`head.${field}\``
        : `\`${field}\` is a field of the household: write \`household.${field}\``;
    }
  }
  error(ctx, 'E-UNKNOWN-FIELD', fa.field.range, `${where} has no field \`${field}\``, { hint });
}
