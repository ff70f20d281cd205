// Types for scripts/desktop/electronBinary.mjs (plain JavaScript: it runs before anything is compiled).
export interface ElectronArtifact {
  version: string;
  platform: string;
  arch: string;
  fileName: string;
  url: string;
  cachePath: string;
  sha256: string | null;
}
export function electronPackageDir(): string;
export function platformPath(platform: string): string;
export function electronArtifact(options?: {
  electronDir?: string;
  platform?: string;
  arch?: string;
}): Promise<ElectronArtifact>;
export class ElectronUnavailableError extends Error {
  readonly artifact: ElectronArtifact;
}
export function fetchElectronZip(options?: { electronDir?: string; platform?: string; arch?: string }): Promise<string>;
export function isElectronInstalled(electronDir?: string, platform?: string): boolean;
export function ensureElectron(options?: { electronDir?: string; log?: (line: string) => void }): Promise<string>;
