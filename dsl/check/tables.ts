// Tables: a citation, one kind of key, values in the result unit, and (numeric keys) a band analysis.
// Enum keys can only be checked against a field once we know which field the table is called with,
// so that half runs after the expressions (checkEnumTables).
import type { NumberLiteral, RangeExpr, RulesetFile, TableDecl, TableRow } from '../ast';
import { analyseBands, type BandRow } from './bands';
import { error, warning, type Ctx } from './context';
import { parseDecimal, tooPrecise } from './decimal';
import { didYouMean } from '../suggest';
import { formatUnit, unitFromExpr, unitsEqual } from './units';
import { reportUnknownUnit } from './unit-names';

export function checkTables(ctx: Ctx, ast: RulesetFile) {
  for (const decl of ast.declarations ?? []) {
    if (decl?.kind !== 'TableDecl') continue;
    const name = decl.name?.text ?? '?';
    if (!decl.provenance?.length) {
      error(ctx, 'E-NO-PROVENANCE', decl.name?.range ?? decl.range,
        `the table ${name} needs a \`source\` citation or an \`assumption\` with its reason`,
        { hint: 'add `source "…"` after the result unit, or `assumption "…"` when the values are a guess' });
    }
    const unit = decl.resultUnit ? unitFromExpr(decl.resultUnit, (n) => reportUnknownUnit(ctx, n)) : undefined;
    ctx.tableUnits.set(decl, unit);
    const rows = (decl.rows ?? []).filter((r) => r?.key && r.value);
    for (const r of rows) checkRowValue(ctx, decl, r, unit);
    const kind = keyKind(ctx, decl, rows);
    ctx.tableKeyKind.set(decl, kind);
    if (decl.granularity && kind !== 'number') {
      error(ctx, 'E-TABLE-GRANULARITY', decl.granularity.range, `granularity only applies to tables with numeric keys`);
    }
    if (kind === 'number') checkBands(ctx, decl, rows);
  }
}

function checkRowValue(ctx: Ctx, decl: TableDecl, r: TableRow, unit: ReturnType<typeof unitFromExpr>) {
  if (tooPrecise(r.value.text)) {
    error(ctx, 'E-NUMBER-PRECISION', r.value.range, `${r.value.text} has more than 6 decimal places`);
  }
  if (r.value.unit && unit) {
    const u = unitFromExpr(r.value.unit, (n) => reportUnknownUnit(ctx, n));
    if (u && !unitsEqual(u, unit)) {
      error(ctx, 'E-UNIT-MISMATCH', r.value.range,
        `the table ${decl.name?.text} gives values in ${formatUnit(unit)}, but this row is in ${formatUnit(u)}`);
    }
  }
}

function keyKind(ctx: Ctx, decl: TableDecl, rows: TableRow[]): 'number' | 'enum' | 'none' {
  let kind: 'number' | 'enum' | 'none' = 'none';
  let otherwise: TableRow | undefined;
  for (const r of rows) {
    if (r.key.kind === 'Otherwise') {
      if (otherwise) {
        error(ctx, 'E-TABLE-KEYS', r.key.range, `the table ${decl.name?.text} has more than one \`otherwise\` row`);
      }
      otherwise = r;
      continue;
    }
    const k = r.key.kind === 'EnumKey' ? 'enum' : 'number';
    if (kind === 'none') kind = k;
    else if (k !== kind) {
      error(ctx, 'E-TABLE-KEYS', r.key.range,
        `the rows of ${decl.name?.text} mix number keys and value names; a table's keys are all numbers or all values of one field`);
    }
  }
  return kind;
}

/** The key as written, for messages: `33..48`, `..<25`, `7`. */
export function keyText(key: TableRow['key']): string {
  switch (key.kind) {
    case 'NumberLiteral': return key.text;
    case 'EnumKey': return key.name;
    case 'Otherwise': return 'otherwise';
    case 'RangeExpr': return `${key.low?.text ?? ''}..${key.highExclusive ? '<' : ''}${key.high?.text ?? ''}`;
  }
}

function bandRow(ctx: Ctx, key: NumberLiteral | RangeExpr): BandRow | undefined {
  const lits = key.kind === 'NumberLiteral' ? [key] : [key.low, key.high].filter((l): l is NumberLiteral => !!l);
  for (const l of lits) {
    if (parseDecimal(l.text) === undefined) {
      error(ctx, 'E-NUMBER-PRECISION', l.range, `${l.text} has more than 6 decimal places`);
      return undefined;
    }
  }
  if (key.kind === 'NumberLiteral') return { low: key.text, high: key.text };
  return { low: key.low?.text, high: key.high?.text, highExclusive: key.highExclusive };
}

function checkBands(ctx: Ctx, decl: TableDecl, rows: TableRow[]) {
  const name = decl.name?.text ?? '?';
  let granularity = '1';
  if (decl.granularity) {
    const g = parseDecimal(decl.granularity.text);
    if (g === undefined || g <= 0n) {
      error(ctx, 'E-TABLE-GRANULARITY', decl.granularity.range, `the granularity of ${name} must be a positive number with at most 6 decimals`);
      return;
    }
    granularity = decl.granularity.text;
  }
  const keyed = rows.filter((r) => r.key.kind === 'NumberLiteral' || r.key.kind === 'RangeExpr');
  const bandRows: BandRow[] = [];
  for (const r of keyed) {
    const b = bandRow(ctx, r.key as NumberLiteral | RangeExpr);
    if (!b) return;
    bandRows.push(b);
  }
  const hasOtherwise = rows.some((r) => r.key.kind === 'Otherwise');
  const a = analyseBands(bandRows, granularity);
  const text = (i: number) => keyText(keyed[i].key);
  const range = (i: number) => keyed[i].key.range;
  for (const i of a.empty) {
    error(ctx, 'E-EMPTY-RANGE', range(i), `the row ${text(i)} of ${name} covers no value${granularity === '1' ? '' : ` at granularity ${granularity}`}`);
  }
  for (const o of a.overlaps) {
    const [i, j] = o.rows;
    warning(ctx, 'W-BAND-OVERLAP', range(j),
      `rows ${text(i)} and ${text(j)} of ${name} both cover ${o.witness}${o.from !== o.to ? ` (values from ${o.from} to ${o.to})` : ''}`,
      { hint: `make one end exclusive, e.g. \`${exclusiveHint(keyed[i].key)}\``, related: [{ range: range(i), message: `the row ${text(i)}` }] });
  }
  if (hasOtherwise) return; // `otherwise` catches every gap and every value outside the bands
  for (const gap of a.gaps) {
    warning(ctx, 'W-BAND-GAP', range(gap.after),
      `no row of ${name} covers ${gap.witness} (${gap.from === gap.to ? `it falls` : `values from ${gap.from} to ${gap.to} fall`} between rows ${text(gap.before)} and ${text(gap.after)})`,
      { hint: `widen a row (e.g. \`${exclusiveHint(keyed[gap.before].key, keyed[gap.after].key)}\`) or add \`otherwise => …\``,
        related: [{ range: range(gap.before), message: `the row ${text(gap.before)}` }] });
  }
  for (const u of a.uncovered) {
    warning(ctx, 'W-BAND-UNCOVERED', range(u.row),
      u.side === 'below'
        ? `no row of ${name} covers ${u.witness}: the lowest row starts at ${u.bound}`
        : `no row of ${name} covers ${u.witness}: the highest row ends at ${u.bound}`,
      { hint: u.side === 'below' ? `start the lowest row at 0 (or use \`..${u.bound}\`) or add \`otherwise => …\`` : `make the highest row open (\`${u.bound}..\`) or add \`otherwise => …\`` });
  }
}

/** `33..48` → `33..<48`; with a following row, `0..16` + `17..` → `0..<17`. */
function exclusiveHint(key: TableRow['key'], next?: TableRow['key']): string {
  const low = key.kind === 'RangeExpr' ? key.low?.text ?? '' : key.kind === 'NumberLiteral' ? key.text : '';
  const nextLow = next?.kind === 'RangeExpr' ? next.low?.text : next?.kind === 'NumberLiteral' ? next.text : undefined;
  if (nextLow !== undefined) return `${low}..<${nextLow}`;
  const high = key.kind === 'RangeExpr' ? key.high?.text ?? '' : key.kind === 'NumberLiteral' ? key.text : '';
  return `${low}..<${high}`;
}

/** After the expressions: enum keys must be values of the field the table is called with, and every
 *  value of that field needs a row unless the table has `otherwise`. */
export function checkEnumTables(ctx: Ctx) {
  for (const [decl, uses] of ctx.tableEnumUses) {
    if (ctx.tableKeyKind.get(decl) !== 'enum') continue;
    const rows = (decl.rows ?? []).filter((r) => r?.key);
    const hasOtherwise = rows.some((r) => r.key.kind === 'Otherwise');
    for (const [field, values] of uses) {
      const seen = new Map<string, TableRow>();
      for (const r of rows) {
        if (r.key.kind !== 'EnumKey') continue;
        const k = r.key.name;
        if (!values.includes(k)) {
          error(ctx, 'E-UNKNOWN-ENUM-VALUE', r.key.range,
            `\`${k}\` is not a value of ${field} (the table ${decl.name?.text} is called with it); its values are ${values.join(', ')}`,
            { hint: didYouMean(k, values) });
        } else if (seen.has(k)) {
          error(ctx, 'E-DUPLICATE-KEY', r.key.range, `the table ${decl.name?.text} has two rows for \`${k}\``,
            { related: [{ range: seen.get(k)!.key.range, message: 'the first row' }] });
        } else {
          seen.set(k, r);
        }
      }
      const missing = values.filter((v) => !seen.has(v));
      if (missing.length && !hasOtherwise) {
        warning(ctx, 'W-ENUM-UNCOVERED', decl.name?.range ?? decl.range,
          `the table ${decl.name?.text} has no row for ${missing.map((m) => `\`${m}\``).join(', ')} (values of ${field}); a household with ${missing.length === 1 ? 'that value' : 'one of them'} cannot be scored`,
          { hint: 'add the missing rows or `otherwise => …`' });
      }
    }
  }
}
