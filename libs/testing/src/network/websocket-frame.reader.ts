/** One WebSocket frame as it crossed the wire: `raw` to forward as is, `payload` unmasked to read. */
export interface WebSocketFrame {
  opcode: number;
  payload: Buffer;
  raw: Buffer;
}

/**
 * Cuts a byte stream into WebSocket frames (RFC 6455 §5.2), unmasking client frames, so a test
 * proxy can read engine.io packets (`3probe`, `42/tasks,["task:resume",...]`) and forward, drop
 * or cut after them. Enough for socket.io's unfragmented, uncompressed frames.
 */
export class WebSocketFrameReader {
  private pending: Buffer = Buffer.alloc(0);

  /** Adds `chunk`; returns every frame now complete, in order. */
  push(chunk: Buffer): WebSocketFrame[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: WebSocketFrame[] = [];
    for (;;) {
      const frame = this.next();
      if (!frame) return frames;
      frames.push(frame);
    }
  }

  private next(): WebSocketFrame | undefined {
    const bytes = this.pending;
    if (bytes.length < 2) return undefined;
    const masked = (bytes[1]! & 0x80) !== 0;
    let length = bytes[1]! & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (bytes.length < 4) return undefined;
      length = bytes.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (bytes.length < 10) return undefined;
      length = Number(bytes.readBigUInt64BE(2));
      offset = 10;
    }
    const maskAt = offset;
    if (masked) offset += 4;
    if (bytes.length < offset + length) return undefined;
    const payload = Buffer.from(bytes.subarray(offset, offset + length));
    if (masked) for (let i = 0; i < payload.length; i++) payload[i]! ^= bytes[maskAt + (i % 4)]!;
    const raw = bytes.subarray(0, offset + length);
    this.pending = bytes.subarray(offset + length);
    return { opcode: bytes[0]! & 0x0f, payload, raw };
  }
}

/** A masked text frame from the client side (mask key 0: the payload reads as it is). */
export function clientTextFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  if (payload.length >= 126) throw new RangeError('clientTextFrame: payloads under 126 bytes only');
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length, 0, 0, 0, 0]), payload]);
}
