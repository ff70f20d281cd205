// One upload over plain node:http, where the fuzzer controls what a browser would not let it: a Content-Length that
// lies, a body cut off mid-way by closing the socket, any method, any header. The answer is read as the fuzzers'
// Outcome: a typed JSON error or a document, nothing else.
import { request } from 'node:http';
import { isAppError } from '../../common/errors.ts';
import type { Outcome } from './tally.ts';

export interface UploadRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  /** Send this many bytes of the body, then close the connection (an interrupted upload). */
  abortAfter?: number;
}

export interface UploadAnswer {
  status: number;
  outcome: Outcome;
}

/** Sends the request; `dropped` when the server closed the connection without an answer we could read. */
export function sendUpload(baseUrl: string, spec: UploadRequest, timeoutMs = 120_000): Promise<UploadAnswer> {
  const url = new URL(spec.path, baseUrl);
  return new Promise((resolve) => {
    let settled = false;
    const done = (answer: UploadAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(answer);
    };
    const req = request(url, { method: spec.method, headers: spec.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', () => done({ status: res.statusCode ?? 0, outcome: { kind: 'dropped' } }));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON: untyped below
        }
        const error = (body as { error?: unknown } | null)?.error;
        // Node's HTTP parser refuses a request line or headers over its limit (16 KiB) before the server's code
        // sees the request: dropped by the limits, like a socket.io message over maxHttpBufferSize.
        if (status === 431) return done({ status, outcome: { kind: 'dropped' } });
        // 201: a document; another 2xx: what a wrong method reached instead (GET /api/documents lists them).
        if (status >= 200 && status < 300 && typeof body === 'object' && body !== null) {
          done({ status, outcome: { kind: 'ok', data: body } });
        } else if (status >= 400 && isAppError(error)) {
          const outcome: Outcome = error.reason
            ? { kind: 'error', code: error.code, reason: error.reason, detail: error.detail }
            : { kind: 'error', code: error.code, detail: error.detail };
          done({ status, outcome });
        } else {
          done({ status, outcome: { kind: 'untyped', value: { status, body: text.slice(0, 300) } } });
        }
      });
    });
    const timer = setTimeout(() => {
      req.destroy();
      done({ status: 0, outcome: { kind: 'no_answer' } });
    }, timeoutMs);
    // A server that answers early (a refusal before the body) may close while we still write: not a fault.
    req.on('error', () => done({ status: 0, outcome: { kind: 'dropped' } }));
    if (spec.abortAfter !== undefined) {
      req.write(spec.body.subarray(0, spec.abortAfter), () => setTimeout(() => req.destroy(), 50));
      return;
    }
    req.end(spec.body);
  });
}
