// The timeline's lines for screen sharing and recording, from their audit entries: "Đồng chí … (điểm cầu) trình
// bày màn hình 10:05–10:17" (one line per share, closed when it ends) and the recording's start and stop.
import type { AuditEntry } from '../../common/meeting.ts';
import type { MinutesTimelineEntry } from '../../common/minutesView.ts';
import { clockTime, vietnamTime } from './format.ts';

type Base = Omit<MinutesTimelineEntry, 'kind' | 'text'>;

interface Person {
  name: string;
  connectionPoint: string | null;
}

function detailName(entry: AuditEntry): string | null {
  try {
    const d = entry.detail ? (JSON.parse(entry.detail) as { name?: unknown }) : null;
    return typeof d?.name === 'string' ? d.name : null;
  } catch {
    return null;
  }
}

const SHARE = 'trình bày màn hình';

/** "10:05", Vietnam time: a share's span reads as a range. */
function hhmm(iso: string): string {
  const t = vietnamTime(iso);
  return `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
}

export function mediaEntry(
  entries: MinutesTimelineEntry[],
  entry: AuditEntry,
  base: Base,
  personOf: (participantId: string) => Person | undefined,
): void {
  const time = clockTime(entry.at);
  switch (entry.action) {
    case 'screenShareStart': {
      const id = entry.target ?? '';
      const person = personOf(id);
      const name = person?.name ?? detailName(entry) ?? id;
      const where = person?.connectionPoint ? ` (${person.connectionPoint})` : '';
      entries.push({
        ...base,
        kind: 'document',
        text: `Đồng chí ${name}${where} ${SHARE} từ ${hhmm(entry.at)}`,
        speaker: { id, name, connectionPoint: person?.connectionPoint ?? null },
      });
      return;
    }
    case 'screenShareEnd': {
      const open = entries.findLast(
        (e) => e.kind === 'document' && e.endedAt === null && e.speaker?.id === entry.target,
      );
      if (!open) return;
      open.endedAt = entry.at;
      open.text = open.text.replace(/ từ (\d\d:\d\d)$/, ` $1–${hhmm(entry.at)}`);
      return;
    }
    case 'recordingStart':
      entries.push({ ...base, kind: 'note', text: `${time} Bắt đầu ghi hình cuộc họp` });
      return;
    case 'recordingStop':
      entries.push({ ...base, kind: 'note', text: `${time} Kết thúc ghi hình cuộc họp` });
      return;
    default:
      return;
  }
}
