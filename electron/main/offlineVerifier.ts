// Checking a signed PDF on this computer, with no server: the same check as the server's public one
// (server/minutes/signing/verifyReport.ts), bundled into dist/electron/verifier/verifier.mjs because the packaged
// shell carries no node_modules, loaded on first use. The trust list is the certificate files of the given folders
// (trustCache.ts), read at each check so that a refreshed copy counts at once. The status now is asked of the CAs when
// the network answers, and said unknown when it does not; the status at signing time comes from the document itself.
import { pathToFileURL } from 'node:url';
import type { OfflineVerification } from '../../common/bridge.ts';
import type { VerificationReport } from '../../common/verification.ts';
import { readTrustFiles } from './trustCache.ts';

/** The bundle's export used here (verifyReport.ts's verifyWithCertificates). */
interface VerifierModule {
  verifyWithCertificates(
    pdf: Uint8Array,
    certificateFiles: ReadonlyArray<{ name: string; data: Uint8Array }>,
    options: { online: boolean; timeoutMs: number },
  ): Promise<VerificationReport & { skipped: string[] }>;
}

export interface OfflineVerifierOptions {
  /** dist/electron/verifier/verifier.mjs. */
  modulePath: string;
  /** The folders whose certificates are trusted, in order. */
  trustDirs: () => readonly string[];
  /** How long to wait for a CA's answer about the status now. */
  timeoutMs?: number;
  log?: (message: string) => void;
}

export interface OfflineVerifier {
  verify(pdf: Uint8Array): Promise<OfflineVerification>;
}

export function createOfflineVerifier(options: OfflineVerifierOptions): OfflineVerifier {
  let loaded: Promise<VerifierModule> | null = null;
  const load = (): Promise<VerifierModule> => {
    loaded ??= import(pathToFileURL(options.modulePath).href) as Promise<VerifierModule>;
    loaded.catch(() => (loaded = null)); // a missing bundle is reported, and looked for again next time
    return loaded;
  };
  return {
    async verify(pdf) {
      const verifier = await load().catch((error: unknown) => {
        options.log?.(`signature check unavailable: ${String(error)}`);
        throw Object.assign(new Error('verifier missing'), { code: 'verify_unavailable' });
      });
      const files = await readTrustFiles(options.trustDirs());
      const { skipped, ...report } = await verifier.verifyWithCertificates(pdf, files, {
        online: true,
        timeoutMs: options.timeoutMs ?? 4000,
      });
      for (const name of skipped) options.log?.(`trust list: ${name} holds no certificate`);
      const used = files.filter((f) => !skipped.includes(f.name));
      const newest = used.reduce<Date | null>((a, f) => (a === null || f.modifiedAt > a ? f.modifiedAt : a), null);
      return { ...report, trustFiles: used.length, trustUpdatedAt: newest?.toISOString() ?? null };
    },
  };
}
