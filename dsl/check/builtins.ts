// The built-in functions' names, read from the operations registry (ops/registry.ts): the checker has no
// list of its own, so a new built-in is one registry entry.
import { OPERATIONS, operation } from '../../ops/registry';

export const BUILTIN_FUNCTIONS: readonly string[] = OPERATIONS.map((e) => e.name);

export function isBuiltinFunction(name: string): boolean {
  return operation(name) !== undefined;
}
