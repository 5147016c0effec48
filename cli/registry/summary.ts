// The figures a screening run ends with: who is eligible, who cannot be decided, what it costs, and
// how many input rows were rejected. Money is summed in integer micro-units, exact at any size.
import type { Period } from '../../engine';

export interface ScreeningSummary {
  households: number;
  rejected: number;
  subjects: number;
  eligible: number;
  ineligible: number;
  undetermined: number;
  /** Eligible subjects whose amount is unknown: the cost is then a lower bound. */
  eligible_amount_unknown: number;
  cost: { amount: string; currency: string; period: Period };
}

export class SummaryCounter {
  households = 0;
  rejected = 0;
  private subjects = 0;
  private eligible = 0;
  private ineligible = 0;
  private undetermined = 0;
  private amountUnknown = 0;
  private micro = 0n;

  add(eligible: boolean | null, benefit: number | null): void {
    this.subjects++;
    if (eligible === true) {
      this.eligible++;
      if (benefit === null) this.amountUnknown++;
      else this.micro += BigInt(Math.round(benefit * 1e6)); // canonical 6-place decimals: exact
    } else if (eligible === false) this.ineligible++;
    else this.undetermined++;
  }

  result(currency: string, period: Period): ScreeningSummary {
    return {
      households: this.households, rejected: this.rejected, subjects: this.subjects,
      eligible: this.eligible, ineligible: this.ineligible, undetermined: this.undetermined,
      eligible_amount_unknown: this.amountUnknown,
      cost: { amount: microText(this.micro), currency, period },
    };
  }
}

/** An integer count of millionths as decimal text, without trailing zeros. */
export function microText(micro: bigint): string {
  const sign = micro < 0n ? '-' : '';
  const a = micro < 0n ? -micro : micro;
  const whole = a / 1_000_000n;
  const frac = (a % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return `${sign}${whole}${frac ? '.' + frac : ''}`;
}

export function renderSummary(s: ScreeningSummary): string {
  const period = s.cost.period === 'once' ? 'once' : `per ${s.cost.period}`;
  return [
    `${s.households} households screened, ${s.rejected} rows rejected${s.rejected ? ' (bad rows, see above)' : ''}`,
    `  eligible ${s.eligible}, not eligible ${s.ineligible}, undetermined ${s.undetermined} of ${s.subjects} subjects`,
    `  cost ${s.cost.amount} ${s.cost.currency} ${period}${s.eligible_amount_unknown ? `, plus ${s.eligible_amount_unknown} eligible with unknown amounts` : ''}`,
  ].join('\n');
}
