// Gives the demo meeting's first agenda item its sample documents (generated, see demoDocuments.ts), uploaded the
// way a secretary would: through DocumentService, so they are inspected, stored by SHA-256 and versioned like any
// upload. The first becomes the item's document, the one clients open on join. Seeding twice adds nothing.
import type { DocumentInfo } from '../../../common/documents.ts';
import type { MeetingStore } from '../../meetings/MeetingStore.ts';
import type { DocumentService } from '../DocumentService.ts';
import { demoDocuments } from './demoDocuments.ts';

export async function seedDemoDocuments(
  services: { documents: DocumentService; meetings: MeetingStore },
  meetingId: string,
): Promise<DocumentInfo[]> {
  const meeting = services.meetings.get(meetingId);
  if (!meeting) throw new Error(`no meeting ${meetingId} to seed documents into`);
  const item = meeting.agenda[0];
  if (!item) throw new Error(`meeting ${meetingId} has no agenda item for the sample documents`);
  const existing = services.documents.list(meetingId).filter((d) => d.agendaItemId === item.id);
  if (existing.length > 0) return existing;
  const uploader =
    meeting.participants.find((p) => p.role === 'secretary') ?? meeting.participants.find((p) => p.role === 'chair');
  if (!uploader) throw new Error(`meeting ${meetingId} has neither secretary nor chair to upload as`);
  const seeded: DocumentInfo[] = [];
  for (const sample of await demoDocuments()) {
    seeded.push(
      await services.documents.upload({
        meetingId,
        agendaItemId: item.id,
        title: sample.title,
        fileName: sample.fileName,
        bytes: sample.bytes,
        uploader: { id: uploader.id, name: uploader.name, role: uploader.role },
      }),
    );
  }
  return seeded;
}
