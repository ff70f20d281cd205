// What a fuzz run saw, counted the same way by every fuzzer, and the one JSON line it ends with. An answer is
// "typed" when it is `{ ok: true, data }` or `{ ok: false, error }` with a code of common/errors.ts; `internal` is
// typed too, but it means a handler threw something that was not a known failure — a bug the server merely
// contained — so it is counted apart, with the requests that caused it.
import { loadavg } from 'node:os';
import { isAppError } from '../../common/errors.ts';

export type Outcome =
  | { kind: 'ok'; data: unknown }
  | { kind: 'error'; code: string; reason?: string; detail: string }
  /** The connection closed before the answer (the server dropped it: too large, malformed, removed). */
  | { kind: 'dropped' }
  /** Still connected, and no answer within the time allowed. */
  | { kind: 'no_answer' }
  /** An answer that is not an Ack. */
  | { kind: 'untyped'; value: unknown };

/** Reads a socket.io acknowledgement as an Outcome. */
export function outcomeOf(response: unknown): Outcome {
  if (typeof response === 'object' && response !== null) {
    const ack = response as { ok?: unknown; data?: unknown; error?: unknown };
    if (ack.ok === true && 'data' in ack) return { kind: 'ok', data: ack.data };
    if (ack.ok === false && isAppError(ack.error)) {
      const { code, reason, detail } = ack.error;
      return reason ? { kind: 'error', code, reason, detail } : { kind: 'error', code, detail };
    }
  }
  return { kind: 'untyped', value: response };
}

const SAMPLES = 20;

export class Tally {
  messages = 0;
  ok = 0;
  dropped = 0;
  noAnswer = 0;
  untyped = 0;
  /** Sent without an acknowledgement callback, or as raw frames: nothing to answer. */
  unacknowledged = 0;
  fuzzerErrors = 0;
  readonly errors = new Map<string, number>();
  /** `internal` answers by request name: which handlers threw something unexpected. */
  readonly internalBy = new Map<string, number>();
  /** A few examples of what should never happen, for the report. */
  readonly samples: { what: string; request: string; detail: string }[] = [];

  count(request: string, outcome: Outcome): void {
    this.messages++;
    switch (outcome.kind) {
      case 'ok':
        this.ok++;
        return;
      case 'error':
        this.errors.set(outcome.code, (this.errors.get(outcome.code) ?? 0) + 1);
        if (outcome.code === 'internal') {
          this.internalBy.set(request, (this.internalBy.get(request) ?? 0) + 1);
          this.#sample('internal', request, outcome.detail);
        }
        return;
      case 'dropped':
        this.dropped++;
        return;
      case 'no_answer':
        this.noAnswer++;
        this.#sample('no_answer', request, '');
        return;
      case 'untyped':
        this.untyped++;
        this.#sample('untyped', request, JSON.stringify(outcome.value)?.slice(0, 300) ?? 'undefined');
    }
  }

  /** The fuzzer itself failed to send something (its own encoder refused it): not the server's doing. */
  fuzzerError(error: unknown): void {
    this.fuzzerErrors++;
    const where = error instanceof Error ? (error.stack ?? '').split('\n').slice(0, 9).join(' ') : String(error);
    this.#sample('fuzzer_error', '', where.slice(0, 1200));
  }

  sent(): void {
    this.messages++;
    this.unacknowledged++;
  }

  get internal(): number {
    return this.errors.get('internal') ?? 0;
  }

  #sample(what: string, request: string, detail: string): void {
    if (this.samples.length < SAMPLES) this.samples.push({ what, request: request.slice(0, 60), detail });
  }

  summary(): Record<string, unknown> {
    return {
      messages: this.messages,
      answered_ok: this.ok,
      answered_error: Object.fromEntries([...this.errors].sort((a, b) => b[1] - a[1])),
      unacknowledged: this.unacknowledged,
      dropped: this.dropped,
      no_answer: this.noAnswer,
      untyped: this.untyped,
      internal: this.internal,
      fuzzer_errors: this.fuzzerErrors,
      internal_by_request: Object.fromEntries(this.internalBy),
    };
  }
}

/** The 1-, 5- and 15-minute load averages, for the record next to any timing. */
export function loadAverage(): number[] {
  return loadavg().map((l) => Math.round(l * 100) / 100);
}
