// What the secretary wrote in the minutes of the demo's past briefing: the realistic content of demoMinutes.ts
// fitted to that meeting — its own header (the agency defaults, the meeting's title, times and place), one entry
// per participant as attendance (present as the attendance log says), one section per agenda item, decisions with
// the vote, action items due two weeks later, the chair's conclusions. Pure: the seeding writes it.
import type { ActionItem, AgendaSection, AttendanceEntry, Decision, TimelineEntry } from '../../common/minutes.ts';
import type { MinutesContent } from '../../common/minutesDoc.ts';
import type { MinutesConfig } from '../config.ts';
import type { Meeting } from '../meetings/MeetingStore.ts';
import { DEMO_CHAIR, DEMO_SECRETARY, demoMinutes } from '../minutes/demoMinutes.ts';
import { longDate, vietnamTime } from '../minutes/format.ts';
import { vietnamDate } from '../minutes/seed.ts';

const CENTRAL = 'Điểm cầu Trung ương';
const MINUTE = 60_000;
const DAY = 86_400_000;

/** Who speaks for each province's connection point (one per point, in the meeting's order): name, position, office. */
const PROVINCIAL_SPEAKERS = [
  ['Nguyễn Văn Thành', 'Phó Chủ tịch', 'UBND'],
  ['Phạm Thị Hồng Nhung', 'Giám đốc', 'Sở Khoa học và Công nghệ'],
  ['Bùi Thị Lan Anh', 'Phó Giám đốc', 'Sở Tài chính'],
  ['Đỗ Quang Huy', 'Giám đốc', 'Sở Nông nghiệp và Môi trường'],
  ['Ngô Thị Bích Ngọc', 'Phó Chánh Văn phòng', 'UBND'],
  ['Dương Văn Lợi', 'Phó Giám đốc', 'Sở Khoa học và Công nghệ'],
  ['Lý Thị Mỹ Duyên', 'Phó Chủ tịch', 'UBND'],
  ['Mai Xuân Trường', 'Giám đốc', 'Sở Khoa học và Công nghệ'],
] as const;

/** What the first provincial points said, in the order they spoke. */
const OPINIONS = [
  'Đề nghị Bộ sớm hướng dẫn thủ tục điều chỉnh kế hoạch vốn, ưu tiên bố trí cho các dự án có khả năng hoàn thành ' +
    'trong năm; đồng thời tháo gỡ vướng mắc về giải phóng mặt bằng.',
  'Thống nhất với nội dung báo cáo; đề nghị bổ sung đánh giá về nguồn nhân lực thực hiện chuyển đổi số ở cấp xã và ' +
    'cơ chế chia sẻ dữ liệu giữa các hệ thống thông tin của bộ, ngành, địa phương.',
  'Đề nghị Bộ hỗ trợ nâng cấp các trạm quan trắc môi trường tự động và kết nối dữ liệu quan trắc về hệ thống của Bộ ' +
    'theo thời gian thực.',
];

/** The one provincial point that sent its apologies (a record with nobody absent would look made up). */
const ABSENT_INDEX = 5;

/** Whether a participant attended: the demo's attendance log, as the seeding wrote it. */
export type Attended = (participantId: string) => boolean;

/** The participant id of the provincial point that did not come (null for a meeting with few points). */
export function absentProvince(meeting: Pick<Meeting, 'participants'>): string | null {
  const units = meeting.participants.filter((p) => p.id.startsWith('unit-'));
  return units[ABSENT_INDEX]?.id ?? null;
}

function attendanceOf(meeting: Meeting, attended: Attended): AttendanceEntry[] {
  const out: AttendanceEntry[] = [];
  let unitIndex = 0;
  for (const p of meeting.participants) {
    if (p.role === 'chair') {
      out.push({
        id: p.id,
        name: p.name,
        position: DEMO_CHAIR.position,
        unit: 'Lãnh đạo Bộ',
        connectionPoint: CENTRAL,
        role: 'chair',
        present: attended(p.id),
        note: null,
      });
      // The head of the planning department presents the report from the central point.
      out.push({
        id: 'vu-khtc',
        name: 'Hoàng Minh Tuấn',
        position: 'Vụ trưởng',
        unit: 'Vụ Kế hoạch - Tài chính',
        connectionPoint: CENTRAL,
        role: 'delegate',
        present: true,
        note: null,
      });
    } else if (p.role === 'secretary') {
      out.push({
        id: p.id,
        name: p.name,
        position: DEMO_SECRETARY.position,
        unit: 'Văn phòng Bộ',
        connectionPoint: CENTRAL,
        role: 'secretary',
        present: attended(p.id),
        note: null,
      });
    } else {
      const [name, position, office] = PROVINCIAL_SPEAKERS[unitIndex++ % PROVINCIAL_SPEAKERS.length]!;
      const present = attended(p.id);
      const point = p.connectionPoint ?? p.name;
      // "Điểm cầu UBND tỉnh Lào Cai" → "tỉnh Lào Cai": the province, as the office's name ends.
      const province = point.replace(/^Điểm cầu (UBND )?/, '');
      out.push({
        id: p.id,
        name,
        position,
        unit: `${office} ${province}`,
        connectionPoint: point,
        role: p.role,
        present,
        note: present ? null : 'đi công tác, có ủy quyền',
      });
    }
  }
  return out;
}

interface Texts {
  month: number;
  year: number;
  nextMonth: number;
  nextYear: number;
  due: string;
  present: number;
  points: number;
  pointsPresent: number;
}

/** One section per agenda item, written for the demo agenda's five items in order (later items: the report's text). */
function sectionsOf(meeting: Meeting, attendance: AttendanceEntry[], start: number, t: Texts): AgendaSection[] {
  // The demo record's report text (its second section carries no quoted speaker).
  const report = demoMinutes({ sections: 2 }).sections[1]!.discussion;
  const speakers = attendance.filter((a) => a.id.startsWith('unit-') && a.present);
  const at = (minutes: number) => new Date(start + minutes * MINUTE).toISOString();
  const written: Pick<AgendaSection, 'discussion' | 'opinions' | 'conclusions'>[] = [
    {
      discussion:
        `Đồng chí ${DEMO_CHAIR.name}, ${DEMO_CHAIR.position}, chủ trì hội nghị, phát biểu khai mạc, quán triệt mục đích, ` +
        `yêu cầu của phiên giao ban tháng ${t.month}/${t.year}. Văn phòng Bộ giới thiệu thành phần tham dự: tại điểm cầu ` +
        `Trung ương có Lãnh đạo Bộ, lãnh đạo các vụ, cục và Văn phòng Bộ; ${t.pointsPresent}/${t.points} điểm cầu ` +
        'địa phương kết nối trực tuyến, đường truyền ổn định trong suốt hội nghị.',
      opinions: [],
      conclusions: '',
    },
    { discussion: report, opinions: [], conclusions: '' },
    {
      discussion:
        'Các điểm cầu địa phương phát biểu ý kiến, tập trung vào tiến độ giải ngân vốn đầu tư công, chuyển đổi số ' +
        'trong cung cấp dịch vụ công trực tuyến và công tác quan trắc môi trường tại địa phương.',
      opinions: speakers.slice(0, OPINIONS.length).map((a, k) => ({
        id: `section-3-opinion-${k + 1}`,
        speaker: a.name,
        position: [a.position, a.unit].filter(Boolean).join(' '),
        content: OPINIONS[k]!,
        at: at(30 + 12 * k),
      })),
      conclusions:
        'Chủ trì ghi nhận ý kiến của các địa phương; giao Vụ Kế hoạch - Tài chính tổng hợp, trả lời bằng văn bản các ' +
        'kiến nghị thuộc thẩm quyền của Bộ.',
    },
    {
      discussion:
        `Chủ trì đề nghị các đại biểu biểu quyết thông qua Kế hoạch công tác tháng ${t.nextMonth}/${t.nextYear}; ` +
        'hội nghị biểu quyết công khai bằng hình thức điện tử trên hệ thống.',
      opinions: [],
      conclusions: `Hội nghị thông qua Kế hoạch công tác tháng ${t.nextMonth}/${t.nextYear}.`,
    },
    {
      discussion:
        `Đồng chí ${DEMO_CHAIR.position} ghi nhận, đánh giá cao sự chủ động của các đơn vị và địa phương trong tháng ` +
        `${t.month}; đề nghị khắc phục ngay những tồn tại đã được chỉ ra trong báo cáo.`,
      opinions: [],
      conclusions: '',
    },
  ];
  return meeting.agenda.map((item, i) => {
    const text = written[i] ?? written[1]!;
    return {
      id: `section-${i + 1}`,
      agendaItemId: item.id,
      title: item.title,
      presenter: item.presenter || null,
      ...text,
    };
  });
}

const nameOf = (meeting: Meeting, role: 'chair' | 'secretary') =>
  meeting.participants.find((p) => p.role === role)?.name;

/** The record as the secretary wrote it after the meeting, for a meeting that has ended. */
export function pastMinutesContent(config: MinutesConfig, meeting: Meeting, attended: Attended): MinutesContent {
  const start = Date.parse(meeting.startsAt);
  const end = meeting.endedAt ?? new Date(start + 2 * 3600_000).toISOString();
  const { month, year } = vietnamTime(meeting.startsAt);
  const attendance = attendanceOf(meeting, attended);
  const points = attendance.filter((a) => a.id.startsWith('unit-'));
  const due = vietnamDate(new Date(start + 14 * DAY).toISOString());
  const t: Texts = {
    month,
    year,
    nextMonth: (month % 12) + 1,
    nextYear: month === 12 ? year + 1 : year,
    due,
    present: attendance.filter((a) => a.present).length,
    points: points.length,
    pointsPresent: points.filter((a) => a.present).length,
  };
  const sections = sectionsOf(meeting, attendance, start, t);
  const section = (i: number) => sections[i]?.id ?? null;
  const decisions: Decision[] = [
    {
      id: 'decision-1',
      sectionId: section(1),
      text: `Thống nhất đánh giá kết quả thực hiện nhiệm vụ tháng ${t.month}/${t.year} như báo cáo của Văn phòng Bộ.`,
      vote: null,
    },
    {
      id: 'decision-2',
      sectionId: section(3),
      text: `Thông qua Kế hoạch công tác tháng ${t.nextMonth}/${t.nextYear} với các ý kiến tiếp thu tại hội nghị.`,
      vote: { kind: 'named', eligible: t.present, yes: t.present - 1, no: 0, abstain: 1, passed: true },
    },
  ];
  const actionItems: ActionItem[] = [
    {
      id: 'action-1',
      sectionId: section(1),
      task: 'Hoàn thiện báo cáo tình hình thực hiện nhiệm vụ, tiếp thu ý kiến tại hội nghị, trình Lãnh đạo Bộ',
      owner: 'Vụ Kế hoạch - Tài chính',
      dueDate: due,
    },
    {
      id: 'action-2',
      sectionId: section(2),
      task: 'Trả lời bằng văn bản các kiến nghị của địa phương về điều chỉnh kế hoạch vốn',
      owner: 'Vụ Kế hoạch - Tài chính',
      dueDate: due,
    },
    {
      id: 'action-3',
      sectionId: section(2),
      task: 'Báo cáo kết quả quan trắc môi trường và tiến độ số hóa hồ sơ thủ tục hành chính',
      owner: 'UBND các tỉnh, thành phố',
      dueDate: due,
    },
  ];
  const timeline: TimelineEntry[] = [
    { id: 't-1', at: meeting.startsAt, kind: 'note', actor: null, text: 'Khai mạc hội nghị' },
    {
      id: 't-2',
      at: new Date(start + 75 * MINUTE).toISOString(),
      kind: 'vote',
      actor: DEMO_CHAIR.name,
      text: `Biểu quyết: ${t.present - 1} tán thành, 1 không biểu quyết`,
    },
    { id: 't-3', at: end, kind: 'note', actor: null, text: 'Bế mạc hội nghị' },
  ];
  return {
    header: {
      parentAgency: config.parentAgency,
      agency: config.agency,
      agencyCode: config.agencyCode,
      number: null,
      notation: config.notation,
      place: config.place,
      date: vietnamDate(meeting.startsAt),
      meetingTitle: meeting.title,
      startedAt: meeting.startsAt,
      endedAt: end,
      venue: `${meeting.place}, kết nối trực tuyến tới ${t.points} điểm cầu địa phương`,
      chair: { name: nameOf(meeting, 'chair') ?? DEMO_CHAIR.name, position: DEMO_CHAIR.position },
      secretary: { name: nameOf(meeting, 'secretary') ?? DEMO_SECRETARY.name, position: DEMO_SECRETARY.position },
    },
    attendance,
    sections,
    conclusions:
      `Đồng chí ${DEMO_CHAIR.position} kết luận: các đơn vị thuộc Bộ và các địa phương tập trung hoàn thành nhiệm vụ ` +
      `tháng ${t.nextMonth}, báo cáo kết quả về Văn phòng Bộ trước ${longDate(due)} để tổng hợp, báo cáo tại phiên ` +
      'giao ban kỳ tới.',
    decisions,
    actionItems,
    timeline,
    recipients: config.recipients.length > 0 ? [...config.recipients] : demoMinutes({ sections: 1 }).recipients,
  };
}
