// The meeting's finished recordings as attachments of its filed minutes, through the archives' one interface: each
// file read back and checked against the hash stored when it was made, named and described for the document
// system (the archives list each attachment with its SHA-256 in their manifest).
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { rejected, sha256, type ArchiveAttachment } from '../archive/DocumentArchive.ts';
import { recordingFileName } from '../../common/recording.ts';
import { vietnamTime } from '../minutes/format.ts';
import type { RecordingService } from './RecordingService.ts';

const two = (n: number) => String(n).padStart(2, '0');

/** "ghi-hinh-2026-12-07-0905.webm" (one name in the app and in the archive: common/recording.ts). */
export { recordingFileName };

export function recordingDescription(startedAt: string, durationSeconds: number): string {
  const t = vietnamTime(startedAt);
  const minutes = Math.floor(durationSeconds / 60);
  const seconds = Math.round(durationSeconds % 60);
  return `Bản ghi hình cuộc họp, bắt đầu ${two(t.hour)}:${two(t.minute)} ngày ${two(t.day)}/${two(t.month)}/${t.year}, thời lượng ${minutes} phút ${seconds} giây`;
}

/**
 * The ready recordings of a meeting, oldest first. The archive interface takes attachments as bytes, so each file
 * is read whole here (a long meeting's recording is hundreds of megabytes: see docs/recording.md).
 */
export function recordingAttachments(service: () => RecordingService): (meetingId: string) => ArchiveAttachment[] {
  return (meetingId) =>
    service()
      .list(meetingId)
      .filter((r) => r.status === 'ready' && r.sha256 !== null)
      .reverse()
      .map((recording) => {
        const data = readFileSync(service().fileOf(recording));
        if (sha256(data) !== recording.sha256) throw rejected(`recording ${recording.id} does not match its hash`);
        return {
          name: recordingFileName(recording.startedAt),
          contentType: recording.contentType,
          description: recordingDescription(recording.startedAt, recording.durationSeconds ?? 0),
          data,
        };
      });
}

/** Whether a recording's file on disk still has the hash it was made with. */
export async function recordingIntact(service: RecordingService, recordingId: string): Promise<boolean> {
  const recording = service.store.get(recordingId);
  if (!recording?.sha256) return false;
  const data = await readFile(service.fileOf(recording)).catch(() => null);
  return data !== null && sha256(data) === recording.sha256;
}
