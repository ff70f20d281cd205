// Types for scripts/bundle/sharedLibs.mjs.
export function workerLibraries(worker: string): Map<string, string>;
export function copyWorkerLibraries(worker: string, libDir: string): string[];
