// Types for scripts/setup/systemPackages.mjs (plain JavaScript: it runs before anything is compiled).
export const EXIT_MISSING_PACKAGES: number;
export interface MissingPackage {
  pkg: string;
  why: string[];
}
export function missingSystemPackages(options: {
  needNativeBuild: boolean;
  needWorkerBuild: boolean;
  cacheRoot: string;
  env?: NodeJS.ProcessEnv;
}): MissingPackage[];
export type AptDecision =
  | { action: 'none' }
  | { action: 'install'; commands: string[][] }
  | { action: 'refuse'; reason: string; line: string; status: number };
export function aptDecision(
  missing: MissingPackage[],
  options: { uid: number; env?: NodeJS.ProcessEnv; hasAptGet?: boolean },
): AptDecision;
export function ensureSystemPackages(
  missing: MissingPackage[],
  options: { recheck: () => MissingPackage[]; uid?: number; env?: NodeJS.ProcessEnv },
): void;
