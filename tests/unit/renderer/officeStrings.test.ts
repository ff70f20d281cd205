// The office screens' strings: one pair of files per feature, spread into the one catalogue. Every key exists in
// both languages, no two features define the same key (a spread would silently keep only one), and the helpers
// that read search snippets and fold text for quick filters behave.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { foldForSearch, snippetParts } from '../../../renderer/features/office/text.ts';
import { en } from '../../../renderer/i18n/en.ts';
import { officeParts } from '../../../renderer/i18n/office/index.ts';
import { translate } from '../../../renderer/i18n/translate.ts';
import { vi, type MessageKey } from '../../../renderer/i18n/vi.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('each office feature has the same keys in Vietnamese and English, with text and matching placeholders', () => {
  for (const [name, part] of Object.entries(officeParts)) {
    assert.deepEqual(Object.keys(part.en).sort(), Object.keys(part.vi).sort(), `${name}: same keys`);
    for (const [key, text] of Object.entries(part.vi)) {
      const english = (part.en as Record<string, string>)[key] ?? '';
      assert.ok(text.trim() && english.trim(), `${name}:${key} has text in both languages`);
      assert.deepEqual(placeholders(english), placeholders(text), `${name}:${key} placeholders`);
    }
  }
});

test('no two office features define the same key, and the catalogue holds each one as written', () => {
  const seen = new Map<string, string>();
  for (const [name, part] of Object.entries(officeParts)) {
    for (const [key, text] of Object.entries(part.vi)) {
      assert.equal(seen.get(key), undefined, `${key} is defined by ${seen.get(key)} and ${name}`);
      seen.set(key, name);
      assert.equal(vi[key as MessageKey], text, `vi:${key}`);
      assert.equal(en[key as MessageKey], (part.en as Record<string, string>)[key], `en:${key}`);
    }
  }
});

test('the sign-in lockout and the Vietnamese office wording read as written', () => {
  assert.equal(
    translate('vi', 'signin.locked', { wait: '5 phút' }),
    'Tài khoản tạm khoá do đăng nhập sai nhiều lần. Vui lòng thử lại sau 5 phút.',
  );
  assert.equal(vi['nav.home'], 'Cuộc họp của tôi');
  assert.equal(en['nav.home'], 'My meetings');
});

test('a search snippet splits at its « » marks', () => {
  assert.deepEqual(snippetParts('Hội nghị «giao» «ban» tháng 12'), [
    { text: 'Hội nghị ', hit: false },
    { text: 'giao', hit: true },
    { text: ' ', hit: false },
    { text: 'ban', hit: true },
    { text: ' tháng 12', hit: false },
  ]);
  assert.deepEqual(snippetParts('no hits'), [{ text: 'no hits', hit: false }]);
  assert.deepEqual(snippetParts('cut «short'), [
    { text: 'cut ', hit: false },
    { text: 'short', hit: true },
  ]);
  assert.deepEqual(snippetParts(''), []);
});

test('quick filters ignore case and Vietnamese diacritics', () => {
  assert.equal(foldForSearch('Điểm cầu Đà Nẵng'), 'diem cau da nang');
  assert.ok(foldForSearch('Hội nghị GIAO BAN').includes('giao ban'));
});
