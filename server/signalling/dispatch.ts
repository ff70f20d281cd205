// The edge of the signalling server: every inbound message is size-checked, rate-limited and validated against
// its schema before a handler sees it, and every outcome is answered as a typed `Ack`: a known failure with its
// code, anything else as `internal` (logged here with its stack, never sent to the client) or, for a full disk, as
// `unavailable` + disk_full (server/errors.ts).
import { z } from 'zod';
import { AppFailure } from '../../common/errors.ts';
import { isKnownFailure, toAppError } from '../errors.ts';
import {
  MAX_BINARY_REQUEST_BYTES,
  MAX_REQUEST_BYTES,
  requestSchemas,
  type Ack,
  type RequestName,
} from '../../common/protocol.ts';
import type { HandlerMap, Session } from './context.ts';
import type { Services } from '../services.ts';
import type { RateLimiter } from './RateLimiter.ts';
import { logger } from '../log.ts';

const log = logger('signalling');

export function isRequestName(name: string): name is RequestName {
  return Object.hasOwn(requestSchemas, name);
}

/** JSON text size and, apart, the size of binary attachments (which JSON would inflate fourfold). */
function payloadSize(payload: unknown): { json: number; binary: number } {
  let binary = 0;
  try {
    const text = JSON.stringify(payload, function (this: Record<string, unknown>, key: string, value: unknown) {
      const raw = this[key];
      if (!ArrayBuffer.isView(raw) && !(raw instanceof ArrayBuffer)) return value;
      binary += raw.byteLength;
      return 0;
    });
    return { json: Buffer.byteLength(text ?? ''), binary };
  } catch {
    return { json: Number.POSITIVE_INFINITY, binary };
  }
}

export async function dispatch(
  name: string,
  payload: unknown,
  session: Session,
  services: Services,
  handlers: HandlerMap,
  limiter: RateLimiter,
): Promise<Ack<unknown>> {
  try {
    if (!limiter.take()) throw new AppFailure('rate_limited', 'too many requests; slow down');
    if (!isRequestName(name)) throw new AppFailure('unknown_request', `unknown request "${name.slice(0, 60)}"`);
    const size = payloadSize(payload);
    if (size.json > MAX_REQUEST_BYTES) {
      throw new AppFailure('too_large', `request payload exceeds ${MAX_REQUEST_BYTES} bytes`);
    }
    if (size.binary > MAX_BINARY_REQUEST_BYTES) {
      throw new AppFailure('too_large', `binary attachments exceed ${MAX_BINARY_REQUEST_BYTES} bytes`);
    }
    const parsed = requestSchemas[name].safeParse(payload);
    if (!parsed.success) {
      throw new AppFailure('invalid_message', `${name}: ${z.prettifyError(parsed.error).slice(0, 500)}`);
    }
    const handler = handlers[name] as (s: Session, p: unknown, sv: Services) => Promise<unknown>;
    return { ok: true, data: await handler(session, parsed.data, services) };
  } catch (error) {
    if (isKnownFailure(error)) return { ok: false, error: error.toValue() };
    log.error(`${name.slice(0, 60)} failed`, error);
    return { ok: false, error: toAppError(error) };
  }
}
