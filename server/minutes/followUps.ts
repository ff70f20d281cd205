// The follow-ups of a filed record in the filing queue: each is a job of its own (an update, replacement or recall
// package naming the original by its DocumentId, FilingQueue.enqueueFollowUp) under a key derived from the record's
// filing key, so a record finds its follow-ups and a follow-up its record without another table. This module also
// turns a record's jobs into the filing history its view carries (common/minutesFiling.ts).
import type { FiledPackage, FilingFollowUps } from '../../common/minutesFiling.ts';
import { followUpState } from '../../common/minutesFiling.ts';
import type { ReceiverStatus } from '../../common/minutesView.ts';
import type { FilingJob } from '../archive/FilingQueue.ts';
import { compareStatuses } from '../archive/receiverStatuses.ts';

const MARK = ':followup:';

/** "minutes:<id>:<sha>:followup:2": the record's second follow-up. */
export function followUpKey(originalKey: string, number: number): string {
  return `${originalKey}${MARK}${number}`;
}

/** The filing key of the record a follow-up belongs to; null for a key that is not a follow-up's. */
export function originalKeyOf(key: string): string | null {
  const at = key.lastIndexOf(MARK);
  return at > 0 && /^\d+$/.test(key.slice(at + MARK.length)) ? key.slice(0, at) : null;
}

/** The follow-up jobs of a record's filing, oldest first. */
export function followUpJobsOf(jobs: readonly FilingJob[], originalKey: string): FilingJob[] {
  return jobs
    .filter((j) => originalKeyOf(j.key) === originalKey)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.key.localeCompare(b.key));
}

/** The packages of the record's own job: each sending, then the one waiting if it waits. */
function originalPackages(job: FilingJob): FiledPackage[] {
  const sent = job.sentAt ?? (job.receipt ? [job.receipt.filedAt] : []);
  const packages: FiledPackage[] = sent.map((at, i) => ({
    kind: i === 0 ? 'new' : 'resend',
    sentAt: at,
    state: 'filed',
    reason: null,
    lastError: null,
  }));
  if (job.state !== 'filed') {
    packages.push({
      kind: sent.length > 0 ? 'resend' : 'new',
      sentAt: null,
      state: job.state,
      reason: null,
      lastError: job.lastError,
    });
  }
  return packages;
}

function followUpPackage(job: FilingJob): FiledPackage {
  const business = job.meta.business;
  return {
    kind: business?.kind ?? 'update',
    sentAt: job.state === 'filed' ? (job.receipt?.filedAt ?? null) : null,
    state: job.state,
    reason: business?.reason ?? null,
    lastError: job.lastError,
  };
}

/** The record's filing history and where its follow-ups stand. */
export function filingFollowUps(job: FilingJob, followUps: readonly FilingJob[]): FilingFollowUps {
  const packages = [...originalPackages(job), ...followUps.map(followUpPackage)];
  return { packages, state: followUpState(packages) };
}

/**
 * What the receivers reported about the document, across its packages: a receiver's status lands on the latest job
 * that filed the DocumentId, which after a follow-up is the follow-up's (and its recall statuses belong there).
 */
export function allReceiverStatuses(job: FilingJob, followUps: readonly FilingJob[]): ReceiverStatus[] {
  return [job, ...followUps].flatMap((j) => j.receiverStatuses).sort(compareStatuses);
}
