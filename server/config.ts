// Server configuration from environment variables, with embedded defaults that run on one machine unchanged.
import { cpus, homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { edxmlConfig, type EdxmlConfig } from './archive/edxmlConfig.ts';
import { loadLdapConfig, type LdapConfig } from './auth/ldapConfig.ts';
import { loadSigningConfig, type SigningConfig } from './minutes/signing/signingConfig.ts';
import { loadMailConfig, type MailConfig } from './office/mailer.ts';
import { DEFAULT_SYNC_QUOTAS } from './sync/quotas.ts';
import { recordingConfig, type RecordingConfig } from './recording/recordingConfig.ts';

export interface ServerConfig {
  host: string;
  port: number;
  /** Public base URL used in invitation links. */
  publicUrl: string;
  /** HTTPS on PORT (docs/deployment.md). */
  tls: TlsConfig;
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
    /** Knocks at waiting rooms per client address and minute (WAITING_ROOM_KNOCKS_PER_MINUTE). */
    knocksPerMinute: number;
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
    /** Per connection: bytes a second of updates and awareness (bursts of `burstBytes`), awareness messages a second. */
    bytesPerSecond: number;
    burstBytes: number;
    awarenessPerSecond: number;
    /** A document's stored size beyond which it takes no more content (docs/documents.md). */
    maxDocumentBytes: number;
  };
  /** Minutes (docs/minutes.md): the issuing agency's defaults for new records, and where signed records are filed. */
  minutes: MinutesConfig;
  /** Recording meetings into one file with ffmpeg (docs/recording.md). */
  recording: RecordingConfig;
  staticDir: string;
  /** Directory sign-in (LDAP_URL …, docs/ldap.md); null: local accounts only. */
  ldap: LdapConfig | null;
  /** Invitations by e-mail (SMTP_URL …); null: invitations are only downloaded (.ics) and shown on the home. */
  mail: MailConfig | null;
  /** A demo server (`npm run demo`): demo accounts and demo signing identities exist only there. */
  demo: boolean;
  /** Behind a reverse proxy: take the client's address for sign-in lockout from X-Forwarded-For (TRUST_PROXY=1). */
  trustProxy: boolean;
}

/**
 * `generated`: a local CA in DATA_DIR/tls issues the server certificate (the default); `files`: the agency's own
 * certificate (TLS_CERT, TLS_KEY); `off`: plain HTTP (HTTP_ONLY=1), for a server behind a TLS-terminating proxy.
 */
export interface TlsConfig {
  mode: 'generated' | 'files' | 'off';
  certFile: string | null;
  keyFile: string | null;
  /** A CA certificate to serve at /ca.crt with `files` (the generated CA is served without it). */
  caFile: string | null;
  /** TLS_HOSTS: names and addresses the generated certificate covers besides the detected ones. */
  extraHosts: string[];
  /** The plain HTTP port that only redirects to HTTPS; null: none. */
  redirectPort: number | null;
}

export const ARCHIVE_ADAPTERS = ['embedded', 'webdav', 'edxml'] as const;
export type ArchiveAdapter = (typeof ARCHIVE_ADAPTERS)[number];

export interface MinutesConfig {
  /** Header defaults of a new record; the secretary can change each one in the editor. */
  parentAgency: string | null;
  agency: string;
  agencyCode: string | null;
  notation: string;
  place: string;
  /** Nơi nhận, one per entry. */
  recipients: string[];
  /** Signatures: trust list, time-stamping authority, time limits (server/minutes/signing/signingConfig.ts). */
  signing: SigningConfig;
  archive: {
    adapter: ArchiveAdapter;
    /** embedded: the versioned local archive's folder. */
    dir: string;
    webdav: { url: string | null; username: string | null; password: string | null; timeoutMs: number };
    /** edxml: outbox, receivers, inbox of status messages, signing key (server/archive/edxmlConfig.ts). */
    edxml: EdxmlConfig;
    /** ARCHIVE_ATTACH_AGENDA=1: the agenda documents are filed with the record (every adapter). */
    attachAgenda: boolean;
  };
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

/** An optional text setting: unset gives the default, set but empty gives none. */
function optional(value: string | undefined, fallback: string): string | null {
  return value === undefined ? fallback : value.trim() || null;
}

function minutesConfig(env: NodeJS.ProcessEnv, dataDir: string): MinutesConfig {
  const adapter = (env.ARCHIVE_ADAPTER || 'embedded') as ArchiveAdapter;
  if (!ARCHIVE_ADAPTERS.includes(adapter)) {
    throw new Error(`ARCHIVE_ADAPTER must be ${ARCHIVE_ADAPTERS.join(', ')}; got "${adapter}"`);
  }
  const webdavUrl = env.ARCHIVE_WEBDAV_URL || null;
  if (adapter === 'webdav' && !webdavUrl) throw new Error('ARCHIVE_ADAPTER=webdav needs ARCHIVE_WEBDAV_URL');
  const edxml = edxmlConfig(env, dataDir, adapter);
  return {
    parentAgency: optional(env.MINUTES_PARENT_AGENCY, 'Bộ Khoa học và Công nghệ'),
    agency: env.MINUTES_AGENCY || 'Văn phòng Bộ',
    agencyCode: optional(env.MINUTES_AGENCY_CODE, '000.00.01.G06'),
    notation: env.MINUTES_NOTATION || 'BB-VPB',
    place: env.MINUTES_PLACE || 'Hà Nội',
    recipients: (env.MINUTES_RECIPIENTS ?? 'Các thành phần dự họp;Lưu: VT')
      .split(';')
      .map((r) => r.trim())
      .filter((r) => r !== ''),
    signing: loadSigningConfig(env),
    archive: {
      adapter,
      dir: resolve(env.ARCHIVE_DIR ?? join(dataDir, 'archive')),
      webdav: {
        url: webdavUrl,
        username: env.ARCHIVE_WEBDAV_USERNAME || null,
        password: env.ARCHIVE_WEBDAV_PASSWORD || null,
        timeoutMs: int(env.ARCHIVE_WEBDAV_TIMEOUT_MS, 30_000),
      },
      edxml,
      attachAgenda: bool(env.ARCHIVE_ATTACH_AGENDA, false),
    },
  };
}

/** The invitation links' base when PUBLIC_URL is not set. */
export function defaultPublicUrl(tls: TlsConfig, port: number): string {
  return `${tls.mode === 'off' ? 'http' : 'https'}://localhost:${port}`;
}

/** Ports that conventionally pair: 443 with 80, 8443 with 8080. Elsewhere no redirect unless one is asked for. */
const REDIRECT_PORT_FOR: Record<number, number> = { 443: 80, 8443: 8080 };

function tlsConfig(env: NodeJS.ProcessEnv, port: number): TlsConfig {
  const httpOnly = bool(env.HTTP_ONLY, false);
  const certFile = env.TLS_CERT ? resolve(env.TLS_CERT) : null;
  const keyFile = env.TLS_KEY ? resolve(env.TLS_KEY) : null;
  const caFile = env.TLS_CA ? resolve(env.TLS_CA) : null;
  if ((certFile === null) !== (keyFile === null)) throw new Error('TLS_CERT and TLS_KEY go together; set both');
  if (httpOnly && (certFile || caFile)) {
    throw new Error('HTTP_ONLY=1 serves plain HTTP; unset TLS_CERT, TLS_KEY, TLS_CA');
  }
  if (caFile && !certFile) throw new Error('TLS_CA is served with TLS_CERT/TLS_KEY; the generated CA needs no TLS_CA');
  const redirectPort = env.HTTP_REDIRECT_PORT ?? '';
  if (httpOnly && redirectPort !== '' && redirectPort !== '0') {
    throw new Error('HTTP_REDIRECT_PORT redirects to HTTPS; with HTTP_ONLY=1 set it to 0 or leave it unset');
  }
  const redirect = httpOnly ? 0 : int(redirectPort, REDIRECT_PORT_FOR[port] ?? 0);
  if (redirect < 0 || redirect > 65535) throw new Error(`HTTP_REDIRECT_PORT must be 0 to 65535; got ${redirect}`);
  if (redirect !== 0 && redirect === port) throw new Error('HTTP_REDIRECT_PORT must differ from PORT');
  return {
    mode: httpOnly ? 'off' : certFile ? 'files' : 'generated',
    certFile,
    keyFile,
    caFile,
    extraHosts: (env.TLS_HOSTS ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter((h) => h !== ''),
    redirectPort: redirect === 0 ? null : redirect,
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = int(env.PORT, bool(env.HTTP_ONLY, false) ? 8080 : 8443);
  const tls = tlsConfig(env, port);
  const host = env.HOST ?? '0.0.0.0';
  const logLevel = env.SFU_LOG_LEVEL ?? 'warn';
  const dataDir = resolve(env.DATA_DIR ?? join(homedir(), '.local', 'share', 'phonghop'));
  if (!['debug', 'warn', 'error', 'none'].includes(logLevel)) {
    throw new Error(`SFU_LOG_LEVEL must be debug, warn, error or none; got "${logLevel}"`);
  }
  return {
    host,
    port,
    publicUrl: (env.PUBLIC_URL || defaultPublicUrl(tls, port)).replace(/\/$/, ''),
    tls,
    dataDir,
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
    limits: {
      requestsPerSecond: int(env.RATE_LIMIT_RPS, 50),
      knocksPerMinute: int(env.WAITING_ROOM_KNOCKS_PER_MINUTE, 30),
    },
    documents: {
      maxBytes: int(env.DOCUMENT_MAX_BYTES, 100 * 1024 * 1024),
      maxPages: int(env.DOCUMENT_MAX_PAGES, 2000),
      inspectTimeoutMs: int(env.DOCUMENT_INSPECT_TIMEOUT_MS, 30_000),
    },
    sync: {
      durability: env.SYNC_DURABILITY === 'normal' ? 'normal' : 'full',
      compactAfter: Math.max(1, int(env.SYNC_COMPACT_AFTER, 500)),
      bytesPerSecond: Math.max(1, int(env.SYNC_BYTES_PER_SECOND, DEFAULT_SYNC_QUOTAS.bytesPerSecond)),
      burstBytes: Math.max(1, int(env.SYNC_BURST_BYTES, DEFAULT_SYNC_QUOTAS.burstBytes)),
      awarenessPerSecond: Math.max(1, int(env.SYNC_AWARENESS_PER_SECOND, DEFAULT_SYNC_QUOTAS.awarenessPerSecond)),
      maxDocumentBytes: Math.max(1, int(env.SYNC_MAX_DOCUMENT_BYTES, DEFAULT_SYNC_QUOTAS.maxDocumentBytes)),
    },
    minutes: minutesConfig(env, dataDir),
    recording: recordingConfig(env, dataDir),
    staticDir: resolve(env.STATIC_DIR ?? 'dist/renderer'),
    demo: false,
    trustProxy: bool(env.TRUST_PROXY, false),
    ldap: loadLdapConfig(env),
    mail: loadMailConfig(env),
  };
}
