// Which meeting server the shell talks to, and the CA it pins for it. The address comes from the installation, never
// from a deep link: the environment (development and tests), then the installation's configuration file (deployed by
// an administrator), then the user's first-run settings; with none of them the shell asks on its first-run page.
// A source that is present but broken stops the resolution instead of silently falling to a lower one, except the
// user's own file, which the first-run page can simply write again.
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, win32 } from 'node:path';
import { writeFileAtomic } from './atomicFile.ts';
import { parseServerOrigin, type Parsed } from './deeplink.ts';
import { parseFingerprint } from './trust.ts';

/** What a configuration file or the first-run page holds, validated. */
export interface ServerConfig {
  /** `https://host[:port]` (or http on this machine, for development). */
  origin: string;
  /** SHA-256 of the CA the server's certificate chains to ("AB:CD:…"), or null to rely on the OS store alone. */
  caSha256: string | null;
}

/** The JSON shape of `config.json` (installation) and `settings.json` (user). */
export interface SettingsJson {
  serverUrl: string;
  serverCaSha256?: string;
}

export type ConfigFile =
  { state: 'absent' } | { state: 'invalid'; reason: string } | { state: 'ok'; config: ServerConfig };

export type ConfigSource = 'env' | 'installation' | 'user';

export type ServerResolution =
  | ({ kind: 'configured'; source: ConfigSource; warnings: string[] } & ServerConfig)
  | { kind: 'setup'; warnings: string[] }
  | { kind: 'invalid'; source: 'env' | 'installation'; reason: string; warnings: string[] };

/** A configuration file is a few lines; anything larger is not one. */
const MAX_FILE_BYTES = 64 * 1024;
const KNOWN_KEYS = new Set(['serverUrl', 'serverCaSha256']);
const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

/**
 * Validates `{ serverUrl, serverCaSha256? }`. Unknown keys are refused, so a misspelt `serverCaSha265` is reported
 * rather than leaving the server unpinned; a fingerprint is refused beside a plain-http server, where it cannot apply.
 */
export function parseServerConfig(value: unknown): Parsed<ServerConfig> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('not a JSON object');
  const record = value as Record<string, unknown>;
  const unknown = Object.keys(record).find((key) => !KNOWN_KEYS.has(key));
  if (unknown !== undefined) return fail(`unknown setting "${unknown}"`);
  const { serverUrl, serverCaSha256 } = record;
  if (typeof serverUrl !== 'string') return fail('serverUrl is missing or not a string');
  const origin = parseServerOrigin(serverUrl.trim());
  if (!origin.ok) return fail(`serverUrl: ${origin.reason}`);
  if (serverCaSha256 === undefined || serverCaSha256 === null || serverCaSha256 === '') {
    return { ok: true, value: { origin: origin.value, caSha256: null } };
  }
  if (typeof serverCaSha256 !== 'string') return fail('serverCaSha256 is not a string');
  const caSha256 = parseFingerprint(serverCaSha256);
  if (caSha256 === null) return fail('serverCaSha256 is not a SHA-256 fingerprint (64 hexadecimal digits)');
  if (!origin.value.startsWith('https:')) return fail('serverCaSha256 needs an https server');
  return { ok: true, value: { origin: origin.value, caSha256 } };
}

/** Reads and validates a configuration file; a missing file is `absent`, anything unusable `invalid` with a reason. */
export async function readConfigFile(path: string): Promise<ConfigFile> {
  let text: string;
  try {
    const bytes = await readFile(path);
    if (bytes.byteLength > MAX_FILE_BYTES) return { state: 'invalid', reason: `${path} is larger than 64 KiB` };
    text = bytes.toString('utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { state: 'absent' };
    return { state: 'invalid', reason: `${path} cannot be read (${code ?? 'error'})` };
  }
  let json: unknown;
  try {
    // Windows' Notepad saves UTF-8 with a byte-order mark, which JSON.parse refuses.
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { state: 'invalid', reason: `${path} is not valid JSON` };
  }
  const parsed = parseServerConfig(json);
  return parsed.ok ? { state: 'ok', config: parsed.value } : { state: 'invalid', reason: `${path}: ${parsed.reason}` };
}

/** Where an administrator deploys the installation's configuration; PHONGHOP_CONFIG points elsewhere. */
export function installationConfigPath(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string {
  if (env.PHONGHOP_CONFIG) return env.PHONGHOP_CONFIG;
  if (platform === 'win32') return win32.join(env.ProgramData ?? 'C:\\ProgramData', 'PhongHop', 'config.json');
  if (platform === 'darwin') return '/Library/Application Support/PhongHop/config.json';
  return '/etc/phonghop/config.json';
}

export interface ServerSources {
  /** PHONGHOP_SERVER_URL and PHONGHOP_SERVER_CA_SHA256: for development and tests. */
  env: { serverUrl?: string | undefined; serverCaSha256?: string | undefined };
  installation: ConfigFile;
  user: ConfigFile;
}

/** The server to use: environment, then installation file, then user settings; `setup` when there is none. */
export function resolveServerOrigin(sources: ServerSources): ServerResolution {
  const warnings: string[] = [];
  const { serverUrl, serverCaSha256 } = sources.env;
  if (serverUrl !== undefined && serverUrl !== '') {
    const parsed = parseServerConfig({ serverUrl, serverCaSha256 });
    if (!parsed.ok) return { kind: 'invalid', source: 'env', reason: `environment: ${parsed.reason}`, warnings };
    return { kind: 'configured', source: 'env', ...parsed.value, warnings };
  }
  // A fingerprint belongs to the server beside it; alone it would pin whatever server a file names.
  if (serverCaSha256) warnings.push('PHONGHOP_SERVER_CA_SHA256 ignored: it applies only with PHONGHOP_SERVER_URL');
  const { installation, user } = sources;
  if (installation.state === 'invalid') {
    return { kind: 'invalid', source: 'installation', reason: installation.reason, warnings };
  }
  if (installation.state === 'ok') {
    if (user.state !== 'absent') warnings.push('user settings ignored: the installation configuration applies');
    return { kind: 'configured', source: 'installation', ...installation.config, warnings };
  }
  if (user.state === 'ok') return { kind: 'configured', source: 'user', ...user.config, warnings };
  if (user.state === 'invalid') warnings.push(`user settings ignored: ${user.reason}`);
  return { kind: 'setup', warnings };
}

/** Writes the user's settings (first-run page only: nothing else in the shell writes where the server is). */
export async function saveUserSettings(file: string, config: ServerConfig): Promise<void> {
  const json: SettingsJson =
    config.caSha256 === null
      ? { serverUrl: config.origin }
      : { serverUrl: config.origin, serverCaSha256: config.caSha256 };
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomic(file, `${JSON.stringify(json, null, 2)}\n`, 0o600);
}
