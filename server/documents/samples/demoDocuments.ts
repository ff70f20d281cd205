// The demo meeting's agenda documents, generated: a programme, a monthly report with a table by province, and a
// draft plan. Vietnamese administrative prose with diacritics everywhere, headings, lists and tables, a few pages
// each, so that text search, selection and annotation have something real to work on.
import { PROVINCES } from '../../../common/provinces.ts';
import { AgendaPdfWriter } from './AgendaPdfWriter.ts';

export interface SampleDocument {
  title: string;
  fileName: string;
  bytes: Uint8Array;
}

const AUTHOR = 'Văn phòng Bộ';
const MOTTO = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'];

async function titleBlock(w: AgendaPdfWriter, kind: string, title: string): Promise<void> {
  w.centered(MOTTO[0]!, 12.5, 'bold');
  w.centered(MOTTO[1]!, 13, 'bold');
  w.centered('Hà Nội, ngày 05 tháng 01 năm 2026', 12.5, 'italic');
  w.centered(kind, 15, 'bold');
  w.centered(title, 13.5, 'bold');
}

async function programme(): Promise<SampleDocument> {
  const title = 'Chương trình Hội nghị giao ban trực tuyến tháng với các địa phương';
  const w = await AgendaPdfWriter.create({ title, author: AUTHOR, runningHead: title });
  await titleBlock(w, 'CHƯƠNG TRÌNH', 'Hội nghị giao ban trực tuyến tháng với các địa phương');
  w.heading('I. Thời gian, địa điểm');
  w.paragraph(
    'Thời gian: 01 buổi, bắt đầu từ 08 giờ 00 phút. Địa điểm: Phòng họp trực tuyến, Trụ sở Bộ, số 1 Tôn Thất ' +
      'Thuyết, Hà Nội, kết nối trực tuyến tới điểm cầu Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.',
  );
  w.heading('II. Thành phần tham dự');
  w.bullets([
    'Chủ trì: đồng chí Thứ trưởng Thường trực.',
    'Tại điểm cầu Trung ương: Chánh Văn phòng Bộ; Thủ trưởng các vụ, cục, đơn vị trực thuộc Bộ; chuyên viên Văn ' +
      'phòng Bộ (thư ký hội nghị).',
    'Tại điểm cầu địa phương: Lãnh đạo Ủy ban nhân dân tỉnh, thành phố; Giám đốc các sở, ngành liên quan; đại ' +
      'diện Ủy ban nhân dân cấp huyện, cấp xã theo triệu tập của địa phương.',
  ]);
  w.heading('III. Nội dung và thời lượng');
  w.table(
    ['TT', 'Nội dung', 'Trình bày', 'Thời gian'],
    [
      ['1', 'Khai mạc, giới thiệu thành phần tham dự', 'Chủ trì', '08:00 – 08:05'],
      [
        '2',
        'Báo cáo tình hình thực hiện nhiệm vụ trong tháng, phương hướng nhiệm vụ tháng tới',
        'Chánh Văn phòng Bộ',
        '08:05 – 08:25',
      ],
      ['3', 'Ý kiến của các địa phương (mỗi điểm cầu không quá 05 phút)', 'Đại diện các điểm cầu', '08:25 – 09:05'],
      ['4', 'Biểu quyết thông qua Kế hoạch công tác tháng tới', 'Chủ trì', '09:05 – 09:15'],
      ['5', 'Kết luận của đồng chí Chủ trì hội nghị', 'Chủ trì', '09:15 – 09:25'],
    ],
    [0.08, 0.5, 0.24, 0.18],
  );
  w.heading('IV. Tổ chức thực hiện');
  w.paragraph(
    'Văn phòng Bộ chủ trì, phối hợp với Trung tâm Công nghệ thông tin chuẩn bị đường truyền, kiểm tra kết nối với ' +
      'các điểm cầu trước giờ khai mạc ít nhất 30 phút; gửi tài liệu hội nghị lên hệ thống phòng họp số để đại ' +
      'biểu nghiên cứu trước. Đề nghị các điểm cầu bố trí cán bộ kỹ thuật trực suốt thời gian hội nghị, tắt micrô ' +
      'khi không phát biểu và đăng ký phát biểu bằng chức năng “Xin phát biểu” trên hệ thống.',
  );
  w.paragraph(
    'Đại biểu ghi chú riêng trên tài liệu ở lớp ghi chú cá nhân; nội dung ghi chú cá nhân chỉ hiển thị trên thiết ' +
      'bị của chính đại biểu. Ý kiến cần trao đổi chung được đánh dấu ở lớp ghi chú dùng chung để mọi điểm cầu ' +
      'cùng theo dõi.',
    'italic',
  );
  return { title: 'Chương trình hội nghị', fileName: 'Chương trình hội nghị.pdf', bytes: await w.save() };
}

const PROVINCE_ROWS = [
  ['Lào Cai', '1.284', '1.251', '97,4', 'Hoàn thành'],
  ['Quảng Ninh', '2.017', '1.998', '99,1', 'Hoàn thành'],
  ['Nghệ An', '3.562', '3.347', '94,0', 'Đang thực hiện'],
  ['Đà Nẵng', '1.845', '1.845', '100,0', 'Hoàn thành'],
  ['Gia Lai', '1.903', '1.712', '90,0', 'Chậm tiến độ'],
  ['Hồ Chí Minh', '6.428', '6.301', '98,0', 'Hoàn thành'],
  ['Cần Thơ', '1.116', '1.089', '97,6', 'Hoàn thành'],
  ['Cà Mau', '1.207', '1.063', '88,1', 'Chậm tiến độ'],
];

async function report(): Promise<SampleDocument> {
  const title = 'Báo cáo tình hình thực hiện nhiệm vụ tháng, phương hướng nhiệm vụ tháng tới';
  const w = await AgendaPdfWriter.create({ title, author: AUTHOR, runningHead: title });
  await titleBlock(w, 'BÁO CÁO', 'Tình hình thực hiện nhiệm vụ tháng và phương hướng nhiệm vụ tháng tới');
  w.heading('I. Kết quả thực hiện nhiệm vụ trong tháng');
  w.heading('1. Công tác chỉ đạo, điều hành', 2);
  w.paragraph(
    'Trong tháng, Bộ đã tập trung chỉ đạo quyết liệt việc triển khai các nhiệm vụ trọng tâm theo Chương trình công ' +
      'tác năm; ban hành 14 văn bản chỉ đạo, hướng dẫn các địa phương; tổ chức 06 đoàn công tác kiểm tra, đôn đốc ' +
      'việc thực hiện tại các tỉnh miền núi phía Bắc, Bắc Trung Bộ, Tây Nguyên và đồng bằng sông Cửu Long. Công tác ' +
      'phối hợp giữa các vụ, cục với Ủy ban nhân dân các tỉnh tiếp tục được tăng cường, bảo đảm thông suốt, kịp thời.',
  );
  w.paragraph(
    'Việc ứng dụng công nghệ thông tin trong chỉ đạo, điều hành có nhiều chuyển biến tích cực: 100% văn bản đi, đến ' +
      'được xử lý trên môi trường mạng, trừ văn bản mật; các cuộc họp giao ban với địa phương được tổ chức trực ' +
      'tuyến, không sử dụng tài liệu giấy, tiết kiệm đáng kể thời gian và chi phí đi lại của đại biểu.',
  );
  w.heading('2. Kết quả giải quyết hồ sơ thủ tục hành chính', 2);
  w.paragraph(
    'Tổng số hồ sơ tiếp nhận trong tháng tại các địa phương được theo dõi là 19.362 hồ sơ, đã giải quyết đúng hạn ' +
      '18.606 hồ sơ, đạt tỷ lệ 96,1%. Một số địa phương còn tồn đọng hồ sơ quá hạn do thiếu nhân lực và vướng mắc ' +
      'trong việc xác minh nguồn gốc đất đai. Chi tiết theo từng địa phương như sau:',
  );
  w.table(
    ['Địa phương', 'Hồ sơ tiếp nhận', 'Giải quyết đúng hạn', 'Tỷ lệ (%)', 'Đánh giá'],
    PROVINCE_ROWS,
    [0.24, 0.19, 0.21, 0.14, 0.22],
  );
  w.heading('3. Tồn tại, hạn chế và nguyên nhân', 2);
  w.bullets([
    'Tiến độ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính ở một số địa phương còn chậm, chưa đáp ứng yêu ' +
      'cầu kết nối, chia sẻ dữ liệu.',
    'Hạ tầng đường truyền tại một số điểm cầu cấp huyện, cấp xã chưa ổn định, chất lượng âm thanh, hình ảnh có ' +
      'lúc bị gián đoạn.',
    'Việc phối hợp cung cấp thông tin, số liệu phục vụ tổng hợp báo cáo của một số đơn vị chưa kịp thời, còn ' +
      'phải đôn đốc nhiều lần.',
  ]);
  w.paragraph(
    'Nguyên nhân chủ yếu là nguồn lực đầu tư cho hạ tầng công nghệ thông tin còn hạn chế; đội ngũ cán bộ chuyên ' +
      'trách ở cơ sở còn mỏng, kiêm nhiệm nhiều việc; một số quy trình nội bộ chưa được rà soát, đơn giản hóa.',
  );
  w.heading('II. Phương hướng, nhiệm vụ tháng tới');
  w.bullets([
    'Tiếp tục đẩy mạnh cải cách thủ tục hành chính, phấn đấu tỷ lệ hồ sơ giải quyết đúng hạn đạt trên 98%.',
    'Hoàn thành việc nâng cấp đường truyền tới 100% điểm cầu cấp huyện trước ngày 25 tháng tới.',
    'Tổ chức tập huấn sử dụng phòng họp số cho cán bộ đầu mối của các sở, ngành và Ủy ban nhân dân cấp huyện.',
    'Rà soát, đề xuất sửa đổi quy chế làm việc, quy chế phối hợp giữa Bộ và các địa phương.',
  ]);
  w.heading('III. Kiến nghị, đề xuất');
  w.paragraph(
    'Đề nghị Ủy ban nhân dân các tỉnh Gia Lai, Cà Mau chỉ đạo các cơ quan chuyên môn khẩn trương xử lý dứt điểm ' +
      'hồ sơ tồn đọng, báo cáo kết quả về Bộ (qua Văn phòng Bộ) trước ngày 20 tháng tới để tổng hợp, báo cáo ' +
      'Lãnh đạo Bộ tại phiên giao ban kế tiếp.',
  );
  w.newPage();
  w.heading('Phụ lục. Số liệu chi tiết theo tỉnh, thành phố');
  w.paragraph('Số liệu do Ủy ban nhân dân các tỉnh, thành phố báo cáo, tính đến hết ngày 30 của tháng.', 'italic', 12);
  w.table(
    ['TT', 'Tỉnh, thành phố', 'Hồ sơ tiếp nhận', 'Đúng hạn', 'Quá hạn', 'Tỷ lệ đúng hạn (%)'],
    PROVINCES.map((province, i) => {
      // Made-up but plausible figures, the same on every run.
      const received = 900 + ((i * 7919) % 5400);
      const late = (i * 37) % Math.max(1, Math.floor(received / 12));
      const rate = (((received - late) / received) * 100).toFixed(1).replace('.', ',');
      const n = (v: number) => v.toLocaleString('vi-VN');
      return [String(i + 1), province, n(received), n(received - late), n(late), rate];
    }),
    [0.07, 0.27, 0.17, 0.15, 0.14, 0.2],
  );
  return { title: 'Báo cáo tình hình thực hiện nhiệm vụ tháng', fileName: 'Báo cáo tháng.pdf', bytes: await w.save() };
}

async function plan(): Promise<SampleDocument> {
  const title = 'Dự thảo Kế hoạch công tác tháng tới';
  const w = await AgendaPdfWriter.create({ title, author: AUTHOR, runningHead: title });
  await titleBlock(w, 'KẾ HOẠCH', 'Công tác tháng tới (Dự thảo trình Hội nghị biểu quyết)');
  w.heading('I. Mục đích, yêu cầu');
  w.paragraph(
    'Cụ thể hóa các nhiệm vụ trọng tâm đã được thống nhất tại Hội nghị; phân công rõ người, rõ việc, rõ thời hạn, ' +
      'rõ kết quả; bảo đảm sự phối hợp chặt chẽ giữa các đơn vị thuộc Bộ và Ủy ban nhân dân các tỉnh, thành phố.',
  );
  w.heading('II. Nhiệm vụ cụ thể');
  w.table(
    ['TT', 'Nhiệm vụ', 'Đơn vị chủ trì', 'Thời hạn'],
    [
      ['1', 'Nâng cấp đường truyền tới các điểm cầu cấp huyện', 'Trung tâm Công nghệ thông tin', 'Ngày 25'],
      ['2', 'Tập huấn sử dụng phòng họp số cho cán bộ đầu mối', 'Văn phòng Bộ', 'Ngày 15'],
      ['3', 'Rà soát quy chế phối hợp giữa Bộ và địa phương', 'Vụ Pháp chế', 'Ngày 28'],
      ['4', 'Xử lý dứt điểm hồ sơ tồn đọng quá hạn', 'Ủy ban nhân dân tỉnh Gia Lai, Cà Mau', 'Ngày 20'],
      ['5', 'Tổng hợp kết quả, báo cáo Lãnh đạo Bộ', 'Văn phòng Bộ', 'Ngày 30'],
    ],
    [0.08, 0.44, 0.32, 0.16],
  );
  w.heading('III. Tổ chức thực hiện');
  w.paragraph(
    'Thủ trưởng các đơn vị được giao chủ trì chịu trách nhiệm trước Lãnh đạo Bộ về tiến độ, chất lượng thực hiện ' +
      'nhiệm vụ; định kỳ hằng tuần cập nhật tiến độ trên hệ thống quản lý văn bản và điều hành. Trong quá trình ' +
      'thực hiện, nếu có khó khăn, vướng mắc, các đơn vị kịp thời báo cáo qua Văn phòng Bộ để tổng hợp, trình ' +
      'Lãnh đạo Bộ xem xét, quyết định./.',
  );
  return {
    title: 'Dự thảo Kế hoạch công tác tháng tới',
    fileName: 'Kế hoạch tháng tới (dự thảo).pdf',
    bytes: await w.save(),
  };
}

/** The three sample documents, in the order they are attached to the first agenda item. */
export async function demoDocuments(): Promise<SampleDocument[]> {
  return [await programme(), await report(), await plan()];
}
