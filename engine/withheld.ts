// What the decisive-assumption run (engine/assumptions.ts) withholds: the rule for each kind of
// assumption, shared by the interpreter (which makes these values unknown when asked to) and the
// compiler's withheld mode (engine/compile.ts).
import type { IrPeriod, IrTable } from './ir/types';
import { formatIsoDate, ymdOf } from './values';

/** The name under which a parameter's value in force on `day` is withheld, if it rests on an assumption. */
export function withheldParameter(name: string, period: IrPeriod, day: number): string | undefined {
  if (period.provenance?.type === 'assumption') return name;
  if (period.fromAssumption !== undefined && period.from !== undefined && ymdOf(period.from).y === ymdOf(day).y) {
    return withheldParameterName(name, period.from);
  }
  return undefined;
}

/** How a value whose `from` day is a guess is reported: `name from 2008-01-01`. */
export function withheldParameterName(name: string, from: number): string {
  return `${name} from ${formatIsoDate(from)}`;
}

export function withheldTable(table: IrTable): boolean {
  return table.provenance.some((p) => p.type === 'assumption');
}
