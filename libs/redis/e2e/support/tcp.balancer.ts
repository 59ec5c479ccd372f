import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP balancer on 127.0.0.1 in front of several nodes, as nginx or a Kubernetes Service would
 * be: each new connection goes to the next backend in turn (or to the `preferred` one), and to
 * the one after when a backend refuses it (a node that stopped listening). `cutAll()` drops
 * every connection, like a network going away.
 */
export class TcpBalancer {
  /** Ports of the backends. */
  backends: number[];
  /** When set, new connections go to this port first. */
  preferred: number | undefined;
  private next = 0;
  /** Client sockets, each with its upstream. */
  private readonly links = new Map<Socket, Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
    backends: number[],
  ) {
    this.backends = backends;
  }

  static async start(backends: number[]): Promise<TcpBalancer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const balancer = new TcpBalancer(server, (server.address() as { port: number }).port, backends);
    server.on('connection', (socket) => balancer.accept(socket));
    return balancer;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  cutAll(): void {
    for (const [client, upstream] of [...this.links]) cut(client, upstream);
  }

  /** Cuts `count` connections picked at random. */
  cutRandom(count: number): void {
    const links = [...this.links];
    for (let left = Math.min(count, links.length); left > 0; left--) {
      const [client, upstream] = links.splice(Math.floor(Math.random() * links.length), 1)[0]!;
      cut(client, upstream);
    }
  }

  async close(): Promise<void> {
    this.cutAll();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private accept(client: Socket): void {
    client.on('error', () => undefined);
    client.pause();
    const order = this.order();
    const attempt = (at: number): void => {
      if (at >= order.length) return void client.destroy();
      const upstream = createConnection({ host: '127.0.0.1', port: order[at]! });
      let connected = false;
      upstream.on('error', () => (connected ? client.destroy() : attempt(at + 1)));
      upstream.once('connect', () => {
        connected = true;
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
        this.links.set(client, upstream);
        client.on('close', () => this.links.delete(client));
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    attempt(0);
  }

  private order(): number[] {
    const ports = [...this.backends];
    const start = this.next++ % Math.max(ports.length, 1);
    const rotated = [...ports.slice(start), ...ports.slice(0, start)];
    if (this.preferred === undefined || !rotated.includes(this.preferred)) return rotated;
    return [this.preferred, ...rotated.filter((port) => port !== this.preferred)];
  }
}

function cut(client: Socket, upstream: Socket): void {
  client.destroy();
  upstream.destroy();
}
