// A filing job as the queue keeps it (state.json), its states, and the retry policy: exponential backoff with
// jitter, and an attempt limit after which a job waits for someone to retry it.
import type { ReceiverStatus } from '../../common/minutesView.ts';
import type { ArchiveMetadata, FilingReceipt } from './DocumentArchive.ts';

export const FILING_STATES = ['queued', 'filing', 'retrying', 'filed', 'failed'] as const;
export type FilingState = (typeof FILING_STATES)[number];

export interface FilingJob {
  key: string;
  /** Name of the archive adapter (DocumentArchive.name). */
  target: string;
  state: FilingState;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: { code: string; detail: string } | null;
  receipt: FilingReceipt | null;
  sha256: string;
  meta: ArchiveMetadata;
  /** The files filed with the record, kept beside the PDF by hash until filed. */
  attachments: FiledAttachment[];
  /** What receiving systems reported about the filed document, oldest first. */
  receiverStatuses: ReceiverStatus[];
  /** Times the job was filed again after a refusal; each one is a new filing under the key and this number. */
  resends: number;
  /** When it was last filed again: refusals before then are answered. */
  refiledAt: string | null;
  /** When the archive took it, each time: the first filing, then each filing again (the record's history). */
  sentAt?: string[];
  createdAt: string;
  updatedAt: string;
}

export interface FiledAttachment {
  name: string;
  contentType: string;
  description: string;
  sha256: string;
  size: number;
}

export interface BackoffPolicy {
  initialMs: number;
  factor: number;
  maxMs: number;
  /** ± share of the delay, so that many queues do not retry in step. */
  jitter: number;
  /** Attempts before a job is given up as failed (it can be retried by hand). */
  maxAttempts: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  initialMs: 2_000,
  factor: 2,
  maxMs: 10 * 60_000,
  jitter: 0.2,
  maxAttempts: 30,
};

export function backoffDelay(policy: BackoffPolicy, attempts: number, random = Math.random): number {
  const base = Math.min(policy.maxMs, policy.initialMs * policy.factor ** Math.max(0, attempts - 1));
  return Math.round(base * (1 + policy.jitter * (2 * random() - 1)));
}
