import { expect, it } from 'vitest';
import { onFirstUse } from '../../lambda/first-use';

it('loads once: later calls and calls made during the first load get the same value', async () => {
  let loads = 0;
  const value = onFirstUse(async () => ({ load: ++loads }));
  const [first, during] = await Promise.all([value(), value()]);
  expect(await value()).toBe(first);
  expect(during).toBe(first);
  expect(loads).toBe(1);
});

it('keeps no failed load: the next call loads again', async () => {
  let loads = 0;
  const value = onFirstUse(async () => {
    loads += 1;
    if (loads === 1) throw new Error('EMFILE: too many open files');
    return 'loaded';
  });
  await expect(value()).rejects.toThrow(/EMFILE/);
  expect(await value()).toBe('loaded');
  expect(await value()).toBe('loaded');
  expect(loads).toBe(2);
});
