// Counterfactuals: margins, nearest flips and the next date a decision changes (see analyse.ts).
export { counterfactuals, DEFAULT_CAP, type CounterfactualOptions } from './analyse';
export { withCounterfactuals } from './attach';
export type * from './types';
