import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import type { EmulatorStats } from './types';

export type RequestListener = (
  req: http.IncomingMessage | http2.Http2ServerRequest,
  res: http.ServerResponse | http2.Http2ServerResponse,
  resetTransport: () => void,
) => void;

export interface Transport {
  readonly port: number;
  close(): Promise<void>;
}

/** The HTTP/2 client preface starts with `PRI * HTTP/2.0`; no HTTP/1.1 method starts with "PRI". */
const H2_PREFACE = Buffer.from('PRI * HTTP/2.0');

function isHttp2(head: Buffer): boolean {
  return head.subarray(0, H2_PREFACE.length).equals(H2_PREFACE.subarray(0, Math.min(head.length, H2_PREFACE.length)));
}

/**
 * One TCP port for both protocols: h2c for the SDK's default NodeHttp2Handler, HTTP/1.1 keep-alive
 * for a NodeHttpHandler with a keep-alive agent (reference G.1).
 */
export async function listen(host: string, port: number, stats: EmulatorStats, onRequest: RequestListener): Promise<Transport> {
  const sockets = new Set<net.Socket>();
  const h1 = http.createServer({ keepAlive: true }, (req, res) => onRequest(req, res, () => resetAfterFlush(req.socket)));
  h1.keepAliveTimeout = 120_000;
  h1.headersTimeout = 125_000;
  const h2 = http2.createServer({}, (req, res) => onRequest(req, res, () => res.stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR)));

  const tcp = net.createServer((socket) => {
    stats.connections += 1;
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let head = Buffer.alloc(0);
    const sniff = (data: Buffer): void => {
      head = Buffer.concat([head, data]);
      if (head.length < H2_PREFACE.length && isHttp2(head)) return;
      socket.off('data', sniff);
      socket.pause();
      socket.unshift(head);
      const h2Connection = isHttp2(head);
      if (h2Connection) stats.h2Connections += 1;
      else stats.h1Connections += 1;
      // http2 reads the unshifted preface itself (nodejs/node#34532); HTTP/1.1 needs the socket flowing again.
      if (h2Connection) h2.emit('connection', socket);
      else {
        h1.emit('connection', socket);
        socket.resume();
      }
    };
    socket.on('data', sniff);
  });

  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(port, host, () => resolve());
  });
  const address = tcp.address();
  if (address === null || typeof address === 'string') throw new Error('bedrock emulator: no TCP address');

  return {
    port: address.port,
    async close() {
      const closed = new Promise<void>((resolve) => tcp.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      h1.closeAllConnections();
      h2.close();
      await closed;
    },
  };
}

/**
 * Drops the connection once the bytes already written have left, so a client sees the frames
 * sent before a mid-stream reset and then a broken connection, as it would from a real network.
 */
function resetAfterFlush(socket: net.Socket): void {
  if (socket.writableLength === 0) setImmediate(() => socket.destroy());
  else socket.write('', () => socket.destroy());
}
