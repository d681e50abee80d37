/**
 * Yjs on the wire, in plain Java: the lib0 encoding ({@link io.switchboard.yjs.Lib0Decoder},
 * {@link io.switchboard.yjs.Lib0Encoder}), the v1 update format ({@link io.switchboard.yjs.YUpdateCodec}
 * and its model), the operations a relay server needs ({@link io.switchboard.yjs.YUpdates}: merge, diff,
 * state vector, validate) and y-websocket messages ({@link io.switchboard.yjs.YMessageCodec}).
 *
 * <p>Format choices:
 * <ul>
 *   <li>Only update format v1, the one y-websocket and y-protocols' sync speak. There is no document
 *       model: the server never integrates items, it only merges and slices updates.</li>
 *   <li>Merge, diff and state vector walk the bytes once ({@code StructCursor}) and copy unsliced structs
 *       verbatim, so their cost is linear in the input and no per-value objects are made. For everything
 *       yjs writes, the output equals yjs's byte for byte (the one exception is documented on
 *       {@code UpdateMerger}); for input in non-canonical lib0 (for example other encoders' number
 *       encodings) yjs would re-encode values, we keep them as they are, which decodes to the same.</li>
 *   <li>Input is checked completely as it is walked: a malformed update is refused with
 *       {@link io.switchboard.yjs.MalformedUpdateException} before any result exists. We check what yjs
 *       would choke on at every peer (bad UTF-8, JSON that {@code JSON.parse} refuses, unknown content or
 *       type refs, truncation) and refuse a few forms yjs never writes (zero-length structs, clocks beyond
 *       2^53-1, trailing bytes).</li>
 *   <li>Clocks and client ids are {@code long}s limited to 2^53-1, the integers JavaScript holds exactly.
 *       String content lengths count UTF-16 code units, as JavaScript does; Java strings use the same
 *       units, and lone surrogates are written as U+FFFD as {@code TextEncoder} does.</li>
 * </ul>
 */
package io.switchboard.yjs;
