import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ERROR_CODES } from '../../../common/errors.ts';
import {
  ALL_CLIENT_ERROR_CODES,
  ClientError,
  errorMessageKey,
  errorPageTitleKey,
  messageKeyFor,
} from '../../../renderer/app/clientErrors.ts';
import { en } from '../../../renderer/i18n/en.ts';
import { LOCALE_STORAGE_KEY, catalogues, loadLocale, saveLocale, translate } from '../../../renderer/i18n/translate.ts';
import { vi } from '../../../renderer/i18n/vi.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('English has exactly the Vietnamese keys', () => {
  assert.deepEqual(Object.keys(en).sort(), Object.keys(vi).sort());
});

test('no translation is empty and placeholders match across locales', () => {
  for (const [locale, messages] of Object.entries(catalogues)) {
    for (const [key, text] of Object.entries(messages)) {
      assert.ok(text.trim().length > 0, `${locale}:${key} is empty`);
      assert.deepEqual(placeholders(text), placeholders(vi[key as keyof typeof vi]), `${locale}:${key} placeholders`);
    }
  }
});

test('Vietnamese strings carry their diacritics', () => {
  assert.equal(vi['meeting.reconnecting'], 'Đang kết nối lại…');
  assert.equal(vi['errorPage.token_expired'], 'Liên kết tham dự đã hết hạn');
  assert.equal(vi['role.chair'], 'Chủ trì');
  assert.equal(vi['role.secretary'], 'Thư ký');
  assert.equal(vi['role.delegate'], 'Đại biểu');
});

test('every server and client error code has a message', () => {
  for (const code of ALL_CLIENT_ERROR_CODES) {
    for (const messages of Object.values(catalogues)) {
      assert.ok(messages[errorMessageKey(code)], `missing message for ${code}`);
      assert.ok(messages[errorPageTitleKey(code)], `missing title for ${code}`);
    }
  }
  assert.ok(ERROR_CODES.every((code) => ALL_CLIENT_ERROR_CODES.includes(code)));
});

test('translate interpolates named parameters and leaves unknown ones visible', () => {
  assert.equal(translate('vi', 'meeting.participants', { count: 3 }), '3 người tham dự');
  assert.equal(translate('en', 'meeting.participants', { count: 3 }), '3 participants');
  assert.equal(translate('vi', 'meeting.participants', {}), '{count} người tham dự');
});

test('the locale choice is persisted and unknown values fall back to Vietnamese', () => {
  const store = new Map<string, string>();
  const storage = {
    getItem: (key: string) => store.get(key) ?? null,
    setItem: (key: string, value: string) => void store.set(key, value),
  };
  assert.equal(loadLocale(storage), 'vi');
  saveLocale(storage, 'en');
  assert.equal(store.get(LOCALE_STORAGE_KEY), 'en');
  assert.equal(loadLocale(storage), 'en');
  store.set(LOCALE_STORAGE_KEY, 'fr');
  assert.equal(loadLocale(storage), 'vi');
  assert.equal(loadLocale(undefined), 'vi');
  const throwing = {
    getItem: () => {
      throw new Error('denied');
    },
  };
  assert.equal(loadLocale(throwing), 'vi');
});

test('a known reason gets its own message, an unknown one falls back to the code', () => {
  const muted = ClientError.from({ code: 'forbidden', detail: 'x', reason: 'muted_by_chair' });
  assert.equal(muted.reason, 'muted_by_chair');
  assert.equal(translate('vi', messageKeyFor(muted)), vi['reason.muted_by_chair']);
  const other = ClientError.from({ code: 'forbidden', detail: 'x', reason: 'role' });
  assert.equal(messageKeyFor(other), 'error.forbidden');
});

test('a full disk on the server is said as such, not as a failed related service', () => {
  const full = ClientError.from({ code: 'unavailable', detail: 'x', reason: 'disk_full' });
  assert.equal(translate('vi', messageKeyFor(full)), vi['reason.disk_full']);
  assert.match(translate('en', messageKeyFor(full)), /run out of storage/);
});
