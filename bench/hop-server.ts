/**
 * A bare HTTP hop: a Node process that forwards every request to the emulator and pipes the
 * answer back, with nothing else in the way. The floor's SDK client pointed at it measures what
 * one extra process on the path costs by itself, which the local server and Portkey both pay.
 * Bundled by bench/build.ts and started by bench/hop.ts; it reports its URL over IPC.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const target = new URL(process.argv[2] ?? '');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1000 });

const server = http.createServer((req, res) => {
  const upstream = http.request(
    { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers, agent },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => res.destroy());
  req.pipe(upstream);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.send?.({ type: 'listening', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
});
process.on('message', (message: { cmd?: string }) => {
  if (message.cmd === 'exit') process.exit(0);
});
