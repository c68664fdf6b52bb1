/**
 * The playground's HTML. No inline script, style or event handler (the CSP allows none), and
 * only relative URLs, so the page works from a Function URL, `npm start` or behind a path prefix.
 * The empty `data:` icon (allowed by the CSP's img-src) keeps browsers from asking for
 * /favicon.ico, a 404 logged as an error on every visit; /docs names it too.
 */
export const PLAYGROUND_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>bedrock-proxy playground</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="playground.css">
<script src="playground.js" defer></script>
</head>
<body>
<header class="bar">
  <h1>bedrock-proxy <small>playground</small></h1>
  <nav><a href="docs">API reference</a> <a href="openapi.json">openapi.json</a></nav>
  <label class="key">API key
    <input id="api-key" type="password" autocomplete="off" spellcheck="false" placeholder="only if the proxy asks for one">
  </label>
</header>
<main>
  <div class="tabs" role="tablist">
    <button type="button" role="tab" id="tab-chat" aria-controls="panel-chat" aria-selected="true">Chat</button>
    <button type="button" role="tab" id="tab-embed" aria-controls="panel-embed" aria-selected="false">Embed</button>
  </div>
  <p id="notice" class="notice" role="alert" hidden></p>

  <section id="panel-chat" class="panel" role="tabpanel" aria-labelledby="tab-chat">
    <div class="row">
      <label>Model <select id="chat-model"></select></label>
      <button type="button" id="clear" class="secondary">New chat</button>
    </div>
    <label class="block">System prompt
      <textarea id="system" rows="2" placeholder="Optional, e.g. Answer in one short paragraph."></textarea>
    </label>
    <ol id="history" class="history" aria-live="polite"></ol>
    <form id="chat-form" class="composer">
      <textarea id="prompt" rows="3" required placeholder="Ask something. Enter sends, Shift+Enter adds a line."></textarea>
      <div class="row">
        <button type="submit" id="send">Send</button>
        <button type="button" id="stop" class="secondary" disabled>Stop</button>
        <output id="stats" class="stats"></output>
      </div>
    </form>
  </section>

  <section id="panel-embed" class="panel" role="tabpanel" aria-labelledby="tab-embed" hidden>
    <form id="embed-form">
      <div class="row"><label>Model <select id="embed-model"></select></label></div>
      <label class="block">Text
        <textarea id="embed-text" rows="4" required placeholder="A sentence to embed."></textarea>
      </label>
      <div class="row"><button type="submit" id="embed">Embed</button></div>
    </form>
    <div id="embed-result" class="embed-result" hidden>
      <p><strong id="embed-dimensions"></strong> dimensions <span id="embed-meta" class="stats"></span></p>
      <p>First values:</p>
      <ol id="embed-values" class="values"></ol>
    </div>
  </section>
</main>
<footer>
  Answers stream from <code>POST /v1/chat/completions</code> (server-sent events) through plain <code>fetch</code> and a
  <code>ReadableStream</code> reader: read <a href="playground.js">playground.js</a> to copy the pattern.
</footer>
</body>
</html>
`;
