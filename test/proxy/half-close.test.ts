import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { useLocalProxy } from '../support/proxy';

const proxy = useLocalProxy({});

/** Sends `raw`, closes the sending side at once (FIN), and collects what comes back. */
function halfClosed(raw: string): Promise<string> {
  const { hostname, port } = new URL(proxy.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.end(raw));
    let data = '';
    socket.on('data', (chunk) => {
      data += chunk;
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(data));
  });
}

describe('a client that half-closes after its request (local server)', () => {
  it('still gets its answer to POST /chat', async () => {
    const body = JSON.stringify({ messages: [{ role: 'user', content: 'half close' }] });
    const raw =
      `POST /chat HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`;
    const answer = await halfClosed(raw);
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    expect(answer).toContain('half close');
  });
});
