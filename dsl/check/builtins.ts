// The built-in functions and their signatures, in one place so names, completion and calls agree.
export const BUILTIN_FUNCTIONS = [
  'min', 'max', 'clamp', 'round', 'floor', 'ceil', 'abs', 'normal_cdf', 'years_between', 'months_between',
] as const;
export type BuiltinFunction = (typeof BUILTIN_FUNCTIONS)[number];

export function isBuiltinFunction(name: string): name is BuiltinFunction {
  return (BUILTIN_FUNCTIONS as readonly string[]).includes(name);
}
