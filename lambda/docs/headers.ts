import type { JsonSchema } from './schemas';

/** A response header's documentation: a string with this description. */
export const headerDoc = (description: string): JsonSchema => ({ description, schema: { type: 'string' } });

/** `components.headers`: the response headers every response carries. */
export const HEADER_COMPONENTS: Readonly<Record<string, JsonSchema>> = {
  RequestId: headerDoc("The id of this request in the proxy's log line."),
};

/** The handler sends the Lambda request id on every response, errors and streams included. */
export const REQUEST_ID = { 'x-request-id': { $ref: '#/components/headers/RequestId' } } as const;
