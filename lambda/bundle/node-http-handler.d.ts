export { DEFAULT_REQUEST_TIMEOUT, NodeHttpHandler, streamCollector } from '@smithy/node-http-handler';

/** Only `create`, handing back the handler it is given (see node-http-handler.js). */
export declare const NodeHttp2Handler: {
  create<T extends { handle: (...args: never[]) => unknown }>(instanceOrOptions: T): T;
};
