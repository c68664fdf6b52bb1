import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FunctionUrlRequestEvent, functionUrlEvent, inMemoryEvent, requestTarget, requestTime } from '../../local/runtime/event';

// The event the local server builds from a real request on loopback, against the example event
// of AWS's "Invoking Lambda function URLs" (reference A.4).
let server: http.Server;
let last: FunctionUrlRequestEvent | undefined;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      last = functionUrlEvent(requestTarget(req.url) as URL, req, Buffer.concat(chunks), 'id');
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function send(path: string, rawHeaders: string[], body?: Buffer | string): Promise<FunctionUrlRequestEvent> {
  last = undefined;
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    // Headers given as a raw list get no Host of Node's own.
    const headers = ['host', `127.0.0.1:${port}`, ...rawHeaders];
    const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', headers }, (res) => {
      res.resume();
      res.on('end', () => (last ? resolve(last) : reject(new Error('no event'))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the payload 2.0 event of the local Function URL', () => {
  it('has the documented fields, repeated values joined with "," and the time in the log format', async () => {
    const before = Date.now();
    const event = await send(
      '/my/path?parameter1=value1&parameter1=value2&parameter2=value',
      ['content-type', 'text/plain', 'header2', 'value1', 'header2', 'value2', 'cookie', 'cookie1; cookie2', 'user-agent', 'agent'],
      'Hello from client!',
    );
    const after = Date.now();
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/my/path',
      rawQueryString: 'parameter1=value1&parameter1=value2&parameter2=value',
      cookies: ['cookie1', 'cookie2'],
      headers: { header2: 'value1,value2', 'user-agent': 'agent' },
      queryStringParameters: { parameter1: 'value1,value2', parameter2: 'value' },
      requestContext: {
        http: { method: 'POST', path: '/my/path', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'agent' },
        requestId: 'id',
        routeKey: '$default',
        stage: '$default',
      },
      body: 'Hello from client!',
      pathParameters: null,
      isBase64Encoded: false,
      stageVariables: null,
    });
    expect(event.headers.cookie).toBeUndefined();
    const { time, timeEpoch } = event.requestContext;
    expect(time).toMatch(/^\d{2}\/(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(timeEpoch).toBeGreaterThanOrEqual(before);
    expect(timeEpoch).toBeLessThanOrEqual(after);
    // The same instant, to the second.
    const [, day, month, year, clock] = /^(\d{2})\/(\w{3})\/(\d{4}):(\S+) /.exec(time) ?? [];
    expect(Date.parse(`${day} ${month} ${year} ${clock} GMT`)).toBe(Math.floor(timeEpoch / 1000) * 1000);
  });

  it('sends a binary body as base64', async () => {
    const bytes = Buffer.from([0, 255, 1, 254]);
    const event = await send('/x', ['content-type', 'application/octet-stream'], bytes);
    expect(event).toMatchObject({ body: bytes.toString('base64'), isBase64Encoded: true, pathParameters: null, stageVariables: null });
    expect(event.queryStringParameters).toBeUndefined();
  });

  it('writes the time with a two-digit day and a 24-hour clock in UTC', () => {
    expect(requestTime(new Date(Date.UTC(2020, 2, 12, 19, 3, 58)))).toBe('12/Mar/2020:19:03:58 +0000');
    expect(requestTime(new Date(Date.UTC(2026, 0, 1, 0, 0, 0, 999)))).toBe('01/Jan/2026:00:00:00 +0000');
  });
});

describe('inMemoryEvent: a request with no socket (the benchmark, the RIC check, tests)', () => {
  it('with a body: a JSON content type unless one is given, its length in bytes, the host from the URL', () => {
    const url = new URL('https://abc.lambda-url.us-east-1.on.aws/chat?a=1');
    expect(inMemoryEvent('POST', url, {}, '{}', 'id').headers).toEqual({
      'content-type': 'application/json',
      'content-length': '2',
      host: 'abc.lambda-url.us-east-1.on.aws',
    });
    const event = inMemoryEvent('POST', url, { 'x-api-key': 'k', 'content-type': 'application/json; charset=utf-8' }, '{"é":1}', 'id');
    expect(event.headers).toEqual({
      'content-type': 'application/json; charset=utf-8',
      'content-length': '8', // bytes: the string is 7 characters
      host: 'abc.lambda-url.us-east-1.on.aws',
      'x-api-key': 'k',
    });
    expect(event).toMatchObject({ rawPath: '/chat', rawQueryString: 'a=1', body: '{"é":1}', isBase64Encoded: false });
    expect(event.requestContext).toMatchObject({
      domainName: 'abc.lambda-url.us-east-1.on.aws',
      domainPrefix: 'abc',
      requestId: 'id',
      http: { method: 'POST', path: '/chat', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1' },
    });
  });

  it('without a body: no body, and no content type or length', () => {
    const event = inMemoryEvent('GET', new URL('http://localhost/health'), { authorization: 'Bearer k' }, undefined, 'id');
    expect(event.headers).toEqual({ host: 'localhost', authorization: 'Bearer k' });
    expect(event).not.toHaveProperty('body');
    expect(event.isBase64Encoded).toBe(false);
  });
});
