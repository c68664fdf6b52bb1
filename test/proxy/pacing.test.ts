import { describe, expect, it } from 'vitest';
import { bodyOf, postJson } from '../support/http';
import { useLocalProxy } from '../support/proxy';

const proxy = useLocalProxy({ MAX_RETRY_ATTEMPTS: '1' });
const request = { model: 'anthropic.claude-3-haiku-20240307-v1:0', messages: [{ role: 'user', content: 'pace me' }] };

describe('pacing after a throttle (MAX_RETRY_ATTEMPTS, adaptive mode)', () => {
  it('answers callers whose turn is over 5 s away with a 429 paced at once, instead of queueing them', async () => {
    proxy.emulator.reset();
    proxy.emulator.fault({ error: 'ThrottlingException', times: 1_000, operation: 'converse' });
    // The first throttle starts the pacing: from here the instance sends at most about one call a
    // second (70% of the rate it measured, which is below 2 a second here; 0.5 at least).
    expect((await postJson(`${proxy.url}/chat`, request)).status).toBe(429);

    const responses = await Promise.all(Array.from({ length: 12 }, () => postJson(`${proxy.url}/chat`, request)));
    const answers = await Promise.all(
      responses.map(async (response) => ({
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        code: (await bodyOf(response)).error.code as string,
      })),
    );

    expect(answers.every((answer) => answer.status === 429)).toBe(true);
    const paced = answers.filter((answer) => answer.code === 'paced');
    const sent = answers.filter((answer) => answer.code === 'ThrottlingException');
    expect(paced.length + sent.length).toBe(12);
    // At that rate, with at most one or two calls in the bucket, no more than 8 turns fall within 5 s.
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.length).toBeLessThanOrEqual(8);
    for (const answer of paced) expect(Number(answer.retryAfter)).toBeGreaterThan(5);
    // Only the calls that got a turn reached Bedrock.
    expect(proxy.emulator.requests.filter((r) => r.operation === 'converse')).toHaveLength(1 + sent.length);
  });
});
