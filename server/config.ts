// Server configuration from environment variables, with embedded defaults that run on one machine unchanged.
import { cpus, homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface ServerConfig {
  host: string;
  port: number;
  /** Public base URL used in invitation links. */
  publicUrl: string;
  dataDir: string;
  /** Secret for signing invitation tokens; generated and kept in dataDir when not given. */
  tokenSecret: string | null;
  sfu: {
    workers: number;
    /**
     * Consumers (including pipe consumers) one worker should carry; past it a meeting spreads onto another worker.
     * mediasoup's guidance is about 500 per worker (one CPU core); `npm run bench:sfu` measures it here.
     */
    maxConsumersPerWorker: number;
    listenIp: string;
    announcedAddress: string | undefined;
    rtcMinPort: number;
    rtcMaxPort: number;
    enableUdp: boolean;
    enableTcp: boolean;
    logLevel: 'debug' | 'warn' | 'error' | 'none';
  };
  limits: {
    /** Requests a socket may send per second, sustained (burst is 4x). */
    requestsPerSecond: number;
  };
  /** Agenda documents (docs/documents.md). */
  documents: {
    maxBytes: number;
    maxPages: number;
    /** How long pdf.js may take to open an upload before it is refused as unreadable. */
    inspectTimeoutMs: number;
  };
  /** Annotation sync: `full` fsyncs every acknowledged batch of updates (survives power loss), `normal` does not. */
  sync: {
    durability: 'full' | 'normal';
    compactAfter: number;
  };
  staticDir: string;
}

function int(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number.parseInt(value, 10);
  if (!Number.isFinite(n)) throw new Error(`expected an integer, got "${value}"`);
  return n;
}

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = int(env.PORT, 8080);
  const host = env.HOST ?? '0.0.0.0';
  const logLevel = env.SFU_LOG_LEVEL ?? 'warn';
  if (!['debug', 'warn', 'error', 'none'].includes(logLevel)) {
    throw new Error(`SFU_LOG_LEVEL must be debug, warn, error or none; got "${logLevel}"`);
  }
  return {
    host,
    port,
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    dataDir: resolve(env.DATA_DIR ?? join(homedir(), '.local', 'share', 'phonghop')),
    tokenSecret: env.TOKEN_SECRET ?? null,
    sfu: {
      workers: Math.max(1, int(env.SFU_WORKERS, cpus().length)),
      maxConsumersPerWorker: Math.max(1, int(env.SFU_MAX_CONSUMERS_PER_WORKER, 500)),
      listenIp: env.SFU_LISTEN_IP ?? '127.0.0.1',
      announcedAddress: env.SFU_ANNOUNCED_ADDRESS || undefined,
      rtcMinPort: int(env.RTC_MIN_PORT, 40000),
      rtcMaxPort: int(env.RTC_MAX_PORT, 49999),
      enableUdp: bool(env.SFU_ENABLE_UDP, true),
      enableTcp: bool(env.SFU_ENABLE_TCP, true),
      logLevel: logLevel as ServerConfig['sfu']['logLevel'],
    },
    limits: { requestsPerSecond: int(env.RATE_LIMIT_RPS, 50) },
    documents: {
      maxBytes: int(env.DOCUMENT_MAX_BYTES, 100 * 1024 * 1024),
      maxPages: int(env.DOCUMENT_MAX_PAGES, 2000),
      inspectTimeoutMs: int(env.DOCUMENT_INSPECT_TIMEOUT_MS, 30_000),
    },
    sync: {
      durability: env.SYNC_DURABILITY === 'normal' ? 'normal' : 'full',
      compactAfter: Math.max(1, int(env.SYNC_COMPACT_AFTER, 500)),
    },
    staticDir: resolve(env.STATIC_DIR ?? 'dist/renderer'),
  };
}
