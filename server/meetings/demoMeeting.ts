// The demo meeting: a ministry's monthly online briefing with provincial connection points, and invitation links.
import { randomUUID } from 'node:crypto';
import { connectionPointName, PROVINCES } from '../../common/provinces.ts';
import type { AgendaItem } from '../../common/meeting.ts';
import type { MeetingRole } from '../../common/roles.ts';
import { guestLinkToken, participantToken } from './invitations.ts';
import type { MeetingStore, NewMeeting, Participant } from './MeetingStore.ts';

const DELEGATE_NAMES = [
  'Nguyễn Văn Thành',
  'Phạm Thị Hồng Nhung',
  'Hoàng Minh Đức',
  'Đặng Thu Trang',
  'Vũ Đình Phúc',
  'Bùi Thị Lan Anh',
  'Đỗ Quang Huy',
  'Ngô Thị Bích Ngọc',
  'Dương Văn Lợi',
  'Lý Thị Mỹ Duyên',
  'Trịnh Công Sơn',
  'Mai Xuân Trường',
  'Tô Thị Hải Yến',
  'Hồ Sỹ Lâm',
  'Phan Thanh Tùng',
];
// Connection points in an order that spreads them across the country.
export const DEMO_PROVINCES = ['Lào Cai', 'Đà Nẵng', 'Cà Mau', 'Hồ Chí Minh', 'Nghệ An', 'Gia Lai', 'Quảng Ninh', 'Cần Thơ'];

export const DEMO_AGENDA: AgendaItem[] = [
  { id: 'khai-mac', title: 'Khai mạc, giới thiệu thành phần tham dự', presenter: 'Chủ trì', durationMinutes: 5 },
  {
    id: 'bao-cao',
    title: 'Báo cáo tình hình thực hiện nhiệm vụ trong tháng, phương hướng tháng tới',
    presenter: 'Chánh Văn phòng Bộ',
    durationMinutes: 20,
  },
  { id: 'y-kien', title: 'Ý kiến của các địa phương', presenter: 'Đại diện các điểm cầu', durationMinutes: 40 },
  { id: 'bieu-quyet', title: 'Biểu quyết thông qua kế hoạch tháng tới', presenter: 'Chủ trì', durationMinutes: 10 },
  { id: 'ket-luan', title: 'Kết luận của đồng chí Chủ trì', presenter: 'Chủ trì', durationMinutes: 10 },
].map((item) => ({ ...item, documentId: null }));

export interface DemoInvitation {
  role: MeetingRole;
  name: string;
  url: string;
}

export function demoMeeting(delegates: number, now = new Date()): NewMeeting {
  const provinces = [...DEMO_PROVINCES, ...PROVINCES.filter((p) => !DEMO_PROVINCES.includes(p))];
  const participants: Participant[] = [
    { id: 'chair', name: 'Trần Quốc Khánh', role: 'chair', connectionPoint: 'Điểm cầu Trung ương' },
    { id: 'secretary', name: 'Lê Thị Thu Hà', role: 'secretary', connectionPoint: 'Điểm cầu Trung ương' },
  ];
  for (let i = 0; i < delegates; i++) {
    const province = provinces[i % provinces.length] ?? 'Hà Nội';
    participants.push({
      id: `delegate-${i + 1}`,
      name: DELEGATE_NAMES[i % DELEGATE_NAMES.length] ?? `Đại biểu ${i + 1}`,
      role: 'delegate',
      connectionPoint: connectionPointName(province),
    });
  }
  const month = `${now.getMonth() + 1}/${now.getFullYear()}`;
  return {
    id: `giao-ban-${randomUUID().slice(0, 8)}`,
    title: `Hội nghị giao ban trực tuyến tháng ${month} với các địa phương`,
    startsAt: now.toISOString(),
    place: 'Phòng họp trực tuyến, Trụ sở Bộ, số 1 Tôn Thất Thuyết, Hà Nội',
    participants,
    agenda: DEMO_AGENDA,
  };
}

/** Issues one invitation per participant (recorded, so each link can be revoked) and returns the links. */
export function demoInvitations(
  meetings: MeetingStore,
  meeting: NewMeeting,
  secret: string,
  baseUrl: string,
  ttlSeconds = 7 * 86400,
): DemoInvitation[] {
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
  return meeting.participants.map((p) => ({
    role: p.role,
    name: p.connectionPoint && p.role === 'delegate' ? `${p.name} — ${p.connectionPoint}` : p.name,
    url: `${baseUrl}/join?token=${participantToken(secret, meetings, meeting.id, p, expiresAt).token}`,
  }));
}

/** A link for guests the chair has not invited by name: they wait in the waiting room until admitted. */
export function demoGuestLink(meetings: MeetingStore, meetingId: string, secret: string, baseUrl: string): string {
  const expiresAt = new Date(Date.now() + 86400 * 1000);
  return `${baseUrl}/join?token=${guestLinkToken(secret, meetings, meetingId, expiresAt).token}`;
}
