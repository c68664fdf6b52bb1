/** Small HTTP helpers for tests that speak to the proxy over real loopback HTTP. */

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Reads an NDJSON body line by line, as the bytes arrive. */
export async function* ndjsonLines(response: Response): AsyncGenerator<Record<string, unknown>> {
  if (!response.body) return;
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of response.body) {
    buffered += decoder.decode(chunk, { stream: true });
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line.trim()) yield JSON.parse(line) as Record<string, unknown>;
      newline = buffered.indexOf('\n');
    }
  }
  if (buffered.trim()) yield JSON.parse(buffered) as Record<string, unknown>;
}

export async function allNdjson(response: Response): Promise<Record<string, unknown>[]> {
  const lines: Record<string, unknown>[] = [];
  for await (const line of ndjsonLines(response)) lines.push(line);
  return lines;
}

export function joinedText(lines: readonly Record<string, unknown>[]): string {
  return lines.map((line) => (typeof line.text === 'string' ? line.text : '')).join('');
}

/** The JSON body of a response, loosely typed for assertions. */
// biome-ignore lint/suspicious/noExplicitAny: test assertions index freely into bodies.
export async function bodyOf(response: Response): Promise<any> {
  return response.json();
}
