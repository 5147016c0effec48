// Every number written in a ruleset (literals, parameter values, table rows, bounds) must lie within the
// engine's exact range; 400 nines would otherwise check clean and fail at evaluation. Reported here,
// once per number, at its line and column.
import type { NumberLiteral, RulesetFile } from '../ast';
import { MAX_NUMBER, MAX_NUMBER_TEXT } from '../limits';
import { error, type Ctx } from './context';

/** True when the decimal text is beyond ±MAX_NUMBER (compared on digits: it may not fit a double). */
export function outOfRange(text: string): boolean {
  const m = /^-?0*(\d*?)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) return false;
  const whole = m[1] ?? '';
  const limit = String(MAX_NUMBER);
  if (whole.length !== limit.length) return whole.length > limit.length;
  return whole > limit || (whole === limit && /[1-9]/.test(m[2] ?? ''));
}

function shown(text: string): string {
  return text.length > 24 ? `${text.slice(0, 12)}…${text.slice(-4)} (${text.replace(/[^0-9]/g, '').length} digits)` : text;
}

export function checkNumberRanges(ctx: Ctx, ast: RulesetFile): void {
  const stack: unknown[] = [ast];
  while (stack.length > 0) {
    const x = stack.pop();
    if (!x || typeof x !== 'object') continue;
    if (Array.isArray(x)) {
      stack.push(...x);
      continue;
    }
    const node = x as Record<string, unknown>;
    if (node.kind === 'NumberLiteral' && typeof node.text === 'string' && outOfRange(node.text)) {
      const lit = node as unknown as NumberLiteral;
      error(ctx, 'E-NUMBER-RANGE', lit.range,
        `${shown(lit.text)} is too large: numbers in rules must lie between -${MAX_NUMBER_TEXT} and ${MAX_NUMBER_TEXT}, the range the engine computes exactly`,
        { hint: 'write the amount in a larger unit (thousands, millions)' });
    }
    for (const key in node) if (key !== 'range' && key !== 'keyRange') stack.push(node[key]);
  }
}
