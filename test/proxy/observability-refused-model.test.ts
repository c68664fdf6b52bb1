import { describe, expect, it } from 'vitest';
import { postJson } from '../support/http';
import { useLocalProxy } from '../support/proxy';
import { captureStdout } from '../support/stdout';

const allowed = 'amazon.nova-micro-v1:0';
const proxy = useLocalProxy({ ALLOWED_MODELS: allowed, BEDROCK_MODEL_ID: allowed, POWERTOOLS_LOG_LEVEL: 'INFO' });

describe('a request refused for its model', () => {
  it.each([
    ['/chat', { model: 'anthropic.claude-3-haiku-20240307-v1:0', messages: [{ role: 'user', content: 'x' }] }],
    ['/v1/chat/completions', { model: 'anthropic.claude-3-haiku-20240307-v1:0', messages: [{ role: 'user', content: 'x' }] }],
    ['/v1/embeddings', { model: 'cohere.embed-english-v3', input: 'x' }],
  ])('%s is logged with the model it asked for', async (path, body) => {
    const lines = await captureStdout(async () => {
      const response = await postJson(`${proxy.url}${path}`, body);
      expect(response.status).toBe(403);
      await response.arrayBuffer();
    }, 1);
    const line = lines.find((entry) => entry.message === 'request');
    expect(line).toMatchObject({ status: 403, errorType: 'permission_error', model: body.model });
  });
});
