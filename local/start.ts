import { existsSync } from 'node:fs';
import { startLocalProxy } from './proxy';

// A .env file in the working directory configures the proxy, as it did the original (article 4.2);
// a variable already in the environment wins. It is git-ignored: it may hold credentials.
try {
  if (existsSync('.env')) process.loadEnvFile('.env');
} catch (error) {
  console.error(`bedrock-proxy did not start: .env could not be read: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

// Decimal digits only, as every number in the configuration (lambda/config.ts): Number() would
// also read "0x0c1d" or "1e3".
const portText = process.env.PORT?.trim();
const port = portText ? (/^\d+$/.test(portText) ? Number(portText) : Number.NaN) : 3000;
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`PORT must be a port number (0 to 65535), got ${JSON.stringify(process.env.PORT)}`);
  process.exit(1);
}
// Blank is unset, as for every variable: never all interfaces by accident.
const host = process.env.HOST?.trim() || '127.0.0.1';

// Powertools prints indented, readable JSON log lines locally. Its dev mode also turns Metrics'
// output off unless POWERTOOLS_METRICS_DISABLED is set, so it is set here: the EMF records are
// printed too (one line each), as they are written in AWS.
process.env.POWERTOOLS_DEV ??= 'true';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'false';
process.env.EMULATOR_CHUNK_DELAY_MS ??= '40';
// A bad setting (the error names the variable), a host that does not resolve, a port in use.
const proxy = await startLocalProxy({ host, port, log: (line) => console.error(line) }).catch((error: unknown) => {
  console.error(`bedrock-proxy did not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
const { config } = proxy;

const lines = [
  '',
  `bedrock-proxy is listening on ${proxy.url}`,
  `backend: ${proxy.backend}`,
  `default chat model: ${config.defaultModel}; default embed model: ${config.defaultEmbedModel}`,
  `playground: ${proxy.url}/   API reference: ${proxy.url}/docs`,
  '',
  'try:',
  `  curl -N ${proxy.url}/chat -H 'content-type: application/json'${config.auth.mode === 'keys' ? " -H 'authorization: Bearer YOUR_KEY'" : ''} \\`,
  `    -d '{"messages":[{"role":"user","content":"Hello"}],"stream":true}'`,
  '',
];
console.log(lines.join('\n'));
if (config.auth.mode === 'open') {
  console.warn(
    '!!! WARNING: API_KEYS is not set, so this proxy accepts requests WITHOUT any API key.\n' +
      '!!! Fine on your own machine; set API_KEYS=key1,key2 before exposing it anywhere.\n',
  );
} else if (config.auth.mode === 'closed') {
  console.warn('!!! WARNING: AUTH_MODE=api-key and no keys are set: every request gets a 401. Set API_KEYS=key1,key2.\n');
} else if (config.auth.mode === 'iam') {
  // In AWS the Function URL checks each caller's SigV4 signature before the function runs; this
  // server stands in for the URL and checks none, so nothing checks who calls.
  console.warn(
    '!!! WARNING: AUTH_MODE=iam trusts the Function URL to check callers (AWS_IAM auth), and this local\n' +
      '!!! server checks no signatures: it accepts requests WITHOUT any credentials, and API_KEYS is ignored.\n' +
      '!!! Fine on your own machine; unset AUTH_MODE and set API_KEYS before exposing it anywhere.\n',
  );
}

const stop = () => {
  void proxy.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
