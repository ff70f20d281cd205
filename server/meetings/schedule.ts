// Turns a scheduling request into a meeting: chair, secretary, named delegates, and connection points (one
// participant per provincial unit, from the 34-unit preset), with the agenda in order.
import { randomUUID } from 'node:crypto';
import type { ScheduleMeetingRequest } from '../../common/api.ts';
import { connectionPointName, PROVINCES } from '../../common/provinces.ts';
import type { NewMeeting, Participant } from './MeetingStore.ts';

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export function meetingFromRequest(request: ScheduleMeetingRequest, createdBy: string | null): NewMeeting {
  const participants: Participant[] = [
    {
      id: 'chair',
      role: 'chair',
      name: request.chair.name,
      connectionPoint: request.chair.connectionPoint ?? null,
      userId: request.chair.userId ?? null,
    },
    {
      id: 'secretary',
      role: 'secretary',
      name: request.secretary.name,
      connectionPoint: request.secretary.connectionPoint ?? null,
      userId: request.secretary.userId ?? null,
    },
  ];
  (request.delegates ?? []).forEach((d, i) =>
    participants.push({
      id: `delegate-${i + 1}`,
      role: 'delegate',
      name: d.name,
      connectionPoint: d.connectionPoint ?? null,
      userId: d.userId ?? null,
    }),
  );
  const provinces = request.connectionPoints === 'all_provinces' ? [...PROVINCES] : (request.connectionPoints ?? []);
  for (const province of new Set(provinces)) {
    const point = connectionPointName(province);
    participants.push({
      id: `point-${slug(province)}`,
      role: 'delegate',
      name: point.replace(/^Điểm cầu /, ''),
      connectionPoint: point,
    });
  }
  return {
    id: `${slug(request.title).slice(0, 40) || 'hop'}-${randomUUID().slice(0, 8)}`,
    title: request.title,
    startsAt: new Date(request.startsAt).toISOString(),
    place: request.place,
    createdBy,
    participants,
    agenda: (request.agenda ?? []).map((a, i) => ({
      id: `item-${i + 1}`,
      title: a.title,
      presenter: a.presenter,
      durationMinutes: a.durationMinutes,
      documentId: a.documentId ?? null,
    })),
  };
}
