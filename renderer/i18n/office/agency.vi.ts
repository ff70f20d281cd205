// Vietnamese strings of the agency's signature: its seal (administration) and the văn thư signing the minutes for the
// agency before they are filed.
export const agencyVi = {
  'admin.tab.seal': 'Con dấu',
  'seal.title': 'Hình ảnh con dấu của cơ quan',
  'seal.hint':
    'Ảnh PNG nền trong suốt, màu đỏ, hiển thị đúng kích thước thật trên chữ ký số của cơ quan (Nghị định 30/2020, Phụ lục I).',
  'seal.current': 'Con dấu hiện tại (đường kính {mm} mm)',
  'seal.none': 'Chưa có hình ảnh con dấu.',
  'seal.file': 'Tệp ảnh con dấu (PNG)',
  'seal.diameter': 'Đường kính thật (mm)',
  'seal.diameterRule': 'Từ 20 đến 60 mm.',
  'seal.upload': 'Lưu con dấu',
  'seal.saved': 'Đã lưu hình ảnh con dấu.',

  'agencySign.title': 'Chữ ký số của cơ quan',
  'agencySign.hint':
    'Văn thư ký số bằng chứng thư số của cơ quan; con dấu trùm lên khoảng 1/3 chữ ký của người chủ trì, bên trái.',
  'agencySign.required': 'Biên bản cần chữ ký số của cơ quan trước khi lưu trữ.',
  'agencySign.signed': 'Biên bản đã có chữ ký số của cơ quan.',
  'agencySign.notReady': 'Chỉ ký được khi chủ trì và thư ký đã ký và biên bản chưa được lưu trữ.',
  'agencySign.certificate': 'Chứng thư số của cơ quan: {subject} (do {issuer} cấp)',
  'agencySign.noCertificate': 'Cơ quan chưa đăng ký chứng thư số: chứng thư dùng để ký lần đầu sẽ được đăng ký.',
  'agencySign.method': 'Ký bằng',
  'agencySign.token': 'USB token',
  'agencySign.file': 'Tệp chứng thư số (.p12, .pfx)',
  'agencySign.password': 'Mật khẩu tệp',
  'agencySign.submit': 'Ký số của cơ quan',
  'agencySign.remoteHint':
    'Văn thư xác nhận trên điện thoại; chứng thư số ký từ xa được đăng ký làm chứng thư số của cơ quan.',
  'agencySign.signing': 'Đang ký…',
};
