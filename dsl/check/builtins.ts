// The built-in functions and their signatures, in one place so names, completion and calls agree.
export const BUILTIN_FUNCTIONS = [
  'min', 'max', 'clamp', 'round', 'floor', 'ceil', 'abs', 'normal_cdf', 'years_between', 'months_between',
  ...['in_program', 'years_in_program', 'recertified'] as const,
] as const;
/** Functions of the household's participation in a program (household.programs), e.g. JUNTOS graduation. */
export const PROGRAM_FUNCTIONS = ['in_program', 'years_in_program', 'recertified'] as const;
export type ProgramFunction = (typeof PROGRAM_FUNCTIONS)[number];
export type BuiltinFunction = (typeof BUILTIN_FUNCTIONS)[number];

export function isBuiltinFunction(name: string): name is BuiltinFunction {
  return (BUILTIN_FUNCTIONS as readonly string[]).includes(name);
}
