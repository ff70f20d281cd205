// Vietnamese strings shared by the office screens: navigation, states, roles in the agency, common messages.
export const shellVi = {
  'nav.label': 'Điều hướng chính',
  'nav.home': 'Cuộc họp của tôi',
  'nav.history': 'Lịch sử',
  'nav.search': 'Tìm kiếm',
  'nav.admin': 'Quản trị',
  'nav.schedule': 'Lên lịch',
  'nav.signOut': 'Đăng xuất',

  'office.loading': 'Đang tải…',
  'office.loadFailed': 'Không tải được dữ liệu',
  'office.retry': 'Thử lại',
  'office.saved': 'Đã lưu.',
  'office.notFound': 'Không tìm thấy trang này.',
  'office.noPermission': 'Bạn không có quyền truy cập nội dung này.',
  'office.backHome': 'Về trang Cuộc họp của tôi',
  'office.wait.seconds': '{n} giây',
  'office.wait.minutes': '{n} phút',

  'office.error.unauthorized': 'Phiên đăng nhập đã kết thúc. Vui lòng đăng nhập lại.',
  'office.error.not_found': 'Không tìm thấy cuộc họp hoặc dữ liệu được yêu cầu.',
  'office.error.invalid_message': 'Dữ liệu chưa hợp lệ, vui lòng kiểm tra lại.',
  'office.error.rate_limited': 'Thao tác quá nhiều lần, vui lòng thử lại sau ít phút.',

  'office.agencyRole.admin': 'Quản trị viên',
  'office.agencyRole.secretary': 'Thư ký',
  'office.agencyRole.member': 'Thành viên',

  'office.kind.hop': 'Cuộc họp',
  'office.kind.giao_ban': 'Giao ban',
  'office.kind.hoi_nghi': 'Hội nghị',

  'office.state.scheduled': 'Sắp diễn ra',
  'office.state.due': 'Đã đến giờ họp',
  'office.state.live': 'Đang diễn ra',
  'office.state.ended': 'Đã kết thúc',
  'office.state.cancelled': 'Đã hủy',

  'office.minutes.none': 'Chưa có biên bản',
  'office.minutes.draft': 'Biên bản dự thảo',
  'office.minutes.review': 'Biên bản đang lấy ý kiến',
  'office.minutes.final': 'Biên bản đã chốt',
  'office.minutes.signed': 'Biên bản đã ký số',
  'office.minutes.filed': 'Biên bản đã lưu trữ',
};
