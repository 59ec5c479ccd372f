import { createServer, type Server as HttpServer } from 'node:http';
import { Socket as TcpSocket, type AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { io, type Socket as ClientSocket } from 'socket.io-client';
import { tcpSocketOf, writeFlushTogether } from './websocket-frames.reach';

// Fails when engine.io or ws stop keeping the TCP socket where Taskgate reaches it.
describe('websocket-frames.reach', () => {
  let http: HttpServer;
  let server: Server;
  let url: string;
  const clients: ClientSocket[] = [];

  beforeAll(async () => {
    http = createServer();
    server = new Server(http);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await new Promise((resolve) => server.close(resolve));
  });

  function connect(transports: string[]): Promise<Socket> {
    const connected = new Promise<Socket>((resolve) => server.once('connection', resolve));
    clients.push(io(url, { transports, reconnection: false }));
    return connected;
  }

  /** Disconnects the client of `socket` and waits until the server saw it go (no request of it outlives the spec). */
  async function leave(socket: Socket, client: ClientSocket): Promise<void> {
    const gone = new Promise((resolve) => socket.conn.once('close', resolve));
    client.disconnect();
    await gone;
  }

  it('finds the TCP socket under a WebSocket connection, and none under polling', async () => {
    const overWebSocket = await connect(['websocket']);
    expect(tcpSocketOf(overWebSocket.conn)).toBeInstanceOf(TcpSocket);
    await leave(overWebSocket, clients.at(-1)!);
    const overPolling = await connect(['polling']);
    expect(tcpSocketOf(overPolling.conn)).toBeUndefined();
    await leave(overPolling, clients.at(-1)!);
  });

  it('writes a flush of many packets whole and in order, and uncorks after the turn', async () => {
    const socket = await connect(['websocket']);
    const client = clients.at(-1)!;
    socket.conn.on('flush', function (this: object) {
      writeFlushTogether(this);
    });
    const received: number[] = [];
    const all = new Promise<void>((resolve) => client.on('n', (n: number) => received.push(n) === 500 && resolve()));
    for (let n = 0; n < 500; n++) socket.emit('n', n);
    await all;
    expect(received).toEqual(Array.from({ length: 500 }, (_, n) => n));
    expect(tcpSocketOf(socket.conn)!.writableCorked).toBe(0);
    await leave(socket, client);
  });
});
