// Parameters: their type, a citation for every value, and a timeline without overlaps or holes.
// Dated values are in force from their date to the day before the next one, so a list in strictly
// increasing order can neither overlap nor leave a hole inside it; the only holes left are before the
// first `from` and after `until`, which matter when the program itself is in force there.
import type { DatedValue, ParameterDecl, RulesetFile } from '../ast';
import { error, warning, type Ctx } from './context';
import { checkDate } from './dates';
import { formatUnit, unitFromExpr, unitsEqual } from './units';
import { reportUnknownUnit } from './unit-names';
import { describeType } from './type-utils';
import type { Type } from './types';

export function checkParameters(ctx: Ctx, ast: RulesetFile) {
  for (const decl of ast.declarations ?? []) {
    if (decl?.kind !== 'ParameterDecl') continue;
    const type = parameterType(ctx, decl);
    if (ctx.parameters.get(decl.name?.text) === decl) ctx.parameterTypes.set(decl, type);
    checkValues(ctx, decl, type);
    checkTimeline(ctx, decl, ast);
  }
}

function parameterType(ctx: Ctx, decl: ParameterDecl): Type {
  if (!decl.type) return { kind: 'error' };
  if (decl.type.kind === 'DateTypeExpr') return { kind: 'date' };
  const unit = unitFromExpr(decl.type, (n) => reportUnknownUnit(ctx, n));
  return unit ? { kind: 'number', unit } : { kind: 'error' };
}

function valueText(v: DatedValue): string {
  return v.value?.text ?? '?';
}

function checkValues(ctx: Ctx, decl: ParameterDecl, type: Type) {
  const name = decl.name?.text ?? '?';
  for (const v of decl.values ?? []) {
    if (!v) continue;
    if (!v.provenance) {
      error(ctx, 'E-NO-PROVENANCE', v.value?.range ?? v.range,
        `the value ${valueText(v)} of ${name} needs a \`source\` citation or an \`assumption\` with its reason`,
        { hint: 'add `source "…"` after the value, or `assumption "…"` when the value is a guess' });
    }
    if (!v.value) continue;
    // More than 6 places is allowed where the parameter feeds only a floating function (coefficients.ts).
    if (v.value.kind === 'DateLiteral') {
      checkDate(ctx, v.value);
      if (type.kind === 'number') {
        error(ctx, 'E-PARAMETER-VALUE', v.value.range, `${name} is ${describeType(type)}, but this value is a date`);
      }
    } else if (type.kind === 'date') {
      error(ctx, 'E-PARAMETER-VALUE', v.value.range, `${name} is a date, but this value is the number ${v.value.text}`);
    } else if (type.kind === 'number' && v.value.unit && type.unit !== 'any') {
      const u = unitFromExpr(v.value.unit, (n) => reportUnknownUnit(ctx, n));
      if (u && !unitsEqual(u, type.unit)) {
        error(ctx, 'E-UNIT-MISMATCH', v.value.range,
          `${name} is in ${formatUnit(type.unit)}, but this value is in ${formatUnit(u)}`);
      }
    }
  }
}

function checkTimeline(ctx: Ctx, decl: ParameterDecl, ast: RulesetFile) {
  const name = decl.name?.text ?? '?';
  const values = (decl.values ?? []).filter((v) => v);
  const dated = values.filter((v) => v.from);
  if (dated.length > 0 && dated.length < values.length) {
    const undated = values.find((v) => !v.from)!;
    error(ctx, 'E-PARAMETER-DATES', undated.range,
      `${name} mixes a value without a date with dated values; give every value a \`from\` date`);
  }
  let previous: DatedValue | undefined;
  for (const v of dated) {
    if (!checkDate(ctx, v.from)) continue;
    if (previous) {
      const [a, b] = [previous.from!.text, v.from!.text];
      if (b === a) {
        error(ctx, 'E-DUPLICATE-DATE', v.from!.range, `${name} has two values from ${b}; the periods would overlap`,
          { related: [{ range: previous.from!.range, message: `the other value from ${a}` }] });
      } else if (b < a) {
        error(ctx, 'E-DATE-ORDER', v.from!.range,
          `the value of ${name} from ${b} is listed after the one from ${a}; list dated values from oldest to newest`,
          { related: [{ range: previous.from!.range, message: `the value from ${a}` }] });
      }
    }
    if (!previous || v.from!.text > previous.from!.text) previous = v;
  }
  const last = previous;
  if (decl.until && checkDate(ctx, decl.until) && last && decl.until.text <= last.from!.text) {
    error(ctx, 'E-DATE-ORDER', decl.until.range,
      `${name} stops (until ${decl.until.text}) before its last value starts (from ${last.from!.text})`);
  }
  reportHoles(ctx, decl, dated, ast);
}

/** Warns when the program is in force on dates where the parameter is not: decisions there are undetermined. */
function reportHoles(ctx: Ctx, decl: ParameterDecl, dated: DatedValue[], ast: RulesetFile) {
  const inForce = ast.program?.inForce;
  if (!inForce?.from?.text) return;
  const name = decl.name?.text ?? '?';
  const starts = dated.map((v) => v.from?.text).filter((t): t is string => !!t).sort();
  const first = starts[0];
  if (first && first > inForce.from.text) {
    warning(ctx, 'W-PARAMETER-NOT-IN-FORCE', dated.find((v) => v.from?.text === first)!.from!.range,
      `${name} has no value from ${inForce.from.text} (when the program starts) until ${first}: decisions in that period will be undetermined`,
      { hint: 'add a value from the program start, or move the program start' });
  }
  const until = decl.until?.text;
  const programUntil = inForce.until?.text;
  if (until && (!programUntil || until < programUntil)) {
    warning(ctx, 'W-PARAMETER-NOT-IN-FORCE', decl.until!.range,
      `${name} is not in force after ${until}, but the program is${programUntil ? ` until ${programUntil}` : ''}: decisions after that date will be undetermined`);
  }
}
