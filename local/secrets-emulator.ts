import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SecretsEmulator {
  readonly url: string;
  /** GetSecretValue calls served so far. */
  readonly reads: number;
  put(secretId: string, value: string): void;
  /** Holds every GetSecretValue answer from now on, as a stalled service would; the result lets them go. */
  hold(): () => void;
  close(): Promise<void>;
}

/**
 * Just enough of AWS Secrets Manager (awsJson1_1 `GetSecretValue`) for the real SDK, used by
 * Powertools Parameters, to read the API-key secret in tests: `AWS_ENDPOINT_URL_SECRETS_MANAGER`.
 */
export async function startSecretsEmulator(): Promise<SecretsEmulator> {
  const secrets = new Map<string, { value: string; version: string }>();
  let reads = 0;
  let held: (() => void)[] | undefined;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() });
        res.end(JSON.stringify(body));
      };
      const reply = (status: number, body: unknown) => (held ? held.push(() => send(status, body)) : send(status, body));
      if (req.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue') {
        reply(400, { __type: 'UnknownOperationException', message: 'Only GetSecretValue is emulated.' });
        return;
      }
      reads += 1;
      const { SecretId } = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { SecretId?: string };
      const secret = SecretId === undefined ? undefined : secrets.get(SecretId);
      if (!SecretId || !secret) {
        reply(400, { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." });
        return;
      }
      reply(200, {
        ARN: SecretId,
        Name: SecretId.split(':').pop(),
        SecretString: secret.value,
        VersionId: secret.version,
        VersionStages: ['AWSCURRENT'],
        CreatedDate: Math.floor(Date.now() / 1000),
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get reads() {
      return reads;
    },
    put: (secretId, value) => secrets.set(secretId, { value, version: randomUUID() }),
    hold: () => {
      held ??= [];
      return () => {
        const waiting = held ?? [];
        held = undefined;
        for (const send of waiting) send();
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
