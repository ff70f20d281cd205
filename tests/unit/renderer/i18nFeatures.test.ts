// The documents and minutes strings are part of the one UI catalogue: their per-feature files are spread into
// vi.ts and en.ts, so every key is a message key in both languages with text of its own, and the minutes refusals
// are worded through the same translate().
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { minutesErrorText } from '../../../renderer/features/minutes/minutesErrors.ts';
import { documentsEn } from '../../../renderer/i18n/documents.en.ts';
import { documentsVi } from '../../../renderer/i18n/documents.vi.ts';
import { en } from '../../../renderer/i18n/en.ts';
import { minutesEn } from '../../../renderer/i18n/minutes.en.ts';
import { minutesVi } from '../../../renderer/i18n/minutes.vi.ts';
import { translate, type Locale, type MessageParams } from '../../../renderer/i18n/translate.ts';
import { vi, type MessageKey } from '../../../renderer/i18n/vi.ts';

const features = [
  { name: 'documents', prefix: 'documents.', vi: documentsVi, en: documentsEn },
  { name: 'minutes', prefix: 'minutes.', vi: minutesVi, en: minutesEn },
];

test('every documents and minutes key is in the combined catalogue of both languages, with non-empty text', () => {
  for (const feature of features) {
    assert.deepEqual(Object.keys(feature.en).sort(), Object.keys(feature.vi).sort(), `${feature.name}: same keys`);
    for (const [key, text] of Object.entries(feature.vi)) {
      assert.ok(key.startsWith(feature.prefix), `${key} carries the ${feature.prefix} prefix`);
      assert.equal(vi[key as MessageKey], text, `vi:${key}`);
      assert.equal(en[key as MessageKey], feature.en[key as keyof typeof feature.en], `en:${key}`);
      assert.ok(vi[key as MessageKey].trim().length > 0, `vi:${key} is empty`);
      assert.ok(en[key as MessageKey].trim().length > 0, `en:${key} is empty`);
    }
  }
});

test('no other catalogue entry shares a feature prefix, so a feature file is the whole of its feature', () => {
  const own = new Set(features.flatMap((f) => Object.keys(f.vi)));
  const stray = Object.keys(vi).filter((key) => features.some((f) => key.startsWith(f.prefix)) && !own.has(key));
  assert.deepEqual(stray, []);
});

test('document strings interpolate like every other message', () => {
  assert.equal(translate('vi', 'documents.searchResult', { n: 2, total: 5 }), 'Kết quả 2/5');
  assert.equal(translate('en', 'documents.following', { name: 'An' }), 'Following An');
  assert.equal(vi['documents.stageDocument'], 'Tài liệu');
});

const translator = (locale: Locale) => (key: MessageKey, params?: MessageParams) => translate(locale, key, params);

test('a minutes refusal names the missing fields in the reader’s language', () => {
  const error = { code: 'minutes_incomplete', message: 'missing: header.number, attendance, something.new' };
  assert.equal(
    minutesErrorText(translator('vi'), error),
    'Chưa đủ thông tin để chốt: số, thành phần có mặt, something.new.',
  );
  assert.match(minutesErrorText(translator('en'), error), /number, someone present, something\.new/);
});

test('a minutes refusal is worded by reason first, then by code, else quoted', () => {
  const t = translator('vi');
  assert.equal(
    minutesErrorText(t, { code: 'forbidden', reason: 'not_minutes_editor' }),
    vi['minutes.error.not_minutes_editor'],
  );
  assert.equal(minutesErrorText(t, { code: 'minutes_locked' }), vi['minutes.error.minutes_locked']);
  assert.equal(minutesErrorText(t, { code: 'internal', message: 'boom' }), 'Không thực hiện được: boom');
});
