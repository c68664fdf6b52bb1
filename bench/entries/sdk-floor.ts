/**
 * The CPU floor: a streaming "handler" that only makes the Bedrock call, with the same client
 * setup as lambda/bedrock-client.ts (keep-alive HTTP/1.1 agents built by the handler from their
 * options, so no `node:http` import), and writes the text out. Run in
 * the same worker as the real handler, it shows how much of the proxy's CPU is the SDK's own.
 */
import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';

interface ResponseStream {
  write(chunk: string): boolean;
  end(): void;
}

const agentOptions = { keepAlive: true, maxSockets: 1000 };
const client = new BedrockRuntimeClient({
  region: process.env.AWS_REGION,
  requestHandler: new NodeHttpHandler({ httpAgent: agentOptions, httpsAgent: agentOptions }),
});

const nextTick = () => new Promise<void>((resolve) => process.nextTick(resolve));

declare const awslambda: { streamifyResponse<T>(handler: T): T };

export const handler = awslambda.streamifyResponse(async (event: { body: string }, stream: ResponseStream) => {
  const request = JSON.parse(event.body) as { model: string; stream: boolean; messages: { role: 'user'; content: string }[] };
  const input = {
    modelId: request.model,
    messages: request.messages.map((m) => ({ role: m.role, content: [{ text: m.content }] })),
  };
  if (!request.stream) {
    const out = await client.send(new ConverseCommand(input));
    stream.write(JSON.stringify({ answer: out.output?.message?.content?.[0]?.text }));
  } else {
    const out = await client.send(new ConverseStreamCommand(input));
    for await (const event of out.stream ?? []) {
      const text = event.contentBlockDelta?.delta?.text;
      if (!text) continue;
      stream.write(`${JSON.stringify({ text })}\n`);
      // As lambda/http.ts does: Node's HTTP streams (the local server's response, the runtime's
      // request to the Runtime API) cork on write until the next tick, so without this a run of
      // events the SDK decodes at once would leave together, its first held back to the last.
      await nextTick();
    }
  }
  stream.end();
});
