// The certificates the shell trusts when it checks signatures by itself (offline): the installation's own folder
// (an administrator puts the agency's roots there — the Government specialised root of Ban Cơ yếu Chính phủ, NEAC's
// national root) and a copy of the configured server's trust list, taken from GET /api/verify/trust whenever the
// server answers. The copy is per server and replaced whole; a server that lists none leaves no copy.
import { X509Certificate } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomicFile.ts';
import { originKey } from './originKey.ts';

const PEM = /^-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----$/;
const MAX_CERTIFICATES = 500;
const MAX_BODY_BYTES = 4 * 1024 * 1024;
const MAX_FILE_BYTES = 1024 * 1024;
const CERTIFICATE_FILE = /\.(pem|crt|cer|der)$/i;

export interface TrustFile {
  name: string;
  data: Uint8Array;
  modifiedAt: Date;
}

/** The file in `dir` holding the copy of `origin`'s trust list. */
export function trustCopyPath(dir: string, origin: string): string {
  return join(dir, `server-${originKey(origin)}.pem`);
}

/**
 * Fetches `origin`'s trust list and keeps it in `dir`. Only CA certificates in PEM are kept; an answer of another
 * shape is refused whole (the previous copy stays). Returns how many certificates were kept.
 */
export async function refreshTrustCopy(
  fetchUrl: (url: string) => Promise<Response>,
  origin: string,
  dir: string,
): Promise<number> {
  const response = await fetchUrl(`${origin}/api/verify/trust`);
  if (!response.ok) throw new Error(`trust list: HTTP ${response.status}`);
  const text = await response.text();
  if (text.length > MAX_BODY_BYTES) throw new Error('trust list: too large');
  const body = JSON.parse(text) as { certificates?: unknown };
  const list = body.certificates;
  if (!Array.isArray(list) || list.length > MAX_CERTIFICATES) throw new Error('trust list: not a list of certificates');
  const pems = list.map((pem) => {
    if (typeof pem !== 'string' || !PEM.test(pem.trim()))
      throw new Error('trust list: an entry is not a PEM certificate');
    if (!new X509Certificate(pem).ca) throw new Error('trust list: an entry is not a CA certificate');
    return pem.trim();
  });
  const file = trustCopyPath(dir, origin);
  if (pems.length === 0) {
    await rm(file, { force: true });
    return 0;
  }
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(file, `${pems.join('\n')}\n`, 0o644);
  return pems.length;
}

/** The certificate files in the folders (missing folders are skipped; oversized files too). */
export async function readTrustFiles(dirs: readonly string[]): Promise<TrustFile[]> {
  const files: TrustFile[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = (await readdir(dir)).sort();
    } catch {
      continue;
    }
    for (const name of names.filter((n) => CERTIFICATE_FILE.test(n))) {
      const path = join(dir, name);
      const info = await stat(path).catch(() => null);
      if (!info?.isFile() || info.size > MAX_FILE_BYTES) continue;
      files.push({ name: path, data: await readFile(path), modifiedAt: info.mtime });
    }
  }
  return files;
}
