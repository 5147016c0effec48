// The one way the search learns anything: evaluate a changed copy of the household with the public
// evaluator (`decide`, the compiled code) and read this subject's decision. Every call counts against the
// cap, so the whole analysis is bounded whatever the ruleset and household.
import type { Household } from '../decision';
import { decide } from '../evaluate';
import { SubjectOrigins } from '../interpret';
import { isUnknown } from '../unknown';
import { membersOf, type LoadedRuleset, type RawHousehold, type RulesetResolver } from '../types';
import { parseIsoDate } from '../values';
import { withFacts, type Edit } from './household-edit';

/** Thrown when the cap is reached; the stage that was searching stops and says so. */
export class SearchCapped extends Error {}

export class Probe {
  evaluations = 0;
  capped = false;
  readonly day: number;

  constructor(
    readonly ruleset: LoadedRuleset,
    readonly household: Household,
    readonly date: string,
    readonly subject: string,
    readonly cap: number,
    readonly resolve: RulesetResolver | undefined,
  ) {
    this.day = parseIsoDate(date)!;
  }

  private spend(): void {
    if (this.evaluations >= this.cap) {
      this.capped = true;
      throw new SearchCapped();
    }
    this.evaluations++;
  }

  /** The subject's `eligible` on the changed household (and date); a subject the program no longer
   *  decides about (a member outside the `where`) counts as not eligible. */
  eligible(edits: readonly Edit[], date = this.date): boolean | null {
    this.spend();
    const h = edits.length ? withFacts(this.household, edits) : this.household;
    const d = decide(this.ruleset, h, { date, resolve: this.resolve }).find((x) => x.subject === this.subject);
    return d ? d.eligible : false;
  }

  /** The interpreter's values of some nodes on the changed household (unknown → undefined), for naming the
   *  conditions that flipped and the derived quantity compared. One evaluation. */
  nodes(edits: readonly Edit[], ids: readonly number[]): (unknown)[] {
    this.spend();
    const h = (edits.length ? withFacts(this.household, edits) : this.household) as RawHousehold;
    const index = this.subject === 'household' ? -1 : membersOf(h).findIndex((m) => String(m.id) === this.subject);
    const origins = new SubjectOrigins(this.ruleset.checked, h, this.day, index, { resolve: this.resolve });
    return ids.map((id) => {
      try {
        const v = origins.node(id);
        return isUnknown(v) ? undefined : v;
      } catch {
        return undefined; // a node that only has a value inside its aggregate
      }
    });
  }
}
