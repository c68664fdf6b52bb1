import { describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, hasChromium } from './chromium';

// Without chromium the browser tests say so and skip; on CI that would hide them, so there it fails.
describe('chromium for the browser tests', () => {
  it.runIf(process.env.CI === 'true')('is installed on CI', () => {
    expect(hasChromium, `no chromium at ${CHROMIUM_PATH}: apt-get install chromium, or set CHROMIUM_PATH`).toBe(true);
  });
});
