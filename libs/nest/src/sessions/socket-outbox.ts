import type { Socket } from 'socket.io';

/** The outbox limits of the module options. */
export interface OutboxLimits {
  /** Packets above which progress to the socket is coalesced. */
  progressBackpressure: number;
  /** Packets above which the socket counts as behind; stalled if it stays behind for `stallTimeoutMs`. */
  maxOutbox: number;
  /** Bytes above which the socket is stalled at once: the bound on what one client holds in memory. */
  maxOutboxBytes: number;
  stallTimeoutMs: number;
}

/** Who hears what an outbox sees. */
export interface OutboxOwner {
  /** The results of `ids` have left the outbox for the transport. */
  delivered(ids: readonly string[]): void;
  /** The socket has not read for `stallTimeoutMs` while behind, or holds more than `maxOutboxBytes`. */
  stalled(outbox: SocketOutbox): void;
}

/**
 * What one socket's Engine.IO connection holds that it has not written yet: every packet the
 * server sends (results, acks with or without a result, progress, list answers, pings), counted
 * from engine.io's `packetCreate` and `flush` events, in packets and bytes. A client that reads
 * drains it at once, however many packets one turn made; one that is behind and does not read
 * for `stallTimeoutMs` is stalled, as is one past `maxOutboxBytes`.
 */
export class SocketOutbox {
  packets = 0;
  bytes = 0;
  /** Results sent since the last flush: delivered once they leave for the transport. */
  private sent: string[] = [];
  private stallTimer: NodeJS.Timeout | undefined;
  private stalledOnce = false;

  constructor(
    readonly socket: Socket,
    private readonly limits: OutboxLimits,
    private readonly owner: OutboxOwner,
  ) {
    socket.conn.on('packetCreate', this.onPacket);
    socket.conn.on('flush', this.onFlush);
  }

  /** Records that the next packet carries the result of `id`. */
  carries(id: string): void {
    this.sent.push(id);
  }

  /** True while progress to this socket should be coalesced. */
  get backedUp(): boolean {
    return this.packets >= this.limits.progressBackpressure;
  }

  dispose(): void {
    clearTimeout(this.stallTimer);
    this.socket.conn.off('packetCreate', this.onPacket);
    this.socket.conn.off('flush', this.onFlush);
  }

  private readonly onPacket = (packet: { data?: unknown }): void => {
    this.packets++;
    const { data } = packet;
    if (typeof data === 'string') this.bytes += Buffer.byteLength(data);
    else if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) this.bytes += data.byteLength;
    if (this.bytes > this.limits.maxOutboxBytes) return this.stall();
    if (this.packets > this.limits.maxOutbox) this.stallTimer ??= setTimeout(() => this.stall(), this.limits.stallTimeoutMs).unref();
  };

  private readonly onFlush = (): void => {
    this.packets = 0;
    this.bytes = 0;
    clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
    if (this.sent.length === 0) return;
    const ids = this.sent;
    this.sent = [];
    this.owner.delivered(ids);
  };

  private stall(): void {
    if (this.stalledOnce) return;
    this.stalledOnce = true;
    clearTimeout(this.stallTimer);
    this.owner.stalled(this);
  }
}
