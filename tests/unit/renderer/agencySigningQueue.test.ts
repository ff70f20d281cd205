// The văn thư's list on the home page (AgencySigningQueue), rendered by React itself: nothing without a record to
// sign; otherwise the Vietnamese heading with the count, each meeting's title and a link to its record page.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { MeetingSummary } from '../../../common/office.ts';
import { AgencySigningQueue } from '../../../renderer/features/office/home/AgencySigningQueue.tsx';
import { I18nProvider } from '../../../renderer/i18n/I18nProvider.tsx';
import { translate } from '../../../renderer/i18n/translate.ts';

const summary = (id: string, title: string): MeetingSummary => ({
  id,
  kind: 'giao_ban',
  title,
  startsAt: '2026-11-09T01:30:00.000Z',
  endsAt: '2026-11-09T03:30:00.000Z',
  place: 'Phòng họp số 1',
  state: 'ended',
  myRole: null,
  myConnectionPoint: null,
  present: [],
  minutesState: 'signed',
  canManage: false,
});

const render = (meetings: MeetingSummary[]) =>
  renderToStaticMarkup(createElement(I18nProvider, null, createElement(AgencySigningQueue, { meetings })));

describe("the văn thư's records awaiting the agency's signature", () => {
  it('shows nothing when nothing waits', () => {
    assert.equal(render([]), '');
  });

  it('lists each meeting with a link to its record, in Vietnamese by default', () => {
    const html = render([summary('giao-ban-11', 'Giao ban tháng 11'), summary('hop-2', 'Họp chuyên đề')]);
    assert.ok(html.includes(translate('vi', 'home.agencySigning')), html);
    assert.ok(html.includes('Biên bản chờ ký số của cơ quan'));
    assert.match(html, /<span class="section-count">2<\/span>/);
    assert.ok(html.includes('Giao ban tháng 11') && html.includes('Họp chuyên đề'));
    assert.match(html, /href="\/meetings\/giao-ban-11"/);
    assert.match(html, /href="\/meetings\/hop-2"/);
  });

  it('has its strings in English too', () => {
    assert.equal(translate('en', 'home.agencySigning'), "Minutes awaiting the agency's signature");
    assert.notEqual(translate('en', 'home.agencySign'), translate('vi', 'home.agencySign'));
  });
});
