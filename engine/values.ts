// The numeric and calendar model shared by the interpreter and the compiled code.
// Numbers are exact decimals with at most 6 places, held as JS numbers in canonical form: every
// arithmetic result is rounded half away from zero to 6 places and re-divided by 1e6, which yields the
// double nearest to the decimal. Equal decimals are therefore equal doubles: 0.7 * 130 === 91.
// Dates are whole day numbers (days since 1970-01-01, UTC).

/** Canonical form of an arithmetic result; undefined when it is not a finite number (overflow, NaN). */
export function canon(r: number): number | undefined {
  if (!Number.isFinite(r)) return undefined;
  const a = Math.round(Math.abs(r) * 1e6) / 1e6;
  if (a === 0) return 0; // never -0: JSON and deep equality treat it as a different value
  return r < 0 ? -a : a;
}

/** Canonical form for a value known to be finite (literals, validated household numbers). */
export function canonFinite(r: number): number {
  const c = canon(r);
  if (c === undefined) throw new Error(`not a finite number: ${r}`);
  return c;
}

/** `round(x, places)`: half away from zero to `places` decimals (0 by default), then canonical. Works on
 *  the exact integer count of millionths, so a decimal tie (1.005 to 2 places) rounds up, as written. */
export function roundTo(x: number, places = 0): number | undefined {
  if (!Number.isInteger(places)) return undefined;
  if (places >= 6) return canon(x);
  const micros = Math.round(Math.abs(x) * 1e6); // exact: x is canonical
  const step = Math.pow(10, 6 - places);
  const rounded = (Math.round(micros / step) * step) / 1e6;
  return canon(x < 0 ? -rounded : rounded);
}

// ---------------------------------------------------------------- dates

/** Day number of an ISO date `YYYY-MM-DD`; undefined when malformed or not a real calendar day.
 *  Read digit by digit (no regex, no Date): household records hold many dates. */
export function parseIsoDate(text: string): number | undefined {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  const y = digits(text, 0, 4);
  const m = digits(text, 5, 7);
  const d = digits(text, 8, 10);
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  return daysFromCivil(y, m, d);
}

function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Days since 1970-01-01 of a civil date (H. Hinnant's days-from-civil algorithm). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** ISO text of a day number. */
export function formatIsoDate(day: number): string {
  const { y, m, d } = ymd(day);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(y: number, month: number): number {
  return month === 2 ? (isLeapYear(y) ? 29 : 28) : DAYS_IN_MONTH[month - 1];
}

interface Ymd {
  y: number;
  m: number;
  d: number;
}

/** Civil date of a day number without Date objects (H. Hinnant's days-to-civil algorithm). */
function ymd(day: number): Ymd {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

/** Whole years from `from` to `to` (birthday semantics). A Feb 29 anniversary falls on Mar 1 in
 *  non-leap years: comparing (month, day) tuples gives exactly that. Negative when `to` is earlier. */
export function yearsBetween(from: number, to: number): number {
  if (to < from) return -yearsBetween(to, from);
  const a = ymd(from);
  const b = ymdCached(to);
  const beforeAnniversary = b.m < a.m || (b.m === a.m && b.d < a.d);
  return b.y - a.y - (beforeAnniversary ? 1 : 0);
}

/** Whole months from `from` to `to`. A monthly anniversary on a day the month lacks (the 31st) falls on
 *  the 1st of the next month, which the plain day comparison already gives. */
export function monthsBetween(from: number, to: number): number {
  if (to < from) return -monthsBetween(to, from);
  const a = ymd(from);
  const b = ymd(to);
  return (b.y - a.y) * 12 + (b.m - a.m) - (b.d < a.d ? 1 : 0);
}

export function ymdOf(day: number): Ymd {
  return ymd(day);
}

// The evaluation date is the same for every member of every household in a batch: remember its parts.
let cachedDay = NaN;
let cachedYmd: Ymd = { y: 0, m: 0, d: 0 };

function ymdCached(day: number): Ymd {
  if (day !== cachedDay) {
    cachedYmd = ymd(day);
    cachedDay = day;
  }
  return cachedYmd;
}

/** Whole years on `day` of someone born on the ISO date `birth` (the same as yearsBetween, without
 *  converting the birth date to a day number); undefined when `birth` is not a valid date. */
export function ageFromIsoDate(birth: string, day: number): number | undefined {
  if (birth.length !== 10 || birth.charCodeAt(4) !== 45 || birth.charCodeAt(7) !== 45) return undefined;
  const by = digits(birth, 0, 4);
  const bm = digits(birth, 5, 7);
  const bd = digits(birth, 8, 10);
  if (by < 0 || bm < 1 || bm > 12 || bd < 1 || bd > daysInMonth(by, bm)) return undefined;
  const t = ymdCached(day);
  if (by > t.y || (by === t.y && (bm > t.m || (bm === t.m && bd > t.d)))) return yearsBetween(daysFromCivil(by, bm, bd), day);
  return t.y - by - (t.m < bm || (t.m === bm && t.d < bd) ? 1 : 0);
}

// ---------------------------------------------------------------- normal distribution

/** Standard normal CDF by Marsaglia's series Φ(x) = ½ + φ(x)·(x + x³/3 + x⁵/15 + …): every term has the
 *  sign of x, so there is no cancellation; absolute error is around 1e-16. Beyond |x| > 10 Φ is 0 or 1
 *  far below the 6-place resolution. */
export function normalCdfRaw(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < -10) return 0;
  if (x > 10) return 1;
  let term = x;
  let sum = x;
  const x2 = x * x;
  for (let n = 1; n < 1000; n++) {
    term *= x2 / (2 * n + 1);
    const next = sum + term;
    if (next === sum) break;
    sum = next;
  }
  const pdf = Math.exp(-x2 / 2) / Math.sqrt(2 * Math.PI);
  const p = 0.5 + pdf * sum;
  return p < 0 ? 0 : p > 1 ? 1 : p;
}

/** `normal_cdf(x)` as the language defines it: computed in floating point, then canonical. */
export function normalCdf(x: number): number {
  return canonFinite(normalCdfRaw(x));
}
