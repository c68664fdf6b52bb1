import http from 'node:http';
import type { StreamingHandler } from '../local/runtime/invoke';
import { API_KEY, messagesBody, payloadBody, portkeyBody } from './fixtures';
import type { Floor } from './floor';
import { invokeTimed } from './in-process';
import type { Timing } from './timing';
import { timedPost } from './timing';

export type FloorName = 'floor converse' | 'floor invoke';

export const AA_CONTENDER = 'floor converse again (A/A)';
export const IN_PROCESS_SDK_ALONE = 'in-process, SDK alone';
export const HOP_CONTENDER = 'floor converse via a bare HTTP hop';
export const LOCAL_SDK_ALONE = 'local server, SDK alone';
export const PORTKEY_CONTENDER = 'Portkey (OpenAI → Converse)';

export interface Contender {
  readonly name: string;
  /** The direct SDK call this contender is compared with; undefined for the floors themselves. */
  readonly floor: FloorName | undefined;
  /**
   * The row that makes the same trip with the SDK call alone in place of our handler: this row's
   * "added" minus that row's, round by round, is what our code adds.
   */
  readonly base?: string;
  run(stream: boolean): Promise<Timing>;
}

export interface Targets {
  readonly floor: Floor;
  /** The same SDK client setup, pointed at bench/hop-server.ts (its own process) instead of the emulator. */
  readonly hopFloor: Floor;
  readonly proxyUrl: string;
  /** The same local server in its own process, serving bench/entries/sdk-floor.ts instead of the production bundle. */
  readonly sdkAloneUrl: string;
  readonly handler: StreamingHandler;
  /** bench/entries/sdk-floor.ts: a streaming handler that only makes the Converse call. */
  readonly sdkAloneHandler: StreamingHandler;
  readonly portkey: { readonly url: string; readonly headers: Record<string, string> } | undefined;
}

/**
 * Everyone in the latency race. Our `messages` mode and Portkey's OpenAI chat both become Bedrock
 * Converse, so both compare with the Converse floor; our `payload` mode with the InvokeModel one.
 */
export function contenders(targets: Targets): Contender[] {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const chat = new URL('/chat', targets.proxyUrl);
  const sdkChat = new URL('/chat', targets.sdkAloneUrl);
  const auth = { 'x-api-key': API_KEY };
  const list: Contender[] = [
    { name: 'floor converse', floor: undefined, run: (stream) => targets.floor.converse(stream) },
    { name: 'floor invoke', floor: undefined, run: (stream) => targets.floor.invoke(stream) },
    // An A/A check: the floor against itself. Its "added" spread is the measurement's own noise.
    { name: AA_CONTENDER, floor: 'floor converse', run: (stream) => targets.floor.converse(stream) },
    // One more process on the path and nothing else: what the local server and Portkey pay for the hop itself.
    { name: HOP_CONTENDER, floor: 'floor converse', run: (stream) => targets.hopFloor.converse(stream) },
    {
      name: 'local server, messages',
      floor: 'floor converse',
      base: LOCAL_SDK_ALONE,
      run: (s) => timedPost(agent, chat, messagesBody(s), auth),
    },
    {
      name: 'local server, payload',
      floor: 'floor invoke',
      base: LOCAL_SDK_ALONE,
      run: (s) => timedPost(agent, chat, payloadBody(s), auth),
    },
    // The same local server and process layout around nothing but the SDK call: what of "local server" is not our handler.
    { name: LOCAL_SDK_ALONE, floor: 'floor converse', run: (s) => timedPost(agent, sdkChat, messagesBody(s), auth) },
    {
      name: 'in-process, messages',
      floor: 'floor converse',
      base: IN_PROCESS_SDK_ALONE,
      run: (s) => invokeTimed(targets.handler, messagesBody(s)),
    },
    {
      name: 'in-process, payload',
      floor: 'floor invoke',
      base: IN_PROCESS_SDK_ALONE,
      run: (s) => invokeTimed(targets.handler, payloadBody(s)),
    },
    // The same invocation harness around nothing but the SDK call: how much of "in-process" is the harness.
    { name: IN_PROCESS_SDK_ALONE, floor: 'floor converse', run: (s) => invokeTimed(targets.sdkAloneHandler, messagesBody(s)) },
  ];
  const portkey = targets.portkey;
  if (portkey) {
    const completions = new URL('/v1/chat/completions', portkey.url);
    list.push({
      name: PORTKEY_CONTENDER,
      floor: 'floor converse',
      run: (s) => timedPost(agent, completions, portkeyBody(s), portkey.headers),
    });
  }
  return list;
}
