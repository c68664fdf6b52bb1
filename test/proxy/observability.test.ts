import { describe, expect, it } from 'vitest';
import { countWords, emulatorAnswer } from '../../local/emulator';
import { allNdjson, ndjsonLines, postJson } from '../support/http';
import { useLocalProxy } from '../support/proxy';
import { captureStdout } from '../support/stdout';

const proxy = useLocalProxy({ API_KEYS: 'secret-key-value', POWERTOOLS_LOG_LEVEL: 'INFO', POWERTOOLS_METRICS_DISABLED: 'false' });
const prompt = 'a very private prompt about my medical history';
const claude = 'anthropic.claude-3-haiku-20240307-v1:0';
const headers = { authorization: 'Bearer secret-key-value' };

const requestLines = (lines: Record<string, unknown>[]) => lines.filter((line) => line.message === 'request');
const emfLines = (lines: Record<string, unknown>[]) => lines.filter((line) => '_aws' in line);

describe('one structured log line and one metrics record per request', () => {
  it('logs a streamed request with its model, tokens, time to first token and stop reason', async () => {
    const lines = await captureStdout(async () => {
      await allNdjson(
        await postJson(`${proxy.url}/chat`, { model: claude, messages: [{ role: 'user', content: prompt }], stream: true }, headers),
      );
    }, 1);
    const [line, ...others] = requestLines(lines);
    expect(others).toHaveLength(0);
    expect(line).toMatchObject({
      level: 'INFO',
      route: 'POST /chat',
      status: 200,
      model: claude,
      keyName: 'key-1',
      inputTokens: countWords(prompt),
      outputTokens: emulatorAnswer(prompt).length,
      stopReason: 'end_turn',
      requestId: expect.any(String),
      latencyMs: expect.any(Number),
      timeToFirstTokenMs: expect.any(Number),
    });
    expect(line?.timeToFirstTokenMs as number).toBeLessThanOrEqual(line?.latencyMs as number);
  });

  it('never logs the prompt, the completion or the API key by default', async () => {
    const lines = await captureStdout(async () => {
      await (await postJson(`${proxy.url}/chat`, { model: claude, messages: [{ role: 'user', content: prompt }] }, headers)).arrayBuffer();
      await allNdjson(
        await postJson(`${proxy.url}/chat`, { model: claude, messages: [{ role: 'user', content: prompt }], stream: true }, headers),
      );
    }, 2);
    const text = JSON.stringify(lines);
    expect(requestLines(lines)).toHaveLength(2);
    expect(text).not.toContain('medical history');
    expect(text).not.toContain('Hello from the Bedrock emulator');
    expect(text).not.toContain('secret-key-value');
  });

  it('logs a refused request with its status and error type', async () => {
    const lines = await captureStdout(async () => {
      await (await postJson(`${proxy.url}/chat`, { model: claude, messages: [] }, headers)).arrayBuffer();
      await (await postJson(`${proxy.url}/chat`, { model: claude, messages: [] }, { authorization: 'Bearer wrong' })).arrayBuffer();
    }, 2);
    expect(requestLines(lines)).toEqual([
      expect.objectContaining({ status: 400, errorType: 'invalid_request_error' }),
      expect.objectContaining({ status: 401, errorType: 'authentication_error' }),
    ]);
  });

  it('writes EMF metrics with the token counts and latency, by model', async () => {
    const lines = await captureStdout(async () => {
      await (await postJson(`${proxy.url}/chat`, { model: claude, messages: [{ role: 'user', content: prompt }] }, headers)).arrayBuffer();
    }, 1);
    const [emf] = emfLines(lines);
    expect(emf).toMatchObject({
      model: claude,
      service: 'bedrock-proxy',
      Requests: 1,
      Errors: 0,
      InputTokens: countWords(prompt),
      OutputTokens: emulatorAnswer(prompt).length,
      Latency: expect.any(Number),
      _aws: {
        CloudWatchMetrics: [expect.objectContaining({ Namespace: 'BedrockProxy', Dimensions: [expect.arrayContaining(['model'])] })],
      },
    });
  });

  it.each([
    ['before the stream began', 'request failed', { error: 'InternalServerException' as const }],
    ['after the stream began', 'stream failed after it began', { midStream: 'internalServerException' as const, afterChunks: 1 }],
  ])('names the request on the error line of a failure %s, as on its request line', async (_when, message, fault) => {
    proxy.emulator.fault(fault);
    const lines = await captureStdout(
      async () => {
        await (
          await postJson(`${proxy.url}/chat`, { model: claude, messages: [{ role: 'user', content: 'x' }], stream: true }, headers)
        ).arrayBuffer();
      },
      1,
      { stderr: true },
    );
    const [request] = requestLines(lines);
    const errors = lines.filter((line) => line.message === message);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.requestId).toBe(request?.requestId);
    expect(request?.requestId).toEqual(expect.any(String));
  });

  it('records a refused model under the metrics dimension "none": a caller cannot create series with made-up names', async () => {
    const bogus = `made.up-model-${'x'.repeat(1500)}`;
    const lines = await captureStdout(async () => {
      await (await postJson(`${proxy.url}/chat`, { model: bogus, messages: [{ role: 'user', content: 'x' }] }, headers)).arrayBuffer();
    }, 1);
    const [request] = requestLines(lines);
    expect(request).toMatchObject({ status: 400, model: bogus });
    expect(emfLines(lines)).toEqual([
      expect.objectContaining({ model: 'none', Errors: 1, requestId: request?.requestId }),
      expect.objectContaining({ errorType: 'invalid_request_error', ErrorsByType: 1, requestId: request?.requestId }),
    ]);
  });

  it('records a caller that left mid-stream as such (status 200 as sent, errorType client_closed_error)', async () => {
    const gate = proxy.emulator.gate({ initial: 1 });
    const lines = await captureStdout(async () => {
      const response = await postJson(
        `${proxy.url}/chat`,
        { model: claude, messages: [{ role: 'user', content: 'x' }], stream: true },
        headers,
      );
      const stream = ndjsonLines(response);
      await stream.next();
      await gate.waitForHold();
      await stream.return(undefined);
    }, 1);
    gate.release();
    expect(requestLines(lines)).toEqual([expect.objectContaining({ status: 200, errorType: 'client_closed_error' })]);
    expect(emfLines(lines)).toEqual(expect.arrayContaining([expect.objectContaining({ Errors: 1 })]));
  });

  it('counts errors by type; a 4xx, a throttle included, writes no ERROR line', async () => {
    proxy.emulator.fault({ error: 'ThrottlingException' });
    const lines = await captureStdout(
      async () => {
        await (await postJson(`${proxy.url}/chat`, { model: claude, messages: [{ role: 'user', content: 'x' }] }, headers)).arrayBuffer();
      },
      1,
      { stderr: true },
    );
    expect(requestLines(lines)).toEqual([expect.objectContaining({ status: 429 })]);
    expect(lines.filter((line) => line.level === 'ERROR')).toEqual([]);
    expect(emfLines(lines)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Errors: 1, Requests: 1, requestId: requestLines(lines)[0]?.requestId }),
        expect.objectContaining({ errorType: 'rate_limit_error', ErrorsByType: 1, requestId: requestLines(lines)[0]?.requestId }),
      ]),
    );
  });
});
