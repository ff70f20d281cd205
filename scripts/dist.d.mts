// Types for scripts/dist.mjs.
export interface PackagingTarget {
  platform: string;
  flag: string;
  targets: string[];
  arches: string[];
}
export function readBuilderConfig(file?: string): Record<string, unknown>;
export function packagingTargets(config: Record<string, unknown>, host?: string): PackagingTarget[];
