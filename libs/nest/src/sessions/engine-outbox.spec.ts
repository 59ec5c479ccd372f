import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { io } from 'socket.io-client';
import { outboxOf } from './engine-outbox';

// Fails when engine.io stops keeping a connection's unsent packets where outboxOf reads them.
describe('outboxOf', () => {
  it('counts the packets a connection has not written yet, and none once they are written', async () => {
    const http = createServer();
    const server = new Server(http);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const connected = new Promise<Socket>((resolve) => server.on('connection', resolve));
    const client = io(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { transports: ['websocket'] });
    const socket = await connected;
    try {
      expect(outboxOf(socket)).toBe(0);
      // engine.io writes the first packet at once and buffers the rest until the transport drains.
      for (let i = 0; i < 5; i++) socket.emit('tick', i);
      expect(outboxOf(socket)).toBeGreaterThanOrEqual(4);
      await new Promise<void>((resolve) => client.on('tick', (i: number) => i === 4 && resolve()));
      expect(outboxOf(socket)).toBe(0);
    } finally {
      client.close();
      await server.close();
    }
  });
});
