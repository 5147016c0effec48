// The next date on which a subject's decision changes with the household unchanged. In the rules, time
// moves a decision only at known events: a member's birthday (ages are whole years from `birth_date`), an
// anniversary of `resident_since`, a parameter's next period, the program's start or end. Those days,
// within the horizon, are evaluated in order; the first whose decision differs is reported.
import type { Household } from '../decision';
import type { IrRuleset } from '../ir/types';
import { membersOf, type RawHousehold } from '../types';
import { formatIsoDate, parseIsoDate, ymdOf } from '../values';
import { message } from './messages';
import type { Probe } from './probe';
import type { CounterfactualMessage, DateChange } from './types';

/** At most this many event days are evaluated (the nearest first). */
const MAX_EVENT_DAYS = 300;

function anniversary(y: number, m: number, d: number): number | undefined {
  const pad = (n: number) => String(n).padStart(2, '0');
  return parseIsoDate(`${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`) ?? parseIsoDate(`${String(y).padStart(4, '0')}-03-01`);
}

export function dateEvents(
  probe: Probe, ir: IrRuleset, household: Household, baseline: boolean | null, horizonDays: number, memberId: (i: number) => string,
): DateChange | undefined {
  const today = probe.day;
  const last = today + horizonDays;
  const events = new Map<number, CounterfactualMessage[]>();
  const add = (day: number | undefined, m: CounterfactualMessage) => {
    if (day === undefined || day <= today || day > last) return;
    const list = events.get(day) ?? [];
    if (list.some((x) => x.text === m.text)) return; // a period's end and the next one's start are one change
    list.push(m);
    events.set(day, list);
  };
  const yearsAhead = Math.ceil(horizonDays / 365) + 1;
  const from = ymdOf(today).y;
  membersOf(household as RawHousehold).forEach((m, i) => {
    const birth = typeof m.birth_date === 'string' ? parseIsoDate(m.birth_date) : undefined;
    if (birth === undefined) return;
    const b = ymdOf(birth);
    for (let y = from; y <= from + yearsAhead; y++) add(anniversary(y, b.m, b.d), message('because.birthday', { member: memberId(i), age: y - b.y }));
  });
  const since = typeof household.resident_since === 'string' ? parseIsoDate(household.resident_since) : undefined;
  if (since !== undefined) {
    const s = ymdOf(since);
    for (let y = from; y <= from + yearsAhead; y++) add(anniversary(y, s.m, s.d), message('because.residency', { years: y - s.y }));
  }
  for (const p of ir.parameters.values()) {
    for (const period of p.periods) {
      if (period.from !== undefined) add(period.from, message('because.parameter', { parameter: p.name }));
      if (period.until !== undefined) add(period.until + 1, message('because.parameter', { parameter: p.name }));
    }
  }
  add(ir.inForce.from, message('because.program', { event: 'starts' }));
  if (ir.inForce.until !== undefined) add(ir.inForce.until + 1, message('because.program', { event: 'ends' }));

  const days = [...events.keys()].sort((a, b) => a - b).slice(0, MAX_EVENT_DAYS);
  for (const day of days) {
    const v = probe.eligible([], formatIsoDate(day));
    if (v === baseline) continue;
    const because = events.get(day)!;
    const args = { date: formatIsoDate(day), last: formatIsoDate(day - 1), because: because.map((b) => b.text).join(' and ') };
    const code = v === true ? 'date.from' : baseline === true ? 'date.until' : 'date.changes';
    return { date: formatIsoDate(day), eligible: v, because, message: message(code, args) };
  }
  return undefined;
}
