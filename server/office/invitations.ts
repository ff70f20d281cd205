// A meeting's calendar invitation (.ics, the same bytes as a download and in the e-mail) and its sending to every
// participant with an address. Mail that cannot be sent is logged and audited; the scheduling stands.
import type { MeetingDetail, MeetingKind } from '../../common/office.ts';
import type { AccountStore } from '../storage/AccountStore.ts';
import { invitationIcs, meetingUid, type InvitationPerson } from './ics.ts';
import type { Mailer } from './mailer.ts';

export const KIND_LABEL: Record<MeetingKind, string> = { giao_ban: 'Giao ban', hop: 'Cuộc họp', hoi_nghi: 'Hội nghị' };

export interface InvitationContext {
  accounts: AccountStore;
  publicUrl: string;
  agencyName: string;
  fromAddress: string;
}

/** Everyone with an address who takes part: chair, secretary, participants' accounts, the units' accounts. */
export function recipients(accounts: AccountStore, detail: MeetingDetail): InvitationPerson[] {
  const users = accounts.listUsers().filter((u) => !u.disabled && u.email);
  const out = new Map<string, InvitationPerson>();
  for (const p of detail.participants) {
    for (const u of users) {
      const byUnit = p.unitCode && u.unitCode && p.unitCode.toLowerCase() === u.unitCode.toLowerCase();
      if (u.id === p.userId || byUnit) out.set(u.email!, { name: u.displayName, email: u.email! });
    }
  }
  return [...out.values()];
}

export function meetingIcs(ctx: InvitationContext, detail: MeetingDetail, revision: number): string {
  const cancelled = detail.state === 'cancelled';
  return invitationIcs({
    uid: meetingUid(detail.id, new URL(ctx.publicUrl).hostname),
    sequence: revision,
    method: cancelled ? 'CANCEL' : 'REQUEST',
    title: detail.title,
    kindLabel: KIND_LABEL[detail.kind],
    startsAt: detail.startsAt,
    endsAt: detail.endsAt ?? detail.startsAt,
    place: detail.place,
    chairName: detail.participants.find((p) => p.role === 'chair')?.name ?? '',
    agenda: detail.agenda.map((a) => ({ title: a.title, presenter: a.presenter, durationMinutes: a.durationMinutes })),
    // Signing in is needed to join: the link carries no secret and may be forwarded safely.
    joinUrl: `${ctx.publicUrl}/meetings/${encodeURIComponent(detail.id)}/join`,
    organizer: { name: ctx.agencyName, email: ctx.fromAddress },
    attendees: recipients(ctx.accounts, detail),
  });
}

export async function mailInvitation(
  ctx: InvitationContext,
  mailer: Mailer,
  detail: MeetingDetail,
  revision: number,
): Promise<{ accepted: string[]; rejected: string[] }> {
  const to = recipients(ctx.accounts, detail);
  if (to.length === 0) return { accepted: [], rejected: [] };
  const cancelled = detail.state === 'cancelled';
  const when = new Date(detail.startsAt).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' });
  const subject = `${cancelled ? 'Huỷ: ' : revision > 0 ? 'Cập nhật: ' : 'Giấy mời: '}${KIND_LABEL[detail.kind]} — ${detail.title}`;
  const text = [
    cancelled ? 'Cuộc họp sau đây đã bị huỷ.' : `${ctx.agencyName} trân trọng kính mời tham dự:`,
    '',
    detail.title,
    `Thời gian: ${when}`,
    `Địa điểm: ${detail.place}`,
    '',
    ...detail.agenda.map((a, i) => `${i + 1}. ${a.title}${a.presenter ? ` (${a.presenter})` : ''}`),
    '',
    cancelled ? '' : `Tham dự: ${ctx.publicUrl}/meetings/${encodeURIComponent(detail.id)}/join`,
  ].join('\n');
  return mailer.sendInvitation({
    to,
    subject,
    text,
    ics: meetingIcs(ctx, detail, revision),
    method: cancelled ? 'CANCEL' : 'REQUEST',
    fromName: ctx.agencyName,
  });
}
