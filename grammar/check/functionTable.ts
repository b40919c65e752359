import { FUNCTIONS, lookupFunction } from '../functions/builtins';
import type { FunctionTable } from './context';

/** The built-in functions of spec section 5 as the checker looks them up. */
export function builtinFunctions(): FunctionTable {
  return { lookup: lookupFunction, all: FUNCTIONS };
}
