// Reporting a unit name the language does not know, with the closest spelling it does.
import type { Name } from '../ast';
import { error, type Ctx } from './context';
import { didYouMean } from '../suggest';
import { BASE_UNITS, knownUnitSpellings } from './units';

export function reportUnknownUnit(ctx: Ctx, n: Name) {
  error(ctx, 'E-UNKNOWN-UNIT', n.range,
    `\`${n.text}\` is not a unit; known units are ${BASE_UNITS.join(', ')} and number`,
    { hint: didYouMean(n.text, knownUnitSpellings()) });
}
