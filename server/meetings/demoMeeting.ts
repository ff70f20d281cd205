// The demo meeting: a ministry's monthly online briefing with provincial connection points, and invitation links.
import { randomUUID } from 'node:crypto';
import { connectionPointName, PROVINCES } from '../../common/provinces.ts';
import type { Role } from '../../common/protocol.ts';
import type { Meeting, Participant } from './MeetingStore.ts';
import { issueToken } from './tokens.ts';

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
const DEMO_PROVINCES = ['Lào Cai', 'Đà Nẵng', 'Cà Mau', 'Hồ Chí Minh', 'Nghệ An', 'Gia Lai', 'Quảng Ninh', 'Cần Thơ'];

export interface DemoInvitation {
  role: Role;
  name: string;
  url: string;
}

export function demoMeeting(delegates: number, now = new Date()): Meeting {
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
  };
}

export function demoInvitations(
  meeting: Meeting,
  secret: string,
  baseUrl: string,
  ttlSeconds = 7 * 86400,
): DemoInvitation[] {
  const exp = Math.floor(Date.now() / 1000) + ttlSeconds;
  return meeting.participants.map((p) => ({
    role: p.role,
    name: p.connectionPoint && p.role === 'delegate' ? `${p.name} — ${p.connectionPoint}` : p.name,
    url: `${baseUrl}/join?token=${issueToken(secret, { meetingId: meeting.id, participantId: p.id, role: p.role, exp })}`,
  }));
}
