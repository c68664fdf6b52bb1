import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';

export interface TlsFront {
  /** `https://127.0.0.1:<port>`, to set as AWS_ENDPOINT_URL_BEDROCK_RUNTIME. */
  readonly url: string;
  /** The self-signed certificate, for NODE_EXTRA_CA_CERTS. */
  readonly caFile: string;
  close(): Promise<void>;
}

/**
 * HTTPS in front of the emulator, for the cold starts that reach it as a Lambda function reaches
 * Bedrock: the first request loads Node's TLS stack and root certificates and runs a handshake,
 * and the SDK, which imports `node:http` itself only for an `http://` endpoint, never does. The
 * certificate is a self-signed RSA 2048 one for 127.0.0.1 (as Bedrock's are RSA 2048), made with
 * `openssl` in `dir`; the cold processes trust it through NODE_EXTRA_CA_CERTS. Each TLS
 * connection is piped to the emulator over plain TCP on loopback.
 */
export async function startTlsFront(emulatorUrl: string, dir: string): Promise<TlsFront> {
  mkdirSync(dir, { recursive: true });
  const keyFile = path.join(dir, 'key.pem');
  const caFile = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      caFile,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  const upstream = new URL(emulatorUrl);
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket): void => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const server = tls.createServer({ key: readFileSync(keyFile), cert: readFileSync(caFile) }, (client) => {
    const origin = net.connect(Number(upstream.port), upstream.hostname);
    track(client);
    track(origin);
    client.on('error', () => origin.destroy());
    origin.on('error', () => client.destroy());
    client.pipe(origin).pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    caFile,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
