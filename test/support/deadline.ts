import { expect } from 'vitest';
import type { Emulator } from '../../local/emulator';
import { bodyOf, postJson } from './http';

/**
 * Sends a stream request Bedrock never answers (Llama streams have no opening event, and the
 * shut gate holds the first chunk) and expects the request's deadline to end it: a 504
 * deadline_exceeded, with the Bedrock call cancelled.
 */
export async function expectDeadlineBeforeFirstEvent(proxy: { readonly url: string; readonly emulator: Emulator }): Promise<void> {
  const gate = proxy.emulator.gate({ initial: 0 });
  const aborted = proxy.emulator.waitForAbort();
  const response = await postJson(`${proxy.url}/chat`, { model: 'meta.llama3-1-8b-instruct-v1:0', payload: { prompt: 'x' }, stream: true });
  expect(response.status).toBe(504);
  expect(await bodyOf(response)).toMatchObject({ error: { type: 'timeout_error', code: 'deadline_exceeded' } });
  await aborted;
  gate.release();
}
