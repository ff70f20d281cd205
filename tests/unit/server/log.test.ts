// The server's namespaced logger: its prefix, the level from LOG_LEVEL (info by default, warn under tests), and
// that it never writes to stdout, which belongs to what the server prints for people and scripts.
import { afterEach, beforeEach, describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { logger, logLevel } from '../../../server/log.ts';

/** Everything written through the console while `run` runs, by console method. */
function capture(t: TestContext, run: () => void): Record<'error' | 'warn' | 'log' | 'info', unknown[][]> {
  const written = {
    error: [] as unknown[][],
    warn: [] as unknown[][],
    log: [] as unknown[][],
    info: [] as unknown[][],
  };
  for (const method of ['error', 'warn', 'log', 'info'] as const) {
    t.mock.method(console, method, (...args: unknown[]) => void written[method].push(args));
  }
  run();
  t.mock.restoreAll();
  return written;
}

describe('server logger', () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env['LOG_LEVEL'];
  });
  afterEach(() => {
    if (saved === undefined) delete process.env['LOG_LEVEL'];
    else process.env['LOG_LEVEL'] = saved;
  });

  it('prefixes each line with its namespace and passes details on, an error with its stack', (t) => {
    process.env['LOG_LEVEL'] = 'info';
    const failure = new Error('worker died');
    const written = capture(t, () => {
      logger('sfu').info('worker started', 1234);
      logger('sfu').error('could not start a replacement worker', failure);
    });
    assert.deepEqual(written.error, [
      ['[phonghop:sfu]', 'worker started', 1234],
      ['[phonghop:sfu]', 'could not start a replacement worker', failure],
    ]);
  });

  it('prints only what LOG_LEVEL lets through, and nothing at silent', (t) => {
    const log = logger('room');
    const at = (level: string) => {
      process.env['LOG_LEVEL'] = level;
      const written = capture(t, () => {
        log.debug('d');
        log.info('i');
        log.warn('w');
        log.error('e');
      });
      return [...written.error, ...written.warn].map((args) => args[1]).sort();
    };
    assert.deepEqual(at('debug'), ['d', 'e', 'i', 'w']);
    assert.deepEqual(at('info'), ['e', 'i', 'w']);
    assert.deepEqual(at('WARN'), ['e', 'w']);
    assert.deepEqual(at('error'), ['e']);
    assert.deepEqual(at('silent'), []);
  });

  it('writes warnings with console.warn and never to stdout', (t) => {
    process.env['LOG_LEVEL'] = 'debug';
    const written = capture(t, () => {
      logger('http').debug('a');
      logger('http').info('b');
      logger('http').warn('c');
    });
    assert.deepEqual(
      written.warn.map((args) => args[1]),
      ['c'],
    );
    assert.equal(written.log.length + written.info.length, 0);
  });

  it('defaults to info, and to warn under tests; an unknown LOG_LEVEL falls back to the default', () => {
    assert.equal(logLevel({}), 'info');
    assert.equal(logLevel({ NODE_ENV: 'test' }), 'warn');
    assert.equal(logLevel({ NODE_ENV: 'test', LOG_LEVEL: 'debug' }), 'debug');
    assert.equal(logLevel({ LOG_LEVEL: 'verbose' }), 'info');
  });
});
