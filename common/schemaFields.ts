// Zod building blocks shared by the protocol's groups of request schemas (protocol.ts and media.ts), so that an id
// or an empty payload is checked the same way in every request.
import { z } from 'zod';

/** An id of ours or mediasoup's: a participant, peer, producer, consumer, transport, document, vote. */
export const id = z.string().min(1).max(100);

/** A request without parameters; anything sent along is refused. */
export const empty = z.object({}).strict();

// mediasoup's parameter objects are validated deeply by mediasoup itself on the server; at the edge we check shape
// and size so that nothing unexpected reaches it.
export const looseObject = z.record(z.string(), z.unknown());
