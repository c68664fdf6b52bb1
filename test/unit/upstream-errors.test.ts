import { describe, expect, it } from 'vitest';
import { bedrockFailure, CALLER_GONE, errorBody, UNREADABLE_EVENT_STREAM, upstreamError } from '../../lambda/errors';
import { requestScope } from '../../lambda/scope';

/** An error as the SDK throws it: every one carries `$metadata`, its own generic ones included. */
function sdkError<E extends Error>(error: E, name = error.name): E {
  return Object.assign(error, { name, $metadata: { httpStatusCode: 502, attempts: 1 } });
}

describe('upstreamError', () => {
  it.each([
    ['a body or event that is not JSON (SyntaxError)', sdkError(new SyntaxError('Unexpected token < in JSON')), 'invalid_upstream_body'],
    [
      'a socket closed before the headers (TimeoutError)',
      sdkError(new Error('socket hang up'), 'TimeoutError'),
      'upstream_connection_error',
    ],
    ['a stream body cut short (Error)', sdkError(new Error('Premature close')), 'upstream_connection_error'],
    ['a reset socket without $metadata', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), 'upstream_connection_error'],
  ])('is a 502 that names no JavaScript class as the code for %s', (_name, error, code) => {
    expect(upstreamError(error).statusCode).toBe(502);
    const body = errorBody(upstreamError(error));
    expect(body.error).toMatchObject({ type: 'upstream_error', code });
    expect(body.error.message).not.toContain(error.message);
  });

  it('is a 500 of the proxy, not an upstream error, when the proxy has no AWS credentials (Bedrock was never called)', async () => {
    const { CredentialsProviderError, defaultProvider } = await import('../../lambda/bundle/env-credentials');
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    const error = await defaultProvider()().catch((e: unknown) => e);
    Object.assign(process.env, saved.id && { AWS_ACCESS_KEY_ID: saved.id }, saved.secret && { AWS_SECRET_ACCESS_KEY: saved.secret });
    expect(error).toBeInstanceOf(CredentialsProviderError);
    expect(errorBody(upstreamError(error)).error).toMatchObject({ type: 'api_error', code: 'no_credentials' });
    expect(upstreamError(error).statusCode).toBe(500);
  });

  it("keeps a Bedrock error's own classification", () => {
    const throttled = upstreamError(sdkError(new Error('Too many requests'), 'ThrottlingException'));
    expect(throttled).toMatchObject({ statusCode: 429, type: 'rate_limit_error', details: { code: 'ThrottlingException' } });
  });

  it("reads an exception event a stream does not model (the wire's lower camel case) as the Bedrock error it names", () => {
    // As the SDK throws it: a plain Error named after the event's member, with no code.
    const unmodeled = Object.assign(new Error('Emulated modelTimeoutException.'), { name: 'modelTimeoutException' });
    expect(upstreamError(unmodeled)).toMatchObject({ statusCode: 504, type: 'timeout_error', details: { code: 'ModelTimeoutException' } });
    expect(upstreamError(Object.assign(new Error('x'), { name: 'constructor' }))).toMatchObject({ statusCode: 502 });
  });

  it('keeps an unmodeled stream error named after its Bedrock code', () => {
    expect(upstreamError(Object.assign(new Error('boom'), { name: 'InternalFailure' }))).toMatchObject({
      statusCode: 502,
      details: { code: 'InternalFailure' },
    });
  });

  it('reads an error marked by the event-stream reader as a body Bedrock got wrong, and the same error unmarked as a failed connection', () => {
    const thrown = () => new RangeError('Offset is outside the bounds of the DataView');
    const marked = Object.defineProperty(thrown(), UNREADABLE_EVENT_STREAM, { value: true });
    expect(upstreamError(marked)).toMatchObject({ statusCode: 502, details: { code: 'invalid_upstream_body' } });
    expect(upstreamError(thrown())).toMatchObject({ statusCode: 502, details: { code: 'upstream_connection_error' } });
  });

  it('reads an abort as the deadline', () => {
    expect(upstreamError(sdkError(new Error('aborted'), 'AbortError'))).toMatchObject({
      statusCode: 504,
      details: { code: 'deadline_exceeded' },
    });
  });
});

describe('bedrockFailure once the request was cancelled', () => {
  const aborted = (reason?: unknown) => {
    const controller = new AbortController();
    controller.abort(reason);
    return controller.signal;
  };

  it('is the deadline (504) when the deadline fired, whatever the SDK threw', () => {
    expect(bedrockFailure(sdkError(new Error('aborted'), 'AbortError'), aborted())).toMatchObject({
      statusCode: 504,
      details: { code: 'deadline_exceeded' },
    });
  });

  it('is a caller that left (499 client_closed) when the caller went away, not a timeout', () => {
    expect(bedrockFailure(sdkError(new Error('aborted'), 'AbortError'), aborted(CALLER_GONE))).toMatchObject({
      statusCode: 499,
      type: 'client_closed_error',
      details: { code: 'client_closed' },
    });
  });

  it("is what requestScope's signal says: a caller gone before the request began cancels it as gone", () => {
    const record = { onFinish: () => undefined } as unknown as Parameters<typeof requestScope>[0];
    // No deadline in this context, so no timer is left armed: only the caller can cancel.
    const context = {} as Parameters<typeof requestScope>[2];
    const scope = requestScope(record, undefined, context, 1000, aborted());
    expect(scope.signal.aborted).toBe(true);
    expect(bedrockFailure(new Error('aborted'), scope.signal)).toMatchObject({ statusCode: 499 });
  });
});
