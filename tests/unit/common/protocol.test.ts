// The protocol's schemas are the server's first line of defence: what they accept and refuse.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { requestSchemas } from '../../../common/protocol.ts';
import { isAppError } from '../../../common/errors.ts';

describe('request schemas', () => {
  it('accept well-formed requests', () => {
    assert.ok(requestSchemas.join.safeParse({ token: 'abcdefghijkl.mnop' }).success);
    assert.ok(requestSchemas.createTransport.safeParse({ direction: 'recv' }).success);
    assert.ok(
      requestSchemas.produce.safeParse({
        transportId: 't1',
        kind: 'audio',
        rtpParameters: { codecs: [] },
        source: 'mic',
      }).success,
    );
    assert.ok(requestSchemas.setConsumerVisible.safeParse({ consumerId: 'c', visible: true, layer: 'high' }).success);
    assert.ok(requestSchemas.leave.safeParse({}).success);
  });

  it('refuse missing, extra, mistyped and oversized fields', () => {
    assert.equal(requestSchemas.join.safeParse({}).success, false);
    assert.equal(requestSchemas.join.safeParse({ token: 'short' }).success, false);
    assert.equal(requestSchemas.join.safeParse({ token: 'x'.repeat(5000) }).success, false);
    assert.equal(requestSchemas.join.safeParse({ token: 'abcdefghijkl', role: 'chair' }).success, false);
    assert.equal(requestSchemas.createTransport.safeParse({ direction: 'both' }).success, false);
    assert.equal(
      requestSchemas.produce.safeParse({ transportId: 't', kind: 'audio', rtpParameters: [], source: 'mic' }).success,
      false,
    );
    assert.equal(
      requestSchemas.produce.safeParse({ transportId: 't', kind: 'audio', rtpParameters: {}, source: 'speaker' })
        .success,
      false,
    );
    assert.equal(requestSchemas.setProducerPaused.safeParse({ producerId: 'p', paused: 'yes' }).success, false);
    assert.equal(requestSchemas.leave.safeParse(null).success, false);
    assert.equal(requestSchemas.resumeConsumer.safeParse({ consumerId: '' }).success, false);
  });

  it('recognise error values by their code', () => {
    assert.ok(isAppError({ code: 'forbidden', detail: 'x' }));
    assert.equal(isAppError({ code: 'nonsense', detail: 'x' }), false);
    assert.equal(isAppError(null), false);
  });
});
