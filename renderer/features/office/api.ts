// The one door to the office API (/api/...): JSON in and out, the CSRF header on every state-changing request,
// the server's `{error:{code,detail}}` turned into an `ApiError`, and a 401 reported as "signed out" so that the
// app goes back to the sign-in page. Types only from common/: its values would bundle zod into the renderer.
import { isAppError, type ErrorCode, type ErrorReason } from '../../../common/errors.ts';
import type { CSRF_HEADER } from '../../../common/office.ts';

/** Same value as `CSRF_HEADER` in common/office.ts; the type makes a rename there a compile error here. */
const CSRF: typeof CSRF_HEADER = 'x-phonghop-csrf';

export type ApiErrorCode = ErrorCode | 'network';

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly status: number;
  readonly reason: ErrorReason | undefined;
  readonly params: Record<string, string | number> | undefined;
  /** Seconds to wait before trying again (a lockout), from the Retry-After header or the error's params. */
  readonly retryAfter: number | null;
  constructor(
    code: ApiErrorCode,
    status: number,
    detail: string,
    extra: { reason?: ErrorReason; params?: Record<string, string | number>; retryAfter?: number | null } = {},
  ) {
    super(detail);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.reason = extra.reason;
    this.params = extra.params;
    this.retryAfter = extra.retryAfter ?? null;
  }
}

export interface RequestOptions {
  /** A 401 is an answer here (wrong password, "nobody signed in"), not the end of the session. */
  expectUnauthorized?: boolean;
  signal?: AbortSignal;
}

export interface ApiClient {
  get<T>(path: string, options?: RequestOptions): Promise<T>;
  post<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T>;
  put<T>(path: string, body: unknown, options?: RequestOptions): Promise<T>;
  /** A file as the raw request body (agenda documents). */
  upload<T>(path: string, file: Blob, contentType: string, options?: RequestOptions): Promise<T>;
  /** Called on any 401 not expected by the caller: the session ended (expired, signed out elsewhere). */
  onSignedOut(listener: () => void): () => void;
}

export interface ApiConfig {
  /** Prefix for paths; '' (same origin) in the app, a loopback origin in tests. */
  base?: string;
  fetch?: typeof fetch;
}

function retryAfterSeconds(response: Response, params: Record<string, string | number> | undefined): number | null {
  for (const key of ['retryAfter', 'retryAfterSeconds', 'seconds']) {
    const value = Number(params?.[key]);
    if (Number.isFinite(value) && value > 0) return Math.ceil(value);
  }
  const header = response.headers.get('retry-after');
  if (header === null) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

async function errorFrom(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => null);
  const error = (body as { error?: unknown } | null)?.error;
  if (isAppError(error)) {
    return new ApiError(error.code, response.status, error.detail, {
      reason: error.reason,
      params: error.params,
      retryAfter: retryAfterSeconds(response, error.params),
    });
  }
  // Not our server's answer (a proxy's error page): classify by status.
  const code: ErrorCode =
    response.status === 401
      ? 'unauthorized'
      : response.status === 403
        ? 'forbidden'
        : response.status === 404
          ? 'not_found'
          : response.status === 413
            ? 'too_large'
            : response.status === 429
              ? 'rate_limited'
              : 'internal';
  return new ApiError(code, response.status, `HTTP ${response.status}`, {
    retryAfter: retryAfterSeconds(response, undefined),
  });
}

export function createApi(config: ApiConfig = {}): ApiClient {
  const base = config.base ?? '';
  const doFetch = config.fetch ?? ((input, init) => fetch(input, init));
  const listeners = new Set<() => void>();

  async function send<T>(method: string, path: string, init: RequestInit, options: RequestOptions = {}): Promise<T> {
    const headers = new Headers(init.headers);
    headers.set('accept', 'application/json');
    if (method !== 'GET') headers.set(CSRF, '1');
    let response: Response;
    try {
      response = await doFetch(base + path, {
        ...init,
        method,
        headers,
        credentials: 'same-origin',
        cache: 'no-store',
        signal: options.signal ?? null,
      });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw new ApiError('network', 0, error instanceof Error ? error.message : String(error));
    }
    if (!response.ok) {
      const error = await errorFrom(response);
      if (response.status === 401 && !options.expectUnauthorized) for (const listener of [...listeners]) listener();
      throw error;
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    if (text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError('internal', response.status, 'response is not JSON');
    }
  }

  const json = (body: unknown): RequestInit => ({
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });

  return {
    get: (path, options) => send('GET', path, {}, options),
    post: (path, body, options) => send('POST', path, json(body), options),
    put: (path, body, options) => send('PUT', path, json(body), options),
    upload: (path, file, contentType, options) =>
      send('POST', path, { headers: { 'content-type': contentType }, body: file }, options),
    onSignedOut(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The app's client: same origin, the session cookie. */
export const api = createApi();

/** `/api/meetings/<id>` and below, with the id escaped. */
export function meetingPath(id: string, rest = ''): string {
  return `/api/meetings/${encodeURIComponent(id)}${rest}`;
}
