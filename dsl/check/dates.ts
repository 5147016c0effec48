// Date literals: the lexer accepts any dddd-dd-dd; this rejects the ones no calendar has (2023-02-30).
import type { DateLiteral } from '../ast';
import { error, type Ctx } from './context';

export function isValidDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= days[mo - 1];
}

/** Reports an impossible date; returns whether the literal is usable for ordering checks. */
export function checkDate(ctx: Ctx, lit: DateLiteral | undefined): boolean {
  if (!lit || typeof lit.text !== 'string') return false;
  if (isValidDate(lit.text)) return true;
  error(ctx, 'E-INVALID-DATE', lit.range, `${lit.text} is not a date in the calendar`, { hint: 'write dates as YYYY-MM-DD' });
  return false;
}
