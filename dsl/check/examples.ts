// Examples: the household must look like a household (full schema validation happens elsewhere) and
// every expectation must name something the program decides, for a subject the example has.
import type { ExampleDecl, Expectation, JsonValue } from '../ast';
import { error, type Ctx } from './context';
import { checkDate } from './dates';
import { didYouMean } from '../suggest';

type JsonObject = Extract<JsonValue, { kind: 'JsonObject' }>;

function entry(obj: JsonObject, key: string): JsonValue | undefined {
  return obj.entries?.find((e) => e?.key === key)?.value;
}

export function checkExamples(ctx: Ctx) {
  for (const ex of ctx.examples) {
    if (ex.date) checkDate(ctx, ex.date);
    const memberIds = checkHousehold(ctx, ex);
    for (const exp of ex.expectations ?? []) if (exp) checkExpectation(ctx, ex, exp, memberIds);
  }
}

/** Returns the member ids, or undefined when the household is too malformed to know them. */
function checkHousehold(ctx: Ctx, ex: ExampleDecl): string[] | undefined {
  const h = ex.household;
  if (!h) return undefined;
  if (h.kind !== 'JsonObject') {
    error(ctx, 'E-EXAMPLE-HOUSEHOLD', h.range, `the household of example "${ex.name}" must be a JSON object with "id" and "members"`);
    return undefined;
  }
  const id = entry(h, 'id');
  if (!id) error(ctx, 'E-EXAMPLE-HOUSEHOLD', h.range, `the household of example "${ex.name}" needs an "id"`);
  else if (id.kind !== 'JsonString') error(ctx, 'E-EXAMPLE-HOUSEHOLD', id.range, `the household "id" must be a string`);
  const members = entry(h, 'members');
  if (!members) {
    error(ctx, 'E-EXAMPLE-HOUSEHOLD', h.range, `the household of example "${ex.name}" needs "members", a list of at least one member`);
    return undefined;
  }
  if (members.kind !== 'JsonArray') {
    error(ctx, 'E-EXAMPLE-HOUSEHOLD', members.range, `"members" must be a list of members`);
    return undefined;
  }
  const ids: string[] = [];
  for (const m of members.items ?? []) {
    const mid = m?.kind === 'JsonObject' ? entry(m, 'id') : undefined;
    if (mid?.kind === 'JsonString') ids.push(mid.value);
    else error(ctx, 'E-EXAMPLE-HOUSEHOLD', (mid ?? m ?? members).range, `each member must be an object with a string "id"`);
  }
  return ids;
}

function checkExpectation(ctx: Ctx, ex: ExampleDecl, exp: Expectation, memberIds: string[] | undefined) {
  const perMember = ctx.subject?.kind === 'MemberSubject';
  if (perMember && exp.subject === 'household') {
    error(ctx, 'E-EXPECT-SUBJECT', exp.range, `this program decides for each member, so expectations name a member id, not household`,
      memberIds?.length ? { hint: `e.g. expect "${memberIds[0]}" …` } : {});
  } else if (!perMember && exp.subject !== 'household') {
    error(ctx, 'E-EXPECT-SUBJECT', exp.range, `this program decides for the household, so expectations are \`expect household …\`, not for member "${exp.subject}"`);
  } else if (perMember && memberIds && !memberIds.includes(exp.subject)) {
    error(ctx, 'E-EXPECT-SUBJECT', exp.range, `example "${ex.name}" has no member "${exp.subject}"`,
      { hint: didYouMean(exp.subject, memberIds) });
  }
  const v = exp.expected;
  if (!v) return;
  const isNull = v.kind === 'JsonNull';
  switch (exp.field) {
    case 'eligible':
      if (v.kind !== 'JsonBool' && !isNull) error(ctx, 'E-EXPECT-VALUE', v.range, 'expected eligibility is true, false or null');
      if (!ctx.eligible) error(ctx, 'E-EXPECT-NOTHING', exp.range, 'the program has no `eligible when`, so there is no eligibility to expect');
      break;
    case 'benefit':
      if (v.kind !== 'JsonNumber' && !isNull) error(ctx, 'E-EXPECT-VALUE', v.range, 'an expected benefit is a number (or null)');
      if (!ctx.benefit) error(ctx, 'E-EXPECT-NOTHING', exp.range, 'the program has no `benefit`, so there is no benefit to expect');
      break;
    case 'score': {
      if (v.kind !== 'JsonNumber' && !isNull) error(ctx, 'E-EXPECT-VALUE', v.range, 'an expected score is a number (or null)');
      const names = ctx.scores.map((s) => s.name.text);
      if (exp.scoreName !== undefined && !names.includes(exp.scoreName)) {
        error(ctx, 'E-UNKNOWN-SCORE', exp.range, `the program has no score \`${exp.scoreName}\``, { hint: didYouMean(exp.scoreName, names) });
      }
      break;
    }
    case 'component': {
      if (v.kind !== 'JsonNumber' && !isNull) error(ctx, 'E-EXPECT-VALUE', v.range, 'an expected component is a number (or null)');
      const names = ctx.components.map((k) => k.name.text);
      if (exp.scoreName !== undefined && !names.includes(exp.scoreName)) {
        error(ctx, 'E-UNKNOWN-COMPONENT', exp.range, `the program has no component \`${exp.scoreName}\``, { hint: didYouMean(exp.scoreName, names) });
      }
      break;
    }
    case 'outcome':
      if (v.kind !== 'JsonString' && !isNull) error(ctx, 'E-EXPECT-VALUE', v.range, 'an expected outcome is text (or null)');
      if (!ctx.outcome) error(ctx, 'E-EXPECT-NOTHING', exp.range, 'the program has no `outcome`, so there is no outcome to expect');
      break;
  }
}
