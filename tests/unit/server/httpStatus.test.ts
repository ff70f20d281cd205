import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ERROR_CODES } from '../../../common/errors.ts';
import { httpStatus } from '../../../server/http/respond.ts';

test('every error code has a deliberate HTTP status', () => {
  for (const code of ERROR_CODES) {
    const status = httpStatus({ code });
    assert.ok(status >= 400 && status < 600, `${code} → ${status}`);
  }
  assert.equal(httpStatus({ code: 'unauthorized' }), 401, 'no credentials: authenticate');
  assert.equal(httpStatus({ code: 'forbidden', reason: 'role' }), 403);
  assert.equal(httpStatus({ code: 'rate_limited' }), 429);
  assert.equal(httpStatus({ code: 'archive_unavailable' }), 503);
});

test('a file that is not a usable PDF is unprocessable; a revoked invitation is known and refused', () => {
  for (const reason of ['not_a_pdf', 'pdf_empty', 'pdf_truncated', 'pdf_damaged', 'pdf_unreadable'] as const)
    assert.equal(httpStatus({ code: 'invalid_message', reason }), 422, reason);
  assert.equal(httpStatus({ code: 'too_large', reason: 'document_too_large' }), 413);
  assert.equal(httpStatus({ code: 'unauthorized', reason: 'invitation_revoked' }), 403);
});
