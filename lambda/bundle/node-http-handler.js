/**
 * Stands in for `@smithy/node-http-handler` inside the Lambda bundle only (the `alias` in
 * lib/bundling.ts); local runs and tests use the real package. Plain JavaScript, because it
 * re-exports one of the package's own ES modules by its path (the alias would rewrite the
 * package's name) and TypeScript has no types at that path; node-http-handler.d.ts gives them.
 *
 * Why: the Bedrock Runtime client's default request handler is the SDK's HTTP/2 one, so the
 * client's runtime config imports it, and with it `node:http2`, which Node 24 takes 6–8 ms of a
 * cold start to load (BENCHMARKS.md, "Cold start"). This function never opens an HTTP/2
 * connection: lambda/bedrock-client.ts gives the Bedrock client a keep-alive HTTP/1.1 handler,
 * and the Secrets Manager client's default is HTTP/1.1. So the HTTP/1.1 handler here is the
 * package's own, and `NodeHttp2Handler.create`, the one use the SDK makes of the HTTP/2 class,
 * hands back the handler a client was given, as the real one does; asked to build an HTTP/2
 * handler, it throws instead.
 */

export { streamCollector } from '@smithy/core/serde';
export {
  DEFAULT_REQUEST_TIMEOUT,
  NodeHttpHandler,
} from '../../node_modules/@smithy/node-http-handler/dist-es/node-http-handler.js';

export const NodeHttp2Handler = {
  create(instanceOrOptions) {
    if (typeof instanceOrOptions?.handle === 'function') return instanceOrOptions;
    throw new Error(
      'The HTTP/2 request handler is not in the Lambda bundle (lambda/bundle/node-http-handler.js): give the client a requestHandler.',
    );
  },
};
