// What a synchronous server call failed with, as the code a client would see.
import assert from 'node:assert/strict';
import { AppFailure } from '../../common/errors.ts';

/** The AppFailure code `fn` throws, or 'no error'. Anything else thrown fails the test. */
export function failureCode(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof AppFailure, `expected an AppFailure, got ${String(error)}`);
    return error.code;
  }
  return 'no error';
}
