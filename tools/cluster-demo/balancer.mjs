// A tiny HTTP and WebSocket balancer for the cluster demo: each request or upgrade goes to the
// next node in turn, and to the one after when a node refuses the connection (restarting).
// Long-polling works only with one node or sticky sessions: the demo's clients use WebSocket.
// Usage: import { startBalancer } from './balancer.mjs'; startBalancer(3000, [3101, 3102]).
import { createServer, request } from 'node:http';
import { connect } from 'node:net';

export function startBalancer(port, backends, log = () => undefined) {
  let next = 0;
  const order = () => {
    const start = next++ % backends.length;
    return [...backends.slice(start), ...backends.slice(0, start)];
  };

  const server = createServer((req, res) => {
    const forward = ([target, ...rest]) => {
      if (target === undefined) {
        res.writeHead(503).end('no node is up');
        return;
      }
      const upstream = request({ host: '127.0.0.1', port: target, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.once('error', (error) =>
        res.headersSent ? res.destroy() : error.code === 'ECONNREFUSED' ? forward(rest) : res.writeHead(502).end(),
      );
      req.pipe(upstream);
    };
    forward(order());
  });

  server.on('upgrade', (req, client, head) => {
    client.on('error', () => undefined);
    const attempt = ([target, ...rest]) => {
      if (target === undefined) return void client.destroy();
      const upstream = connect(target, '127.0.0.1');
      let open = false;
      upstream.on('error', () => (open ? client.destroy() : attempt(rest)));
      upstream.once('connect', () => {
        open = true;
        log(`websocket -> :${target}`);
        const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
        for (let at = 0; at < req.rawHeaders.length; at += 2) lines.push(`${req.rawHeaders[at]}: ${req.rawHeaders[at + 1]}`);
        upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
        if (head?.length) upstream.write(head);
        upstream.pipe(client).pipe(upstream);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
    };
    attempt(order());
  });

  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}
