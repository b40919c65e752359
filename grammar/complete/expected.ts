/**
 * The type expected at a cursor, from the constructs open there (see
 * ./cursorContext): what completion ranks variables and functions by.
 */
import { CHANNEL_KINDS, CHANNELS } from '../channels/registry';
import { schemesOf } from '../channels/webhook/schemes';
import { lookupFunction } from '../functions/builtins';
import type { ParamDef } from '../functions/signature';
import type { ChannelKind } from '../syntax/ast';
import { isScalar, T, type Type } from '../types/type';
import type { CursorContext, Frame } from './cursorContext';

/** A type, or one of the parameter kinds of the function table (`scalar`: any `$` value, …). */
export type Expected = Type | ParamDef['type'];

/**
 * What a value at the cursor should be; `undefined` when anything goes.
 * `variableType` gives the type of a variable in scope (or a sample's
 * variable): the right side of `$Score >= ‸` should be what `$Score` is.
 */
export function expectedAt(ctx: CursorContext, variableType: (name: string) => Type | undefined): readonly Expected[] | undefined {
  if (ctx.expect !== 'value' && ctx.expect !== 'operator') return undefined;
  const compared = ctx.comparedWith === undefined ? undefined : variableType(ctx.comparedWith);
  if (compared) return [compared];
  const frames = ctx.frames;
  for (let i = frames.length - 1; i >= 0; i--) {
    const f = frames[i]!;
    switch (f.kind) {
      case 'call': {
        const fn = lookupFunction(f.name);
        if (!fn) return undefined;
        const last = fn.params[fn.params.length - 1];
        const p = fn.params[f.argIndex] ?? (last?.variadic ? last : undefined);
        return p ? [p.type] : undefined;
      }
      case 'index':
        return [T.number];
      case 'paren':
      case 'interpolation':
        return undefined;
      case 'list': {
        // `@(@(‸`: the item type of what is expected outside the lists, one level down per open list.
        // A loop, not a recursion per list: a run of thousands of `@(` must not overflow the stack.
        let depth = 0;
        let below = i;
        while (below >= 0 && frames[below]!.kind === 'list') {
          depth++;
          below--;
        }
        let types = below < 0 ? undefined : expectedAt({ ...ctx, frames: frames.slice(0, below + 1), comparedWith: undefined }, variableType);
        for (let d = 0; d < depth && types; d++) {
          const items = types.flatMap((t) => (typeof t !== 'string' && t.kind === 'list' ? [t.item] : []));
          types = items.length ? items : undefined;
        }
        return types;
      }
      case 'map': {
        const property = frames[i - 1];
        if (property?.kind === 'property' && schemesOf(property.name)) return [T.string, T.secret];
        return undefined;
      }
      case 'property': {
        const def = propertyDef(frames, f.name);
        return def?.types;
      }
      case 'assignment': {
        const t = variableType(f.variable);
        return t ? [t] : undefined;
      }
      case 'when':
        return [T.bool];
      case 'tag':
        return f.tag === 'if' ? [T.bool] : f.tag === 'foreach' ? ['list'] : undefined;
      case 'string':
        return undefined;
      default:
        return undefined;
    }
  }
  return undefined;
}

/** The definition of a channel property named in an open `property` frame. */
export function propertyDef(frames: readonly Frame[], name: string) {
  const channel = [...frames].reverse().find((f): f is Extract<Frame, { kind: 'channel' }> => f.kind === 'channel');
  if (!channel || !(CHANNEL_KINDS as readonly string[]).includes(channel.channel)) return undefined;
  return CHANNELS[channel.channel as ChannelKind].properties.get(name.toLowerCase());
}

/** How well a value of type `t` fits what is expected: 0 exactly, 1 same kind of value, 2 not at all. */
export function fit(t: Type, expected: readonly Expected[] | undefined): 0 | 1 | 2 {
  if (!expected) return 1;
  let best: 0 | 1 | 2 = 2;
  for (const e of expected) {
    const score = fitOne(t, e);
    if (score < best) best = score;
  }
  return best;
}

function fitOne(t: Type, e: Expected): 0 | 1 | 2 {
  if (t.kind === 'any') return 1;
  if (e === 'value') return 1;
  if (e === 'scalar') return isScalar(t) ? 0 : 2;
  if (e === 'list') return t.kind === 'list' ? 0 : 2;
  if (e === 'map') return t.kind === 'map' || t.kind === 'record' ? 0 : 2;
  if (e.kind === 'any') return 1;
  if (e.kind === t.kind) return 0;
  // a scalar where text is expected is converted to text
  if (e.kind === 'string' && isScalar(t)) return 1;
  if (e.kind === 'secret' && t.kind === 'string') return 1;
  return 2;
}
