// Assembles the server: HTTP (health, invitation API, the renderer), socket.io signalling and the SFU worker pool.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { ServerConfig } from './config.ts';
import { MeetingStore } from './meetings/MeetingStore.ts';
import { RoomRegistry } from './rooms/RoomRegistry.ts';
import { WorkerPool } from './sfu/WorkerPool.ts';
import { handleApi } from './http/api.ts';
import { serveStatic } from './http/staticFiles.ts';
import { attachSignalling } from './signalling/SignallingServer.ts';
import type { Services } from './signalling/context.ts';

export interface RunningServer {
  url: string;
  port: number;
  services: Services;
  pool: WorkerPool;
  http: HttpServer;
  close(): Promise<void>;
}

/** The token secret survives restarts (links stay valid) without anyone having to configure one. */
function tokenSecret(config: ServerConfig): string {
  if (config.tokenSecret) return config.tokenSecret;
  mkdirSync(config.dataDir, { recursive: true });
  const file = join(config.dataDir, 'token-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export async function startServer(config: ServerConfig, meetings = new MeetingStore()): Promise<RunningServer> {
  const pool = new WorkerPool(config.sfu);
  await pool.start();
  const services: Services = {
    config,
    meetings,
    rooms: new RoomRegistry(pool, config.sfu),
    tokenSecret: tokenSecret(config),
  };
  const http = createServer((req, res) => {
    if (!handleApi(req, res, services, pool)) serveStatic(config.staticDir, req, res);
  });
  const io = attachSignalling(http, services);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  return {
    url: config.publicUrl.replace(/:\d+$/, `:${port}`),
    port,
    services,
    pool,
    http,
    async close() {
      await services.rooms.closeAll();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      pool.close();
    },
  };
}
