// Which meeting server the shell talks to. The environment wins (deployments and tests), then the server the user
// last agreed to join through a deep link, then the local default. Every source passes the same origin rule.
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from './atomicFile.ts';
import { parseServerOrigin } from './deeplink.ts';

export const DEFAULT_SERVER_URL = 'https://localhost:8443';

export interface Settings {
  serverUrl?: string;
  /** SHA-256 of the CA the saved server's certificate chains to (electron/main/trust.ts). */
  serverCaSha256?: string;
}

export interface ResolvedServer {
  origin: string;
  source: 'env' | 'saved' | 'default';
  /** Why a configured value was ignored, for the log. */
  warnings: string[];
}

export function resolveServerOrigin(envValue: string | undefined, saved: Settings): ResolvedServer {
  const warnings: string[] = [];
  const candidates: Array<[ResolvedServer['source'], string | undefined]> = [
    ['env', envValue],
    ['saved', saved.serverUrl],
  ];
  for (const [source, value] of candidates) {
    if (value === undefined || value === '') continue;
    const parsed = parseServerOrigin(value);
    if (parsed.ok) return { origin: parsed.value, source, warnings };
    warnings.push(`${source} server URL ignored: ${parsed.reason}`);
  }
  return { origin: DEFAULT_SERVER_URL, source: 'default', warnings };
}

export async function loadSettings(file: string): Promise<Settings> {
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return {};
    const { serverUrl, serverCaSha256 } = parsed as Settings;
    if (typeof serverUrl !== 'string') return {};
    return typeof serverCaSha256 === 'string' ? { serverUrl, serverCaSha256 } : { serverUrl };
  } catch {
    return {};
  }
}

export async function saveSettings(file: string, settings: Settings): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(settings, null, 2), 0o600);
}
