// Targeting measures as the Bolivia paper defines them: BO Table 4.7 (BJA, 2012) reads, over the target
// population, poor beneficiaries 14.2%, poor non-beneficiaries 33.5%, non-poor beneficiaries 10.7%,
// non-poor non-beneficiaries 41.6% — "the exclusion error is 33.5% and the inclusion error is 10.7%".
import { describe, expect, it } from 'vitest';
import { measures, TargetingCounter } from '../../engine/analysis/targeting';

describe('targeting measures', () => {
  it("reproduce BO Table 4.7's inclusion and exclusion errors from its cells", () => {
    const m = measures('BJA', { poorBeneficiary: 142, poorNonBeneficiary: 335, nonPoorBeneficiary: 107, nonPoorNonBeneficiary: 416, undetermined: 0, noReference: 0 });
    expect(m.classified).toBe(1000);
    expect(m.inclusionError).toBeCloseTo(0.107, 10);
    expect(m.exclusionError).toBeCloseTo(0.335, 10);
    expect(m.successRatio).toBeCloseTo(0.558, 10);
    expect(m.coverage).toBeCloseTo(142 / 477, 10);
    expect(m.leakage).toBeCloseTo(107 / 249, 10);
  });

  it('count every subject in one cell, and undetermined or unreferenced subjects apart, by group', () => {
    const c = new TargetingCounter();
    c.add(true, true, 'urban');
    c.add(false, true, 'urban');
    c.add(true, false, 'rural');
    c.add(null, true, 'rural');
    c.add(true, undefined, 'rural');
    const { total, groups } = c.result();
    expect(total).toMatchObject({ poorBeneficiary: 1, poorNonBeneficiary: 1, nonPoorBeneficiary: 1, nonPoorNonBeneficiary: 0, undetermined: 1, noReference: 1, classified: 3 });
    expect(groups.map((g) => [g.group, g.classified, g.coverage, g.leakage])).toEqual([['rural', 1, null, 1], ['urban', 2, 0.5, 0]]);
  });
});
