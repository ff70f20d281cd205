// Assembles the server: HTTP (health, invitation API, the renderer), socket.io signalling and the SFU worker pool.
import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import { join } from 'node:path';
import type { ServerConfig } from './config.ts';
import { MeetingStore } from './meetings/MeetingStore.ts';
import { LiveRegistry } from './live/LiveMeeting.ts';
import { AccountStore } from './storage/AccountStore.ts';
import { DATABASE_FILE, openDatabase } from './storage/database.ts';
import { lockDataDir } from './storage/dataDirLock.ts';
import { handleAuthApi } from './http/authApi.ts';
import { handleOfficeApi } from './http/officeApi.ts';
import { handleAdminApi } from './http/adminApi.ts';
import { Office } from './office/Office.ts';
import { Mailer } from './office/mailer.ts';
import { RoomRegistry } from './rooms/RoomRegistry.ts';
import { WorkerPool } from './sfu/WorkerPool.ts';
import { handleApi } from './http/api.ts';
import { mediaCodecs } from './sfu/mediaCodecs.ts';
import { serveStatic } from './http/staticFiles.ts';
import { attachSignalling } from './signalling/SignallingServer.ts';
import { DocumentService } from './documents/DocumentService.ts';
import { handleDocumentsApi } from './http/documentsApi.ts';
import { PresenterRegistry } from './sync/PresenterRegistry.ts';
import { SqliteUpdateLog } from './sync/SqliteUpdateLog.ts';
import { SyncService } from './sync/SyncService.ts';
import type { Services } from './services.ts';
import { openArchive } from './archive/openArchive.ts';
import { FilingQueue } from './archive/FilingQueue.ts';
import { MinutesService } from './minutes/MinutesService.ts';
import { handleMinutesApi } from './http/minutesApi.ts';
import { handleSigningApi } from './http/signingApi.ts';
import { handleRecordingsApi } from './http/recordingsApi.ts';
import { createRecordings } from './recording/setup.ts';
import { recordingAttachments } from './recording/recordingAttachments.ts';
import { createWebServer } from './tls/listen.ts';

export interface RunningServer {
  url: string;
  port: number;
  services: Services;
  pool: WorkerPool;
  http: HttpServer;
  close(): Promise<void>;
}

/** An HMAC key shorter than this could be guessed offline from any token it signed (counted in UTF-8 bytes). */
const MIN_SECRET_BYTES = 32;

function checkSecret(secret: string, where: string): string {
  const bytes = Buffer.byteLength(secret);
  if (bytes < MIN_SECRET_BYTES) {
    throw new Error(
      `${where} has ${bytes} bytes; it needs at least ${MIN_SECRET_BYTES} (e.g. openssl rand -base64 48)`,
    );
  }
  return secret;
}

/**
 * The token secret survives restarts (links stay valid) without anyone having to configure one. The generated one is
 * written beside its place and linked in: a crash leaves the whole file or none, and of two servers starting at once
 * the second reads the first's.
 */
export function tokenSecret(config: ServerConfig): string {
  if (config.tokenSecret !== null) return checkSecret(config.tokenSecret, 'TOKEN_SECRET');
  mkdirSync(config.dataDir, { recursive: true });
  const file = join(config.dataDir, 'token-secret');
  if (!existsSync(file)) {
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(temporary, randomBytes(32).toString('base64url'), { mode: 0o600, flush: true });
    try {
      linkSync(temporary, file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // EEXIST: another start was first; a filesystem without hard links gets the rename instead.
      if (code !== 'EEXIST') renameSync(temporary, file);
    } finally {
      rmSync(temporary, { force: true });
    }
  }
  return checkSecret(readFileSync(file, 'utf8').trim(), file);
}

/** The embedded database in DATA_DIR (one SQLite file), opened and migrated. */
export function openMeetingStore(config: ServerConfig): MeetingStore {
  return new MeetingStore(openDatabase(join(config.dataDir, DATABASE_FILE)));
}

export async function startServer(
  configIn: ServerConfig,
  meetings?: MeetingStore,
  options: { demo?: boolean } = {},
): Promise<RunningServer> {
  const config: ServerConfig = { ...configIn, demo: options.demo ?? configIn.demo };
  // First: a secret too short to sign with stops the start before anything runs.
  const secret = tokenSecret(config);
  const ownStore = meetings === undefined;
  // Whoever opens the store takes the data folder (main.ts does before it opens the store it passes).
  const lock = ownStore ? lockDataDir(config.dataDir) : null;
  const store = meetings ?? openMeetingStore(config);
  const pool = new WorkerPool(config.sfu);
  await pool.start();
  await pool.probeRouterCapabilities(mediaCodecs);
  const filingQueue = await FilingQueue.open({
    dir: join(config.dataDir, 'filing-queue'),
    archives: [openArchive(config.minutes.archive)],
  });
  const documents = new DocumentService(store, {
    blobDir: join(config.dataDir, 'blobs'),
    limits: { maxBytes: config.documents.maxBytes, maxPages: config.documents.maxPages },
    inspectTimeoutMs: config.documents.inspectTimeoutMs,
  });
  const sync = new SyncService(new SqliteUpdateLog(store.db, config.sync.durability), {
    compactAfter: config.sync.compactAfter,
    maxDocumentBytes: config.sync.maxDocumentBytes,
  });
  const live = new LiveRegistry(config.limits.knocksPerMinute);
  const accounts = new AccountStore(store.db);
  const services: Services = {
    config,
    meetings: store,
    accounts,
    rooms: new RoomRegistry(pool, config.sfu),
    tokenSecret: secret,
    live,
    documents,
    sync,
    presenter: new PresenterRegistry(),
    minutes: new MinutesService({
      config: config.minutes,
      dataDir: config.dataDir,
      tokenSecret: secret,
      meetings: store,
      sync,
      live,
      blobs: documents.blobs,
      queue: filingQueue,
      documentTitle: (id) => documents.store.get(id)?.title ?? null,
      demo: config.demo,
      recordingAttachments: recordingAttachments(() => services.recordings),
    }),
    recordings: createRecordings(config.recording, store, live),
    office: new Office({
      meetings: store,
      accounts,
      live,
      documents,
      filingStatuses: (meetingId) => services.minutes.view(meetingId).filing?.receiverStatuses ?? [],
      filingFollowUps: (meetingId) => services.minutes.view(meetingId).filing?.followUps?.state ?? 'none',
    }),
    ldap: config.ldap,
    mailer: config.mail ? new Mailer(config.mail) : null,
  };
  // Lifecycle, comments and filing status reach everyone in the meeting as they change.
  services.minutes.on('changed', (view) => services.live.peek(view.meetingId)?.toAll('minutesChanged', view));
  services.minutes.start();
  // The office's home pages follow arrivals, departures and ends; search follows the minutes' text.
  store.onChange((meetingId) => services.office.changed(meetingId));
  services.minutes.on('changed', (view) => {
    services.office.reindex(view.meetingId);
    services.office.changed(view.meetingId);
  });
  // HTTPS with the generated local CA or the agency's certificate, or plain HTTP behind a proxy (docs/deployment.md).
  const web = createWebServer(config, (req, res) => {
    if (handleDocumentsApi(req, res, services)) return;
    if (handleMinutesApi(req, res, services)) return;
    if (handleSigningApi(req, res, services)) return;
    if (handleRecordingsApi(req, res, services)) return;
    if (handleAuthApi(req, res, services)) return;
    if (handleOfficeApi(req, res, services)) return;
    if (handleAdminApi(req, res, services)) return;
    if (!handleApi(req, res, services, pool)) serveStatic(config.staticDir, req, res);
  });
  const http = web.server;
  const io = attachSignalling(http, services);
  const { port, url } = await web.listen();
  // Links made while running (guest links) carry the port actually bound, as the demo's links do.
  services.config = { ...config, publicUrl: url };
  return {
    url,
    port,
    services,
    pool,
    http,
    async close() {
      // Recordings first, while their media still flows: each part is finished on disk.
      await services.recordings.close();
      await services.rooms.closeAll();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      services.office.close();
      await web.close();
      await services.minutes.stop();
      await services.sync.shutdown();
      pool.close();
      services.live.closeAll();
      if (ownStore) store.close();
      lock?.release();
    },
  };
}
