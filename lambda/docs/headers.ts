import type { JsonSchema } from './schemas';

/** `components.headers`: the response headers every response carries. */
export const HEADER_COMPONENTS: Readonly<Record<string, JsonSchema>> = {
  RequestId: { description: "The id of this request in the proxy's log line.", schema: { type: 'string' } },
};

/** The handler sends the Lambda request id on every response, errors and streams included. */
export const REQUEST_ID = { 'x-request-id': { $ref: '#/components/headers/RequestId' } } as const;
