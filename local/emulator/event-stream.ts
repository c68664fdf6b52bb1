import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import type { JsonObject, StreamExceptionMember } from './types';

// Framing: reference E.4 (application/vnd.amazon.eventstream).
const codec = new EventStreamCodec(toUtf8, fromUtf8);

function stringHeader(value: string): { type: 'string'; value: string } {
  return { type: 'string', value };
}

function json(payload: JsonObject): Uint8Array {
  return fromUtf8(JSON.stringify(payload));
}

export function eventFrame(eventType: string, payload: JsonObject | Uint8Array): Uint8Array {
  return codec.encode({
    headers: {
      ':event-type': stringHeader(eventType),
      ':content-type': stringHeader('application/json'),
      ':message-type': stringHeader('event'),
    },
    body: payload instanceof Uint8Array ? payload : json(payload),
  });
}

/** A modeled exception: the SDK throws the typed error out of the `for await` loop. */
export function exceptionFrame(member: StreamExceptionMember, payload: JsonObject): Uint8Array {
  return codec.encode({
    headers: {
      ':exception-type': stringHeader(member),
      ':content-type': stringHeader('application/json'),
      ':message-type': stringHeader('exception'),
    },
    body: json(payload),
  });
}

/** An unmodeled error: the SDK throws a plain Error named after the code. */
export function errorFrame(code: string, message: string): Uint8Array {
  return codec.encode({
    headers: {
      ':error-code': stringHeader(code),
      ':error-message': stringHeader(message),
      ':message-type': stringHeader('error'),
    },
    body: new Uint8Array(0),
  });
}
