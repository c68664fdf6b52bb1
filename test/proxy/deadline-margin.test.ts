import { describe, it } from 'vitest';
import { expectDeadlineBeforeFirstEvent } from '../support/deadline';
import { useLocalProxy } from '../support/proxy';

// No safety margin: the request's own deadline fires at the function's timeout (1.5 s). Middy's
// early timeout, 5 ms before it, used to win that race and answer 500 internal_error.
const proxy = useLocalProxy({ DEADLINE_MARGIN_MS: '0' }, { timeoutMs: 1500 });

describe('DEADLINE_MARGIN_MS=0', () => {
  it('still answers the deadline as a 504 deadline_exceeded and cancels Bedrock', async () => {
    await expectDeadlineBeforeFirstEvent(proxy);
  });
});
