import { describe, expect, it } from 'vitest';
import { allNdjson, ndjsonLines, postJson } from '../support/http';
import { useLocalProxy } from '../support/proxy';
import { captureStdout } from '../support/stdout';

const proxy = useLocalProxy({ POWERTOOLS_LOG_LEVEL: 'INFO' });
const claude = 'anthropic.claude-3-haiku-20240307-v1:0';

describe('concurrent invocations on the local server', () => {
  it("each log their own Lambda context, as under Lambda's runtime with AWS_LAMBDA_MAX_CONCURRENCY", async () => {
    const gate = proxy.emulator.gate({ initial: 1 });
    const ids: (string | null)[] = [];
    const lines = await captureStdout(async () => {
      // A streams and is held mid-answer while B starts and ends.
      const a = await postJson(`${proxy.url}/chat`, { model: claude, messages: [{ role: 'user', content: 'a' }], stream: true });
      const stream = ndjsonLines(a);
      await stream.next();
      await gate.waitForHold();
      const b = await postJson(`${proxy.url}/chat`, { model: claude, messages: [{ role: 'user', content: 'b' }], stream: true });
      await allNdjson(b);
      gate.release();
      for await (const _ of stream);
      ids.push(a.headers.get('x-request-id'), b.headers.get('x-request-id'));
    }, 2);

    const requests = lines.filter((line) => line.message === 'request');
    const [idA, idB] = ids;
    expect(idA).not.toBe(idB);
    expect(requests).toHaveLength(2);
    expect(requests).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ requestId: idA, function_request_id: idA }),
        expect.objectContaining({ requestId: idB, function_request_id: idB }),
      ]),
    );
  });

  it('log a client that left mid-stream with its own Lambda context', async () => {
    const gate = proxy.emulator.gate({ initial: 1 });
    const aborted = proxy.emulator.waitForAbort();
    let id: string | null = null;
    const lines = await captureStdout(async () => {
      const response = await postJson(`${proxy.url}/chat`, { model: claude, messages: [{ role: 'user', content: 'x' }], stream: true });
      id = response.headers.get('x-request-id');
      const stream = ndjsonLines(response);
      await stream.next();
      await gate.waitForHold();
      await stream.return(undefined);
      await aborted;
    }, 1);
    gate.release();
    expect(lines.filter((line) => line.message === 'request')).toEqual([
      expect.objectContaining({ requestId: id, function_request_id: id, errorType: 'client_closed_error' }),
    ]);
  });
});
