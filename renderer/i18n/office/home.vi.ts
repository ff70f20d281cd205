// Vietnamese strings of the home page ("Cuộc họp của tôi").
export const homeVi = {
  'home.title': 'Cuộc họp của tôi',
  'home.greeting': 'Xin chào, {name}',
  'home.upcoming': 'Hôm nay và sắp tới',
  'home.past': 'Đã diễn ra',
  'home.allHistory': 'Xem toàn bộ lịch sử',
  'home.emptyUpcoming': 'Chưa có cuộc họp nào sắp diễn ra.',
  'home.emptyPast': 'Chưa có cuộc họp nào đã diễn ra.',
  'home.join': 'Vào phòng họp',
  'home.edit': 'Sửa',
  'home.record': 'Xem hồ sơ',
  'home.ics': 'Thêm vào lịch (.ics)',
  'home.asPoint': 'tại {point}',
  'home.present': '{count} người đang trong phòng',
  'home.agencySigning': 'Biên bản chờ ký số của cơ quan',
  'home.agencySigningHint':
    'Thư ký và chủ trì đã ký; văn thư ký số bằng chứng thư số và con dấu của cơ quan trước khi lưu trữ.',
  'home.agencySign': 'Mở hồ sơ để ký',
};
