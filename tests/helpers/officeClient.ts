// A signed-in person against the office API, as a browser would be: a cookie jar of one session cookie, the CSRF
// header on every state change, the site's own Origin.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test replies are read loosely, field by field
export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export class OfficeClient {
  readonly base: string;
  cookie: string | null = null;

  constructor(base: string) {
    this.base = base;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
  async call<T = any>(
    path: string,
    options: {
      method?: string;
      body?: unknown;
      raw?: string | Uint8Array;
      csrf?: boolean;
      origin?: string;
      type?: string;
    } = {},
  ): Promise<Reply<T>> {
    const method = options.method ?? (options.body !== undefined || options.raw !== undefined ? 'POST' : 'GET');
    const headers: Record<string, string> = { origin: options.origin ?? this.base };
    if (method !== 'GET' && options.csrf !== false) headers['x-phonghop-csrf'] = '1';
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.type) headers['content-type'] = options.type;
    if (this.cookie) headers['cookie'] = this.cookie;
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers,
      body:
        (options.raw as BodyInit | undefined) ??
        (options.body !== undefined ? JSON.stringify(options.body) : undefined),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) {
      const pair = setCookie.split(';')[0]!;
      this.cookie = pair.endsWith('=') ? null : pair;
    }
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON (an .ics, a PDF)
    }
    return { status: response.status, body: body as T, headers: response.headers };
  }

  async signIn(username: string, password: string): Promise<Reply> {
    return this.call('/api/login', { body: { username, password } });
  }
}
