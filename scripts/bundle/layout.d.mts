// Types for scripts/bundle/layout.mjs.
export function bundleName(version: string, arch?: string): string;
export const APP_FILES: string[];
export const TEMPLATES: { from: string; to: string; mode: number }[];
export const DOCS: string[];
export const WORKER_IN_APP: string;
export const REQUIRED: string[];
export function listFiles(dir: string, rel?: string): string[];
export function layoutProblems(top: string): string[];
