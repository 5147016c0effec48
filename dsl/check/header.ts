// The program header: which program this file is, in which country and currency, and since when.
import { quotedId, rulesetIdError } from '../ruleset-id';
import type { RulesetFile } from '../ast';
import { error, setCurrency, ZERO_RANGE, type Ctx } from './context';
import { checkDate } from './dates';
import { programRefExists } from './programs';
import { didYouMean } from '../suggest';
import { CURRENCIES } from './units';

const COUNTRIES = ['BR', 'BO', 'PE'];

export function checkHeader(ctx: Ctx, ast: RulesetFile) {
  const h = ast.program;
  if (!h) {
    setCurrency(ctx, undefined);
    error(ctx, 'E-NO-PROGRAM', ast.range?.start ? { start: ast.range.start, end: ast.range.start } : ZERO_RANGE,
      'the file must start with a program header, e.g. `program bo/mped "My First Decent Job"`');
    return;
  }
  const at = h.range;
  const pid = h.programId?.programId;
  ctx.programId = pid;
  if (pid && ctx.id !== undefined && pid !== ctx.id) {
    error(ctx, 'E-PROGRAM-ID', h.programId.range,
      `this file is the ruleset \`${ctx.id}\`, so its program header must name \`${ctx.id}\`, not \`${pid}\``,
      { hint: `write \`program ${ctx.id}\` or move the file to match` });
  }
  const idProblem = pid ? rulesetIdError(pid) : undefined;
  if (pid && idProblem) {
    error(ctx, 'E-PROGRAM-ID', h.programId.range, `the program id \`${quotedId(pid)}\` ${idProblem}`);
  }
  if (h.programId?.version) {
    error(ctx, 'E-PROGRAM-VERSION', h.programId.range, 'a program header names the program without a pinned `@version`');
  }

  if (!h.country) {
    error(ctx, 'E-NO-COUNTRY', at, `the program must say which country it belongs to, e.g. \`country BO\``);
  } else if (!COUNTRIES.includes(h.country.text)) {
    error(ctx, 'E-UNKNOWN-COUNTRY', h.country.range, `\`${h.country.text}\` is not a known country; use one of ${COUNTRIES.join(', ')}`,
      { hint: didYouMean(h.country.text, COUNTRIES) });
  } else {
    ctx.country = h.country.text;
  }

  let currency: string | undefined;
  if (!h.currency) {
    error(ctx, 'E-NO-CURRENCY', at, 'the program must say which currency its amounts are in, e.g. `currency BOB`');
  } else if (!(CURRENCIES as readonly string[]).includes(h.currency.text)) {
    error(ctx, 'E-UNKNOWN-CURRENCY', h.currency.range,
      `\`${h.currency.text}\` is not a known currency; use one of ${CURRENCIES.join(', ')}`,
      { hint: didYouMean(h.currency.text, CURRENCIES) });
  } else {
    currency = h.currency.text;
  }
  setCurrency(ctx, currency);

  if (h.inForce) {
    const okFrom = checkDate(ctx, h.inForce.from);
    const okUntil = checkDate(ctx, h.inForce.until);
    if (okFrom && okUntil && h.inForce.until!.text <= h.inForce.from.text) {
      error(ctx, 'E-DATE-ORDER', h.inForce.until!.range,
        `the program cannot stop being in force on ${h.inForce.until!.text}, before it starts on ${h.inForce.from.text}`);
    }
  }
  if (h.extends) programRefExists(ctx, h.extends, 'extend');
}
