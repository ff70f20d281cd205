// The server of a load benchmark, in a process of its own (childProcess.ts): the real server with its mediasoup
// workers and the demo meeting (tests/helpers/server.ts) plus the sample documents, and what it costs in windows
// (serverStats.ts). The benchmark reads the server's CPU and event-loop delay here, untouched by the browsers'
// driver and the synthetic points, which run elsewhere. SERVER_ROOT names another tree (an earlier build, for a
// baseline in the same run): its server is started through its own tests/helpers/server.ts. STATIC_DIR names the
// renderer build to serve.
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { currentVersion, type DocRef } from '../../common/documents.ts';
import type { TestServer } from '../helpers/server.ts';
import { serveCalls } from './childProcess.ts';
import { ServerStats, type ServerWindow } from './serverStats.ts';
import { SyncTimings, type SyncTimingsWindow } from './syncTimings.ts';

export interface StartedServer {
  url: string;
  pid: number;
  invitations: { role: string; id: string; url: string; token: string }[];
  /** The shared layer of the document every client opens on joining (the first agenda item's first document). */
  document: DocRef;
}

export type ServerCalls = {
  start(arg: { delegates: number; env: Record<string, string> }): Promise<StartedServer>;
  /** Opens a measurement window. */
  statsStart(arg: null): Promise<null>;
  /** Closes the window (and opens the next). */
  statsRead(arg: null): Promise<ServerWindow>;
  /** Annotation updates and awareness messages since the last call: arrival and time on the event loop. */
  syncTimings(arg: null): Promise<SyncTimingsWindow>;
  stop(arg: null): Promise<null>;
};

let server: TestServer | null = null;
const stats = new ServerStats();
const syncTimings = new SyncTimings();
const root = resolve(process.env.SERVER_ROOT ?? join(import.meta.dirname, '../..'));
const fromRoot = async <T>(path: string): Promise<T> => (await import(pathToFileURL(join(root, path)).href)) as T;
const { startTestServer } = await fromRoot<typeof import('../helpers/server.ts')>('tests/helpers/server.ts');
const { seedDemoDocuments } = await fromRoot<typeof import('../../server/documents/samples/seedDemoDocuments.ts')>(
  'server/documents/samples/seedDemoDocuments.ts',
);

const calls: ServerCalls = {
  async start({ delegates, env }) {
    const staticDir = process.env.STATIC_DIR;
    server = await startTestServer({ delegates, env: { ...env, ...(staticDir ? { STATIC_DIR: staticDir } : {}) } });
    for (const worker of server.server.pool.workers()) stats.watch(worker);
    syncTimings.watch(server.server.services.sync);
    const [document] = await seedDemoDocuments(server.server.services, server.meeting.id);
    if (!document) throw new Error('no sample document was seeded');
    const participants = server.meeting.participants;
    return {
      url: server.server.url,
      pid: process.pid,
      invitations: server.invitations.map((invitation, i) => ({
        role: invitation.role,
        id: participants[i]?.id ?? '',
        url: invitation.url,
        token: server!.tokens[i]!,
      })),
      document: { documentId: document.id, version: currentVersion(document).version, layer: 'shared' },
    };
  },
  async statsStart() {
    await stats.start();
    return null;
  },
  statsRead: () => stats.read(),
  syncTimings: async () => syncTimings.read(),
  async stop() {
    stats.stop();
    await server?.stop();
    server = null;
    return null;
  },
};

serveCalls(calls, async () => {
  await calls.stop(null);
});
