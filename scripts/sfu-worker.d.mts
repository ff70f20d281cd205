// Types for scripts/sfu-worker.mjs (plain JavaScript so that it runs before anything is compiled).
export function cacheRoot(): string;
export function workerCacheDir(): string;
export function resolveWorkerBin(): string | null;
export function ensureWorker(options?: { quiet?: boolean }): Promise<string>;
