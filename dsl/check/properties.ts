// Property declarations (`property "…": eligible implies benefit > 0`): checked by `elig test` on generated
// households, so here only that they talk about things the program decides and that their expressions
// are well typed.
import type { DecisionRef, DecisionTest, Expr } from '../ast';
import { error, type Ctx } from './context';
import { expectBool } from './expressions';
import { rootScope } from './lets';
import { programRefExists } from './programs';
import { didYouMean } from '../suggest';

export function checkProperties(ctx: Ctx) {
  for (const p of ctx.properties) {
    const law = p?.law;
    if (!law) continue;
    switch (law.kind) {
      case 'monotone':
        decisionRef(ctx, law.result);
        monotoneInput(ctx, law.input);
        break;
      case 'bound':
        if (decisionRef(ctx, law.result) && (law.result.field === 'eligible' || law.result.field === 'outcome')) {
          error(ctx, 'E-PROPERTY', law.result.range, `only a benefit or a score has numeric bounds, not ${law.result.field}`);
        }
        break;
      case 'implies':
        decisionTest(ctx, law.premise);
        decisionTest(ctx, law.conclusion);
        break;
      case 'agrees':
        programRefExists(ctx, law.other, 'read');
        if (law.when) expectBool(ctx, law.when, rootScope(ctx), 'the `when` condition of the property');
        break;
    }
  }
}

/** The program must decide what the property names. Returns false after reporting. */
function decisionRef(ctx: Ctx, ref: DecisionRef | undefined): boolean {
  if (!ref) return false;
  const missing = (what: string) => {
    error(ctx, 'E-PROPERTY', ref.range, `the program has no ${what}, so a property cannot talk about it`);
    return false;
  };
  switch (ref.field) {
    case 'eligible': return ctx.eligible ? true : missing('`eligible when`');
    case 'benefit': return ctx.benefit ? true : missing('`benefit`');
    case 'outcome': return ctx.outcome ? true : missing('`outcome`');
    case 'score': {
      const names = ctx.scores.map((s) => s.name.text);
      if (ref.scoreName !== undefined && names.includes(ref.scoreName)) return true;
      error(ctx, 'E-UNKNOWN-SCORE', ref.range, `the program has no score \`${ref.scoreName ?? ''}\``,
        { hint: ref.scoreName ? didYouMean(ref.scoreName, names) : undefined });
      return false;
    }
  }
  return true;
}

function decisionTest(ctx: Ctx, t: DecisionTest | undefined) {
  if (!t || !decisionRef(ctx, t.ref)) return;
  const { field } = t.ref;
  if (field === 'eligible' && t.value) {
    error(ctx, 'E-PROPERTY', t.value.range, '`eligible` is tested on its own (`eligible`, `not eligible`), not compared with a value');
  } else if ((field === 'benefit' || field === 'score') && t.value?.kind === 'TextLiteral') {
    error(ctx, 'E-PROPERTY', t.value.range, `a ${field} is a number, not text`);
  } else if (field === 'outcome' && t.value?.kind === 'NumberLiteral') {
    error(ctx, 'E-PROPERTY', t.value.range, 'an outcome is text, not a number');
  }
}

/** `never rises with household.monthly_income` / `member.prenatal_checkups`: the input is a path to one
 *  numeric field (the test generator raises it), not an expression; `member` means every member. */
function monotoneInput(ctx: Ctx, input: Expr | undefined) {
  if (!input) return;
  const keys: string[] = [];
  let at: Expr = input;
  while (at?.kind === 'FieldAccess') {
    if (typeof at.field?.text !== 'string') return;
    keys.unshift(at.field.text);
    at = at.object;
  }
  const owner = at?.kind === 'NameRef' ? at.name : undefined;
  if ((owner !== 'household' && owner !== 'member') || keys.length === 0) {
    error(ctx, 'E-PROPERTY', input.range,
      '`never rises/falls with` names one field: `household.<field>` or `member.<field>` (that field of every member)');
    return;
  }
  const catalogue = owner === 'household' ? ctx.householdFields : ctx.memberFields;
  const path = keys.join('.');
  const info = catalogue.get(path);
  if (!info) {
    error(ctx, 'E-UNKNOWN-FIELD', input.kind === 'FieldAccess' ? input.field.range : input.range, `${owner === 'household' ? 'the household' : 'a member'} has no field \`${path}\``,
      { hint: didYouMean(path, [...catalogue.keys()]) });
  } else if (info.type.kind !== 'number' && info.type.kind !== 'error') {
    error(ctx, 'E-PROPERTY', input.range, `\`${owner}.${path}\` is not a number, so it cannot rise or fall`);
  }
}
