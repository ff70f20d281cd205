// The screen-sharing and recording strings are part of the one UI catalogue in both languages, with text of
// their own, and the refusals they word are reached through the reasons' messages.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { messageKeyFor } from '../../../renderer/app/clientErrors.ts';
import { en } from '../../../renderer/i18n/en.ts';
import { sharingEn } from '../../../renderer/i18n/sharing.en.ts';
import { sharingVi } from '../../../renderer/i18n/sharing.vi.ts';
import { vi, type MessageKey } from '../../../renderer/i18n/vi.ts';

test('every sharing key is in both catalogues with non-empty text', () => {
  assert.deepEqual(Object.keys(sharingEn).sort(), Object.keys(sharingVi).sort());
  for (const [key, text] of Object.entries(sharingVi)) {
    assert.equal(vi[key as MessageKey], text, `vi:${key}`);
    assert.ok(text.trim().length > 0 && en[key as MessageKey].trim().length > 0, key);
  }
  assert.equal(vi['share.start'], 'Chia sẻ màn hình');
});

test('the refusals of sharing and recording have messages of their own', () => {
  for (const reason of ['share_not_allowed', 'recording_forbidden', 'recording_not_allowed', 'disk_low'] as const) {
    assert.equal(messageKeyFor({ code: 'forbidden', reason }), `reason.${reason}`);
  }
});
