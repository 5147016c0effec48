// Targeting accuracy: how well a ruleset's eligibility picks out the poor, against a reference
// classification (a survey's poverty status, a registry's classification, a per-capita income line).
// The measures of Apella & Blanco 2015 (BO Table 4.7, Table 5.1): each subject falls in one cell of
// beneficiary × poor; the paper's inclusion error is non-poor beneficiaries and its exclusion error poor
// non-beneficiaries, both as shares of everyone classified (BJA: 10.7% and 33.5%; the RUB: 19.1% and
// 11.9%, success ratio 69% = the two correct cells). Beside them the rates a programme manager reads:
// coverage (poor who are beneficiaries / poor) and leakage (non-poor beneficiaries / beneficiaries).
// A subject the ruleset cannot decide, or without a reference, is counted apart, never guessed.

export interface TargetingCells {
  poorBeneficiary: number;
  poorNonBeneficiary: number;
  nonPoorBeneficiary: number;
  nonPoorNonBeneficiary: number;
  /** Subjects whose eligibility is undetermined. */
  undetermined: number;
  /** Subjects whose household has no reference classification. */
  noReference: number;
}

export interface TargetingMeasures extends TargetingCells {
  group: string;
  /** Subjects in the four cells. */
  classified: number;
  /** BO Table 4.7: non-poor beneficiaries / classified. */
  inclusionError: number | null;
  /** BO Table 4.7: poor non-beneficiaries / classified. */
  exclusionError: number | null;
  /** BO Table 5.1: (poor beneficiaries + non-poor non-beneficiaries) / classified. */
  successRatio: number | null;
  /** Poor beneficiaries / poor. */
  coverage: number | null;
  /** Non-poor beneficiaries / beneficiaries. */
  leakage: number | null;
}

const emptyCells = (): TargetingCells => ({ poorBeneficiary: 0, poorNonBeneficiary: 0, nonPoorBeneficiary: 0, nonPoorNonBeneficiary: 0, undetermined: 0, noReference: 0 });

const ratio = (a: number, b: number) => (b === 0 ? null : a / b);

export function measures(group: string, c: TargetingCells): TargetingMeasures {
  const classified = c.poorBeneficiary + c.poorNonBeneficiary + c.nonPoorBeneficiary + c.nonPoorNonBeneficiary;
  return {
    group,
    ...c,
    classified,
    inclusionError: ratio(c.nonPoorBeneficiary, classified),
    exclusionError: ratio(c.poorNonBeneficiary, classified),
    successRatio: ratio(c.poorBeneficiary + c.nonPoorNonBeneficiary, classified),
    coverage: ratio(c.poorBeneficiary, c.poorBeneficiary + c.poorNonBeneficiary),
    leakage: ratio(c.nonPoorBeneficiary, c.poorBeneficiary + c.nonPoorBeneficiary),
  };
}

/** Counts subjects into cells, overall and by group, one decision at a time (memory: one entry per group). */
export class TargetingCounter {
  private readonly total = emptyCells();
  private readonly groups = new Map<string, TargetingCells>();

  add(eligible: boolean | null, poor: boolean | undefined, group: string | undefined): void {
    this.count(this.total, eligible, poor);
    if (group !== undefined) {
      let cells = this.groups.get(group);
      if (!cells) this.groups.set(group, (cells = emptyCells()));
      this.count(cells, eligible, poor);
    }
  }

  private count(c: TargetingCells, eligible: boolean | null, poor: boolean | undefined): void {
    if (poor === undefined) c.noReference++;
    else if (eligible === null) c.undetermined++;
    else if (poor) eligible ? c.poorBeneficiary++ : c.poorNonBeneficiary++;
    else eligible ? c.nonPoorBeneficiary++ : c.nonPoorNonBeneficiary++;
  }

  result(): { total: TargetingMeasures; groups: TargetingMeasures[] } {
    const groups = [...this.groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([g, c]) => measures(g, c));
    return { total: measures('all', this.total), groups };
  }
}
