/**
 * What a chunk read on first use gives (lib/bundling.ts), loaded on the first call and kept: later
 * calls skip the `import()`, which costs about 15 µs even for a module already loaded. Calls made
 * during the first load share it; a load that failed is not kept, so the next call tries again (a
 * chunk's read can fail for a reason that passes, such as EMFILE).
 */
export function onFirstUse<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}
