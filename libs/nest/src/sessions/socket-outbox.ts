import type { Socket } from 'socket.io';
import { writeFlushTogether } from './websocket-frames.reach.js';

/** The outbox of each Engine.IO connection that has one (one socket per connection: the Taskgate namespace's). */
const outboxes = new WeakMap<object, SocketOutbox>();

function onPacket(this: object, packet: { data?: unknown }): void {
  outboxes.get(this)?.packet(packet.data);
}

function onFlush(this: object): void {
  writeFlushTogether(this);
  outboxes.get(this)?.flushed();
}

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
  /** Results sent since the last flush: delivered once they leave for the transport (made on first use). */
  private sent: string[] | undefined;
  private stallTimer: NodeJS.Timeout | undefined;
  private stalledOnce = false;

  constructor(
    readonly socket: Socket,
    private readonly limits: OutboxLimits,
    private readonly owner: OutboxOwner,
  ) {
    // Listeners shared by every connection, which find their outbox by the connection: no
    // closures per idle connection (see docs/benchmarks.md, memory per idle connection).
    outboxes.set(socket.conn, this);
    socket.conn.on('packetCreate', onPacket);
    socket.conn.on('flush', onFlush);
  }

  /** Records that the next packet carries the result of `id`. */
  carries(id: string): void {
    (this.sent ??= []).push(id);
  }

  /** True while progress to this socket should be coalesced. */
  get backedUp(): boolean {
    return this.packets >= this.limits.progressBackpressure;
  }

  dispose(): void {
    clearTimeout(this.stallTimer);
    const { conn } = this.socket;
    if (outboxes.get(conn) === this) outboxes.delete(conn);
    conn.off('packetCreate', onPacket);
    conn.off('flush', onFlush);
  }

  /**
   * A packet made for the connection. A text packet counts its length in UTF-16 units: what V8
   * holds for it, within a factor of two of its bytes of UTF-8, without a scan of each packet.
   */
  packet(data: unknown): void {
    this.packets++;
    if (typeof data === 'string') this.bytes += data.length;
    else if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) this.bytes += data.byteLength;
    if (this.bytes > this.limits.maxOutboxBytes) return this.stall();
    if (this.packets > this.limits.maxOutbox) this.stallTimer ??= setTimeout(() => this.stall(), this.limits.stallTimeoutMs).unref();
  }

  /** The connection handed what it held to its transport. */
  flushed(): void {
    this.packets = 0;
    this.bytes = 0;
    if (this.stallTimer) {
      clearTimeout(this.stallTimer);
      this.stallTimer = undefined;
    }
    const ids = this.sent;
    if (!ids?.length) return;
    this.sent = undefined;
    this.owner.delivered(ids);
  }

  private stall(): void {
    if (this.stalledOnce) return;
    this.stalledOnce = true;
    clearTimeout(this.stallTimer);
    this.owner.stalled(this);
  }
}
