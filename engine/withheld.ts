// What the decisive-assumption run (engine/assumptions.ts) withholds: the rule for each kind of
// assumption, shared by the interpreter (which makes these values unknown when asked to).
import type { IrPeriod, IrTable } from './ir/types';
import { formatIsoDate, ymdOf } from './values';

/** The name under which a parameter's value in force on `day` is withheld, if it rests on an assumption. */
export function withheldParameter(name: string, period: IrPeriod, day: number): string | undefined {
  if (period.provenance?.type === 'assumption') return name;
  if (period.fromAssumption !== undefined && period.from !== undefined && ymdOf(period.from).y === ymdOf(day).y) {
    return `${name} from ${formatIsoDate(period.from)}`;
  }
  return undefined;
}

export function withheldTable(table: IrTable): boolean {
  return table.provenance.some((p) => p.type === 'assumption');
}
