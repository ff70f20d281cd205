// The server's listeners: HTTPS on PORT (TLS 1.2 at least, HSTS on every response, the CA at /ca.crt), or plain HTTP
// with HTTP_ONLY=1 behind a TLS proxy; and, beside HTTPS, a plain HTTP port that answers nothing but a redirect to
// the HTTPS address. The application's request handler is the same in every case.
import {
  createServer as createHttpServer,
  ServerResponse,
  type IncomingMessage,
  type RequestListener,
  type Server as HttpServer,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { defaultPublicUrl, type ServerConfig } from '../config.ts';
import { loadTlsCredentials, type TlsCredentials } from './credentials.ts';
import { logger } from '../log.ts';

const tlsLog = logger('tls');

export const HSTS = 'max-age=31536000';
export type Scheme = 'http' | 'https';

/** Sets HSTS at construction, so that every response has it, socket.io's own included (they bypass our handler). */
class HstsResponse<Request extends IncomingMessage = IncomingMessage> extends ServerResponse<Request> {
  constructor(req: Request) {
    super(req);
    this.setHeader('Strict-Transport-Security', HSTS);
  }
}

/** GET /ca.crt (PEM) and /ca.der: the certificate a client installs to trust the server; 404 when there is none. */
function serveCa(ca: TlsCredentials['ca'], req: IncomingMessage, res: ServerResponse): boolean {
  const path = (req.url ?? '').split('?')[0];
  if (path !== '/ca.crt' && path !== '/ca.der') return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
  } else if (ca === null) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('no CA certificate is served here\n');
  } else {
    const body = path === '/ca.crt' ? Buffer.from(ca.pem) : ca.der;
    res.writeHead(200, {
      'content-type': 'application/x-x509-ca-cert',
      'content-length': body.length,
      'content-disposition': `attachment; filename="phonghop-ca.${path === '/ca.crt' ? 'crt' : 'der'}"`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }
  return true;
}

/** A Host header's host name, or null when it is missing or not a plain name or address (never echoed back then). */
export function hostOf(header: string | undefined): string | null {
  const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/.exec(header ?? '');
  return match ? match[1]! : null;
}

/** Where the redirect port sends a request: the same host and path on the HTTPS port. */
export function redirectLocation(req: IncomingMessage, fallbackHost: string, httpsPort: number): string {
  const host = hostOf(req.headers.host) ?? fallbackHost;
  const path = req.url?.startsWith('/') ? req.url : '/';
  return `https://${host}${httpsPort === 443 ? '' : `:${httpsPort}`}${path}`;
}

function redirectServer(fallbackHost: string, httpsPort: () => number): HttpServer {
  return createHttpServer((req, res) => {
    // 301 for what a browser navigates to; 308 keeps the method and body of anything else.
    const status = req.method === 'GET' || req.method === 'HEAD' ? 301 : 308;
    res.writeHead(status, { location: redirectLocation(req, fallbackHost, httpsPort()), 'content-length': 0 });
    res.end();
  });
}

function listenOn(server: HttpServer, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** The address links and logs use: PUBLIC_URL as configured, or this listener's own when it was not set. */
export function runningUrl(config: ServerConfig, scheme: Scheme, port: number): string {
  if (config.publicUrl === defaultPublicUrl(config.tls, config.port)) return `${scheme}://localhost:${port}`;
  // PUBLIC_URL is what clients reach, perhaps through a proxy on another port; only "any port" (0) is filled in.
  return config.publicUrl.replace(/:0$/, `:${port}`);
}

export interface WebServer {
  /** The server the request handler and socket.io are attached to (an https.Server with TLS). */
  server: HttpServer;
  scheme: Scheme;
  /** Listens on PORT (and the redirect port); resolves with the bound port and the running URL. */
  listen(): Promise<{ port: number; url: string; redirectPort: number | null }>;
  /**
   * The start-up check again (generated certificates only), for a server that runs longer than its certificate:
   * a renewed certificate is used for new connections at once. Returns the log lines when something changed.
   */
  renew(now?: Date): string[];
  /** Closes the redirect listener; the main server is closed by its owner (socket.io's close does it). */
  close(): Promise<void>;
}

const DAY = 86_400_000;

function secureContext(credentials: TlsCredentials) {
  return { cert: credentials.certificateChain, key: credentials.privateKey, minVersion: 'TLSv1.2' } as const;
}

export function createWebServer(
  config: ServerConfig,
  handler: RequestListener,
  log: (line: string) => void = (line) => tlsLog.info(line),
): WebServer {
  let credentials = config.tls.mode === 'off' ? null : loadTlsCredentials(config);
  const handle: RequestListener = (req, res) => {
    if (!serveCa(credentials?.ca ?? null, req, res)) handler(req, res);
  };
  const https = credentials
    ? createHttpsServer({ ...secureContext(credentials), ServerResponse: HstsResponse }, handle)
    : null;
  const server: HttpServer = https ?? createHttpServer(handle);
  const scheme: Scheme = https ? 'https' : 'http';
  let boundPort = config.port;
  let redirect: HttpServer | null = null;
  let renewal: NodeJS.Timeout | null = null;

  const renew = (now = new Date()): string[] => {
    if (https === null || credentials === null || config.tls.mode !== 'generated') return [];
    const next = loadTlsCredentials(config, now);
    if (next.certificateChain === credentials.certificateChain && next.privateKey === credentials.privateKey) return [];
    https.setSecureContext(secureContext(next));
    credentials = next;
    return next.notes;
  };

  return {
    server,
    scheme,
    renew,
    async listen() {
      await listenOn(server, config.port, config.host);
      boundPort = (server.address() as AddressInfo).port;
      const url = runningUrl(config, scheme, boundPort);
      if (credentials) credentials.notes.forEach((line) => log(line));
      else log(`CẢNH BÁO: HTTP_ONLY=1 — HTTP không mã hoá trên cổng ${boundPort}; chỉ dùng sau một proxy TLS.`);
      const ca = credentials?.ca ?? null;
      if (ca) {
        log(`  Dấu vân tay SHA-256 của CA: ${ca.fingerprint}`);
        log(`  Tải chứng chỉ CA: ${url}/ca.crt (so dấu vân tay trước khi tin cậy)`);
      }
      let redirectPort: number | null = null;
      if (https && config.tls.redirectPort !== null) {
        const fallbackHost = hostOf(new URL(url).host) ?? 'localhost';
        redirect = redirectServer(fallbackHost, () => boundPort);
        try {
          await listenOn(redirect, config.tls.redirectPort, config.host);
        } catch (error) {
          server.close();
          const reason = (error as NodeJS.ErrnoException).code ?? String(error);
          throw new Error(
            `HTTP_REDIRECT_PORT ${config.tls.redirectPort}: cannot listen (${reason}); set HTTP_REDIRECT_PORT=0 to go without`,
          );
        }
        redirectPort = (redirect.address() as AddressInfo).port;
        log(`  Cổng ${redirectPort} (HTTP) chỉ chuyển hướng sang HTTPS cổng ${boundPort}.`);
      }
      if (config.tls.mode === 'generated') {
        renewal = setInterval(() => {
          try {
            renew().forEach((line) => log(line));
          } catch (error) {
            log(`CẢNH BÁO: không gia hạn được chứng chỉ máy chủ: ${String(error)}`);
          }
        }, DAY);
        renewal.unref();
      }
      return { port: boundPort, url, redirectPort };
    },
    async close() {
      if (renewal !== null) clearInterval(renewal);
      renewal = null;
      const closing = redirect;
      redirect = null;
      if (closing === null) return;
      closing.closeAllConnections();
      await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
  };
}
