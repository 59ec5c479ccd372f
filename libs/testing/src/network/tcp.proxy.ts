import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { WebSocketFrameReader, type WebSocketFrame } from './websocket-frame.reader';

/** What the proxy does with new connections: pass them on, refuse them (RST), or hold them silent for ever. */
export type ProxyMode = 'open' | 'refuse' | 'blackhole';

/** What a frame hook decides: forward the frame, drop it, or forward it and then cut its connection. */
export type FrameVerdict = 'forward' | 'drop' | 'cut-after';

/** One client connection through the proxy, and its upstream. */
export interface ProxyLink {
  readonly client: Socket;
  readonly server: Socket;
  /** True once the client asked for a WebSocket upgrade on it. */
  websocket: boolean;
  /** Sends raw bytes to the server as if the client had (a frame built with `clientTextFrame`). */
  inject(bytes: Buffer): void;
}

/** A frame hook: sees each WebSocket frame of one direction, decoded. */
export type FrameHook = (frame: WebSocketFrame, text: string, link: ProxyLink) => FrameVerdict;

/**
 * A TCP proxy on 127.0.0.1, port 0, in front of a real server: it can cut every connection
 * (a network drop), refuse or black-hole new ones, and read WebSocket frames both ways to drop
 * or cut after chosen engine.io packets. Plain HTTP (long-polling) passes through untouched.
 */
export class TcpProxy {
  /** What the proxy does with the next connections. */
  mode: ProxyMode = 'open';
  /** Frames from the client to the server. */
  onClientFrame: FrameHook | undefined;
  /** Frames from the server to the client. */
  onServerFrame: FrameHook | undefined;
  private readonly links = new Set<ProxyLink>();
  private readonly held = new Set<Socket>();
  private serverPaused = false;

  private constructor(
    private readonly server: Server,
    private readonly targetPort: number,
    readonly port: number,
  ) {}

  static async start(targetPort: number): Promise<TcpProxy> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new TcpProxy(server, targetPort, (server.address() as { port: number }).port);
    server.on('connection', (socket) => proxy.accept(socket));
    return proxy;
  }

  /** The proxy's URL, to give the client. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Connections open now (held ones aside). */
  get linkCount(): number {
    return this.links.size;
  }

  /**
   * Stops reading what the server sends on every connection (new ones too), as a client that stops
   * reading does: the server's socket buffers fill, and then its own outbox. WebSocket links only
   * (a polling link's pipe would resume itself).
   */
  pauseServerToClient(): void {
    this.serverPaused = true;
    for (const link of this.links) link.server.pause();
  }

  resumeServerToClient(): void {
    this.serverPaused = false;
    for (const link of this.links) link.server.resume();
  }

  /** Cuts every connection at once, both ways, like a network going away. */
  cutAll(): void {
    for (const link of [...this.links]) cut(link);
    for (const socket of this.held) socket.destroy();
    this.held.clear();
  }

  async close(): Promise<void> {
    this.mode = 'refuse';
    this.cutAll();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private accept(client: Socket): void {
    client.on('error', () => undefined);
    if (this.mode === 'refuse') return void client.resetAndDestroy();
    if (this.mode === 'blackhole') {
      this.held.add(client);
      client.on('close', () => this.held.delete(client));
      return void client.resume(); // read and discard, answer nothing
    }
    const server = createConnection({ host: '127.0.0.1', port: this.targetPort });
    server.on('error', () => undefined);
    const link: ProxyLink = { client, server, websocket: false, inject: (bytes) => void server.write(bytes) };
    this.links.add(link);
    const forget = () => {
      this.links.delete(link);
      client.destroy();
      server.destroy();
    };
    client.on('close', forget);
    server.on('close', forget);
    this.pipe(link, client, server, () => this.onClientFrame);
    this.pipe(link, server, client, () => this.onServerFrame);
    if (this.serverPaused) server.pause();
  }

  /** Forwards `from` to `to`: raw until the HTTP head says WebSocket, then frame by frame through the hook. */
  private pipe(link: ProxyLink, from: Socket, to: Socket, hook: () => FrameHook | undefined): void {
    let head: Buffer | undefined = Buffer.alloc(0);
    const reader = new WebSocketFrameReader();
    from.on('data', (chunk: Buffer) => {
      if (head !== undefined) {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        const text = head.subarray(0, end).toString('latin1');
        if (from === link.client && /^upgrade:\s*websocket/im.test(text)) link.websocket = true;
        const rest = head.subarray(end + 4);
        to.write(head.subarray(0, end + 4));
        head = undefined;
        if (!link.websocket) {
          // Plain HTTP: no frames to read; pass everything on as it comes.
          if (rest.length > 0) to.write(rest);
          from.removeAllListeners('data');
          from.pipe(to);
          return;
        }
        chunk = rest;
        if (chunk.length === 0) return;
      }
      for (const frame of reader.push(chunk)) {
        const verdict = hook()?.(frame, frame.payload.toString('utf8'), link) ?? 'forward';
        if (verdict === 'drop') continue;
        to.write(frame.raw);
        if (verdict === 'cut-after') {
          // The frame reaches the other side, then the connection ends (FIN after the data).
          to.end();
          (to === link.client ? link.server : link.client).destroy();
          return;
        }
      }
    });
  }
}

function cut(link: ProxyLink): void {
  link.client.resetAndDestroy();
  link.server.destroy();
}
