// Schema-guided payloads for the signalling fuzzer: a request's zod schema (common/protocol.ts) read back to build a
// payload that passes validation — with ids drawn from what the fuzzer has seen (other peers', other meetings',
// transports, producers, documents, votes) — and then, most of the time, broken on purpose: a field dropped, one
// added, a wrong type, a huge or empty string, a number out of range. Built from the registry, the fuzzer follows the
// protocol as requests are added, without a list of its own to keep up to date.
import { anyValue, oddNumber, oddString, type Rng } from './random.ts';

/** What this module reads of a zod v4 schema (its definition), without depending on zod's internal types. */
interface SchemaDef {
  type: string;
  shape?: Record<string, Schema>;
  innerType?: Schema;
  element?: Schema;
  options?: Schema[];
  entries?: Record<string, string>;
  values?: unknown[];
  valueType?: Schema;
  checks?: { _zod: { def: CheckDef } }[];
  in?: Schema;
}
interface CheckDef {
  check: string;
  minimum?: number;
  maximum?: number;
  value?: number;
  inclusive?: boolean;
}
export interface Schema {
  _zod: { def: SchemaDef };
}

/** Ids seen so far, by the field names that carry them; the fuzzer fills it from responses and notifications. */
export class IdPool {
  readonly #byKind = new Map<string, string[]>();

  add(kind: string, id: unknown): void {
    if (typeof id !== 'string' || id.length === 0 || id.length > 200) return;
    let list = this.#byKind.get(kind);
    if (!list) this.#byKind.set(kind, (list = []));
    if (list.includes(id)) return;
    list.push(id);
    // Bounded: the fuzzer runs long, the ids it keeps must not grow with it.
    if (list.length > 200) list.splice(0, list.length - 200);
  }

  draw(kind: string, rng: Rng): string | undefined {
    const list = this.#byKind.get(kind);
    return list && list.length > 0 ? rng.pick(list) : undefined;
  }

  get size(): number {
    let n = 0;
    for (const list of this.#byKind.values()) n += list.length;
    return n;
  }
}

/** Which pool a field's id comes from (`peerId` and `participantId` both name participants, say). */
export function idKind(field: string): string {
  if (field === 'peerId' || field === 'participantId' || field === 'owner' || field === 'participantIds') return 'peer';
  return field.replace(/Ids?$/, '');
}

function bounds(def: SchemaDef): { min?: number; max?: number; int: boolean } {
  const out: { min?: number; max?: number; int: boolean } = { int: false };
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    if (c.check === 'min_length' || c.check === 'greater_than') out.min = c.minimum ?? c.value;
    if (c.check === 'max_length' || c.check === 'less_than') out.max = c.maximum ?? c.value;
    if (c.check === 'number_format') out.int = true;
  }
  return out;
}

function validString(rng: Rng, def: SchemaDef): string {
  const { min = 0, max = 200 } = bounds(def);
  const length = Math.max(min, Math.min(max, rng.chance(0.7) ? rng.int(1, 24) : rng.int(min, Math.min(max, 2000))));
  const alphabet = 'abcdefghijklmnopqrstuvwxyzđêôươăâ0123456789 -';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[rng.int(0, alphabet.length - 1)];
  return out.trim().length >= min ? out : 'x'.repeat(Math.max(1, min));
}

function validNumber(rng: Rng, def: SchemaDef): number {
  const { min = 0, max = 1000, int } = bounds(def);
  const value = min + rng.next() * (Math.min(max, min + 10_000) - min);
  return int || rng.chance(0.5) ? Math.round(Math.min(max, Math.max(min, value))) : value;
}

/** A value that passes `schema`, ids taken from the pool where the field's name says what it is. */
export function validValue(schema: Schema, rng: Rng, ids: IdPool, field = ''): unknown {
  const def = schema._zod.def;
  switch (def.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(def.shape ?? {})) {
        const optional = value._zod.def.type === 'optional';
        if (optional && rng.chance(0.5)) continue;
        out[key] = validValue(value, rng, ids, key);
      }
      return out;
    }
    case 'optional':
      return validValue(def.innerType!, rng, ids, field);
    case 'nullable':
      return rng.chance(0.2) ? null : validValue(def.innerType!, rng, ids, field);
    case 'array': {
      const { min = 0, max = 5 } = bounds(def);
      const length = rng.int(min, Math.min(max, min + 4));
      return Array.from({ length }, () => validValue(def.element!, rng, ids, field));
    }
    case 'union':
      return validValue(rng.pick(def.options!), rng, ids, field);
    case 'enum':
      return rng.pick(Object.values(def.entries ?? {}));
    case 'literal':
      return rng.pick(def.values ?? [null]);
    case 'boolean':
      return rng.chance(0.5);
    case 'number':
      return validNumber(rng, def);
    case 'string': {
      const id = /(Id|Ids|token|owner)$/.test(field) && rng.chance(0.85) ? ids.draw(idKind(field), rng) : undefined;
      return id ?? validString(rng, def);
    }
    case 'record':
      return rng.chance(0.5) ? {} : { [validString(rng, { type: 'string' })]: anyValue(rng, 2) };
    case 'custom':
      // The protocol's only custom type is binary data (Yjs updates, state vectors).
      return rng.bytes(rng.int(0, 64));
    case 'pipe':
      return validValue(def.in!, rng, ids, field);
    default:
      return anyValue(rng, 1);
  }
}

/** A value of the wrong kind for `schema`. */
function wrongValue(schema: Schema, rng: Rng): unknown {
  const type = schema._zod.def.type;
  const candidates: unknown[] = [null, 0, -1, true, '', [], {}, rng.bytes(8), oddNumber(rng), oddString(rng, 3000)];
  return rng.pick(candidates.filter((c) => typeof c !== type));
}

/** One change that should make the payload invalid, or valid in a way a handler did not expect. */
export function mutate(payload: unknown, schema: Schema, rng: Rng, ids: IdPool): unknown {
  const def = schema._zod.def;
  if (def.type !== 'object' || typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return rng.chance(0.5) ? anyValue(rng) : wrongValue(schema, rng);
  }
  const out: Record<string, unknown> = { ...(payload as Record<string, unknown>) };
  const keys = Object.keys(def.shape ?? {});
  const key = keys.length > 0 ? rng.pick(keys) : 'x';
  const field = def.shape?.[key];
  switch (rng.int(0, 9)) {
    case 0:
      delete out[key];
      break;
    case 1:
      out[rng.pick(['extra', '__proto__', 'constructor', 'meetingId', 'role', 'author', oddString(rng, 20)])] =
        anyValue(rng, 1);
      break;
    case 2:
      out[key] = field ? wrongValue(field, rng) : anyValue(rng);
      break;
    case 3:
      out[key] = oddString(rng);
      break;
    case 4:
      out[key] = oddNumber(rng);
      break;
    case 5:
      // Someone else's id where an id is expected: another peer's, meeting's, transport's.
      out[key] = ids.draw(rng.pick(['peer', 'transport', 'producer', 'consumer', 'document', 'vote', 'waiting']), rng);
      break;
    case 6:
      out[key] = anyValue(rng, 4);
      break;
    case 7:
      return rng.pick([null, undefined, [], 'join', 42, rng.bytes(rng.int(0, 300))]);
    case 8:
      out[key] = field && field._zod.def.type === 'object' ? mutate(out[key], field, rng, ids) : [out[key]];
      break;
    default:
      for (const k of keys) out[k] = rng.chance(0.5) ? wrongValue(def.shape![k]!, rng) : out[k];
  }
  return out;
}
