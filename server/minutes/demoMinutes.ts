// A realistic record of the demo meeting (a ministry's monthly online briefing with the provinces), used by the demo,
// the tests and the benchmark. `sections` makes it as long as needed: about 30 pages at 24 sections.
import { emptyMinutes, type Minutes } from '../../common/minutes.ts';
import type { DemoSigner } from './signing/demoIdentities.ts';

export const DEMO_CHAIR = { id: 'chair', name: 'Trần Quốc Khánh', position: 'Thứ trưởng' };
export const DEMO_SECRETARY = { id: 'secretary', name: 'Lê Thị Thu Hà', position: 'Chuyên viên chính Văn phòng Bộ' };

/** The demo meeting's signers, for ensureDemoIdentities(join(dataDir, 'signing', 'demo'), DEMO_SIGNERS). */
export const DEMO_SIGNERS: DemoSigner[] = [
  {
    id: DEMO_SECRETARY.id,
    name: DEMO_SECRETARY.name,
    title: 'Thư ký',
    organization: 'Văn phòng Bộ Khoa học và Công nghệ',
  },
  { id: DEMO_CHAIR.id, name: DEMO_CHAIR.name, title: DEMO_CHAIR.position, organization: 'Bộ Khoa học và Công nghệ' },
];

/**
 * The demo agency's own certificate, for the agency's signature with its seal on the filed copy (a DEMO certificate of
 * the same demo CA; the demo server holds its key in place of the văn thư's token).
 */
export const DEMO_AGENCY_SIGNER: DemoSigner = {
  id: 'agency',
  name: 'Bộ Khoa học và Công nghệ',
  title: 'Cơ quan ban hành',
  organization: 'Bộ Khoa học và Công nghệ',
};

/** Everything a demo server signs with: the meeting's signers and the agency. */
export const DEMO_SERVER_SIGNERS: DemoSigner[] = [...DEMO_SIGNERS, DEMO_AGENCY_SIGNER];

/** The sentence the tests look for after a PDF round trip: many diacritics, two of them stacked. */
export const DIACRITICS_SAMPLE =
  'Đồng chí Nguyễn Thị Hương, Phó Chủ tịch UBND tỉnh Quảng Ngãi, phát biểu ý kiến về tiến độ giải ngân vốn đầu tư công';

const PROVINCES = [
  'Lào Cai',
  'Đà Nẵng',
  'Cà Mau',
  'Thành phố Hồ Chí Minh',
  'Nghệ An',
  'Gia Lai',
  'Quảng Ninh',
  'Cần Thơ',
];
const SPEAKERS = [
  ['Nguyễn Thị Hương', 'Phó Chủ tịch UBND tỉnh Quảng Ngãi'],
  ['Phạm Văn Đức', 'Giám đốc Sở Tài chính tỉnh Nghệ An'],
  ['Hoàng Minh Tuấn', 'Vụ trưởng Vụ Kế hoạch - Tài chính'],
  ['Đặng Thu Trang', 'Phó Giám đốc Sở Khoa học và Công nghệ thành phố Đà Nẵng'],
  ['Vũ Đình Phúc', 'Chánh Văn phòng UBND tỉnh Cà Mau'],
] as const;
const TOPICS = [
  'Tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội tháng 11 và phương hướng tháng 12',
  'Tiến độ giải ngân vốn đầu tư công và các giải pháp tháo gỡ vướng mắc',
  'Chuyển đổi số trong hoạt động chỉ đạo, điều hành và cung cấp dịch vụ công trực tuyến',
  'Công tác cải cách thủ tục hành chính, tiếp nhận và xử lý phản ánh, kiến nghị',
  'Phòng, chống thiên tai, ứng phó với mưa lũ tại các tỉnh miền Trung',
  'Bảo đảm an sinh xã hội, chăm lo Tết Nguyên đán cho người có công và hộ nghèo',
];

const DISCUSSION =
  'Báo cáo nêu rõ kết quả đạt được trong tháng: các chỉ tiêu chủ yếu cơ bản hoàn thành theo kế hoạch; ' +
  'công tác chỉ đạo, điều hành được triển khai quyết liệt, đồng bộ; việc phối hợp giữa các bộ, ngành và địa phương ' +
  'có nhiều chuyển biến tích cực. Bên cạnh đó, báo cáo cũng chỉ ra một số tồn tại, hạn chế như tiến độ giải ngân ' +
  'còn chậm ở một số dự án trọng điểm, việc số hóa hồ sơ, kết quả giải quyết thủ tục hành chính chưa đạt yêu cầu, ' +
  'công tác thông tin, báo cáo có lúc chưa kịp thời.\n\n' +
  'Về nhiệm vụ trọng tâm thời gian tới, báo cáo đề xuất tập trung rà soát, hoàn thiện thể chế; đẩy mạnh phân cấp, ' +
  'phân quyền gắn với kiểm tra, giám sát; tăng cường ứng dụng công nghệ thông tin, bảo đảm an toàn, an ninh mạng ' +
  'và nâng cao chất lượng phục vụ người dân, doanh nghiệp.';

function iso(date: string, time: string): string {
  return new Date(`${date}T${time}:00+07:00`).toISOString();
}

/** The demo meeting's minutes, in draft, with `sections` agenda sections (at least 1). */
export function demoMinutes(options: { sections?: number; date?: string; delegates?: number } = {}): Minutes {
  const sections = Math.max(1, options.sections ?? 3);
  const date = options.date ?? '2026-11-23';
  const minutes = emptyMinutes('bien-ban-giao-ban-11-2026', 'giao-ban-demo', {
    parentAgency: 'Bộ Khoa học và Công nghệ',
    agency: 'Văn phòng Bộ',
    agencyCode: '000.00.01.G06',
    number: null,
    notation: 'BB-VPB',
    place: 'Hà Nội',
    date,
    meetingTitle: 'Hội nghị giao ban trực tuyến tháng 11/2026 với các địa phương',
    startedAt: iso(date, '08:00'),
    endedAt: iso(date, '11:30'),
    venue: 'Phòng họp trực tuyến, Trụ sở Bộ, số 113 Trần Duy Hưng, Hà Nội, kết nối tới 8 điểm cầu địa phương',
    chair: { name: DEMO_CHAIR.name, position: DEMO_CHAIR.position },
    secretary: { name: DEMO_SECRETARY.name, position: DEMO_SECRETARY.position },
  });
  minutes.attendance.push(
    {
      id: 'chair',
      name: DEMO_CHAIR.name,
      position: DEMO_CHAIR.position,
      unit: null,
      connectionPoint: 'Điểm cầu Trung ương',
      role: 'chair',
      present: true,
      note: null,
    },
    {
      id: 'secretary',
      name: DEMO_SECRETARY.name,
      position: DEMO_SECRETARY.position,
      unit: null,
      connectionPoint: 'Điểm cầu Trung ương',
      role: 'secretary',
      present: true,
      note: null,
    },
    {
      id: 'vu-khtc',
      name: 'Hoàng Minh Tuấn',
      position: 'Vụ trưởng',
      unit: 'Vụ Kế hoạch - Tài chính',
      connectionPoint: 'Điểm cầu Trung ương',
      role: 'delegate',
      present: true,
      note: null,
    },
  );
  const delegates = options.delegates ?? PROVINCES.length;
  for (let i = 0; i < delegates; i++) {
    const province = PROVINCES[i % PROVINCES.length]!;
    minutes.attendance.push({
      id: `delegate-${i + 1}`,
      name: [
        'Nguyễn Văn Thành',
        'Phạm Thị Hồng Nhung',
        'Bùi Thị Lan Anh',
        'Đỗ Quang Huy',
        'Ngô Thị Bích Ngọc',
        'Dương Văn Lợi',
        'Lý Thị Mỹ Duyên',
        'Mai Xuân Trường',
      ][i % 8]!,
      position: 'Phó Giám đốc Sở Khoa học và Công nghệ',
      unit: null,
      connectionPoint: `Điểm cầu ${province}`,
      role: 'delegate',
      present: i !== 5,
      note: i === 5 ? 'đi công tác, có ủy quyền' : null,
    });
  }
  for (let s = 0; s < sections; s++) {
    const sectionId = `section-${s + 1}`;
    minutes.sections.push({
      id: sectionId,
      agendaItemId: `agenda-${s + 1}`,
      title: TOPICS[s % TOPICS.length]!,
      presenter:
        s % 2 === 0 ? 'đồng chí Hoàng Minh Tuấn, Vụ trưởng Vụ Kế hoạch - Tài chính' : 'đồng chí Chánh Văn phòng Bộ',
      discussion:
        s === 0
          ? `${DISCUSSION}\n\n${DIACRITICS_SAMPLE}, đề nghị Bộ sớm hướng dẫn thủ tục điều chỉnh kế hoạch vốn.`
          : DISCUSSION,
      opinions: SPEAKERS.slice(0, 3).map(([speaker, position], k) => ({
        id: `${sectionId}-opinion-${k + 1}`,
        speaker,
        position,
        content:
          k === 0
            ? 'Đề nghị Bộ sớm hướng dẫn thủ tục điều chỉnh kế hoạch vốn, ưu tiên bố trí cho các dự án có khả năng ' +
              'hoàn thành trong năm 2026; đồng thời tháo gỡ vướng mắc về giải phóng mặt bằng.'
            : 'Thống nhất với nội dung báo cáo; đề nghị bổ sung đánh giá về nguồn nhân lực thực hiện chuyển đổi số ' +
              'ở cấp xã và cơ chế chia sẻ dữ liệu giữa các hệ thống thông tin của bộ, ngành, địa phương.',
        at: iso(date, `0${8 + (k % 2)}:${String(10 + 15 * k).padStart(2, '0')}`),
      })),
      conclusions:
        'Chủ trì kết luận: ghi nhận các ý kiến phát biểu; giao Vụ Kế hoạch - Tài chính chủ trì, phối hợp với các ' +
        'đơn vị liên quan tiếp thu, hoàn thiện báo cáo, trình Lãnh đạo Bộ trước ngày 30 tháng 11 năm 2026.',
    });
    minutes.decisions.push({
      id: `decision-${s + 1}`,
      sectionId,
      text: `Thông qua nội dung “${TOPICS[s % TOPICS.length]!}” với các ý kiến tiếp thu tại hội nghị.`,
      vote: { kind: 'named', eligible: 11, yes: 10, no: 0, abstain: 1, passed: true },
    });
    minutes.actionItems.push({
      id: `action-${s + 1}`,
      sectionId,
      task: `Hoàn thiện báo cáo chuyên đề “${TOPICS[s % TOPICS.length]!}”, gửi Văn phòng Bộ tổng hợp`,
      owner: s % 2 === 0 ? 'Vụ Kế hoạch - Tài chính' : 'Sở Khoa học và Công nghệ các tỉnh, thành phố',
      dueDate: '2026-11-30',
    });
  }
  minutes.conclusions =
    'Đồng chí Thứ trưởng đánh giá cao tinh thần chủ động của các đơn vị và địa phương; yêu cầu các đơn vị tập trung ' +
    'hoàn thành các nhiệm vụ được giao, bảo đảm tiến độ và chất lượng, báo cáo kết quả tại phiên giao ban tháng 12.';
  minutes.recipients = [
    'Bộ trưởng (để báo cáo)',
    'Các Thứ trưởng',
    'Các đơn vị thuộc Bộ',
    'Sở KH&CN các tỉnh, thành phố',
    'Lưu: VT, VPB',
  ];
  minutes.timeline.push({ id: 't1', at: iso(date, '08:00'), kind: 'note', actor: null, text: 'Khai mạc hội nghị' });
  return minutes;
}
