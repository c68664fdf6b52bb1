import { describe, expect, it } from 'vitest';
import { allNdjson, postJson } from '../support/http';
import { useLocalProxy } from '../support/proxy';
import { captureStdout } from '../support/stdout';

const proxy = useLocalProxy({ LOG_CONTENT: 'true', POWERTOOLS_LOG_LEVEL: 'INFO' });

describe('LOG_CONTENT=true', () => {
  it('adds the prompt and the completion to the request line', async () => {
    const lines = await captureStdout(async () => {
      const body = { model: 'anthropic.claude-3-haiku-20240307-v1:0', messages: [{ role: 'user', content: 'log me' }], stream: true };
      await allNdjson(await postJson(`${proxy.url}/chat`, body));
    }, 1);
    const line = lines.find((entry) => entry.message === 'request');
    expect(line?.prompt).toContain('log me');
    expect(line?.completion).toBe('Hello from the Bedrock emulator. You said: log me');
  });

  it.each([false, true])('logs a JSON-mode answer, a tool input, as the completion (stream %s)', async (stream) => {
    const lines = await captureStdout(async () => {
      const body = {
        model: 'anthropic.claude-3-haiku-20240307-v1:0',
        messages: [{ role: 'user', content: 'as JSON' }],
        response_format: { type: 'json_object' },
        stream,
      };
      await (await postJson(`${proxy.url}/v1/chat/completions`, body)).text();
    }, 1);
    const line = lines.find((entry) => entry.message === 'request');
    expect(line).toMatchObject({ stopReason: 'tool_use' });
    expect(JSON.parse(line?.completion as string)).toEqual({});
  });
});
