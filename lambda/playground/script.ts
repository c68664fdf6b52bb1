/**
 * The playground's browser script: plain JavaScript (no build step, no framework) so a reader can
 * copy `readEvents` and `send` into their own app. It talks to /v1/chat/completions with
 * `stream: true` and `stream_options.include_usage`, reads the server-sent events with a
 * ReadableStream reader, and writes model output only through textContent.
 */
export const PLAYGROUND_SCRIPT = String.raw`'use strict';
(() => {
  const KEY_STORAGE = 'bedrock-proxy.api-key';
  const $ = (id) => document.getElementById(id);
  const keyInput = $('api-key');
  const notice = $('notice');
  const chatModel = $('chat-model');
  const embedModel = $('embed-model');
  const historyList = $('history');
  const prompt = $('prompt');
  const sendButton = $('send');
  const stopButton = $('stop');
  const stats = $('stats');

  /** The conversation as the API takes it: {role, content} turns. */
  let turns = [];
  /** The request in flight; New chat drops it, and the request then leaves the page alone. */
  let controller = null;

  class Failure extends Error {}

  keyInput.value = localStorage.getItem(KEY_STORAGE) || '';
  keyInput.addEventListener('change', () => {
    const key = keyInput.value.trim();
    if (key) localStorage.setItem(KEY_STORAGE, key);
    else localStorage.removeItem(KEY_STORAGE);
    showNotice('');
    loadModels();
  });

  function authHeaders() {
    const key = keyInput.value.trim();
    return key ? { authorization: 'Bearer ' + key } : {};
  }

  function showNotice(text) {
    notice.textContent = text;
    notice.hidden = !text;
  }

  /** A failed response as a sentence a person can act on; the body is the proxy's {error: {...}}. */
  async function describeFailure(response) {
    let message = '';
    try {
      const body = await response.json();
      message = (body && body.error && body.error.message) || '';
    } catch {
      // Not JSON (a gateway in between, say): the status alone has to do.
    }
    const retry = response.headers.get('retry-after');
    switch (response.status) {
      case 401:
        return 'The API key was refused (401). Enter a valid key above; it is kept in this browser only.';
      case 403:
        return 'Not allowed (403): ' + (message || 'this key may not use this model.');
      case 429:
        return 'Too many requests (429): ' + (message || 'Bedrock is throttling.') + (retry ? ' Retry in ' + retry + ' s.' : '');
      default:
        return 'The request failed (' + response.status + '): ' + (message || response.statusText || 'no details.');
    }
  }

  function failureMessage(error) {
    if (error instanceof Failure) return error.message;
    if (error instanceof TypeError) return 'Network error: the proxy could not be reached (' + error.message + ').';
    return 'Unexpected error: ' + error.message;
  }

  async function loadModels() {
    let ids = [];
    try {
      const response = await fetch('v1/models', { headers: authHeaders() });
      if (!response.ok) throw new Failure(await describeFailure(response));
      ids = (await response.json()).data.map((model) => model.id);
    } catch (error) {
      showNotice(failureMessage(error));
    }
    const embedding = ids.filter((id) => /embed/i.test(id));
    const chat = ids.filter((id) => !/embed/i.test(id));
    fillSelect(chatModel, chat.length > 0 ? chat : ids);
    fillSelect(embedModel, embedding.length > 0 ? embedding : ids);
  }

  function fillSelect(select, ids) {
    const previous = select.value;
    const options = ids.map((id) => new Option(id, id, false, id === previous));
    // Without a list, the request leaves model out and the deployment's default answers.
    select.replaceChildren(...(options.length > 0 ? options : [new Option('(deployment default)', '')]));
  }

  function addMessage(role, text) {
    const item = document.createElement('li');
    item.className = 'message ' + role;
    const who = document.createElement('span');
    who.className = 'who';
    who.textContent = role === 'user' ? 'You' : 'Model';
    const body = document.createElement('div');
    body.className = 'text';
    body.textContent = text;
    item.append(who, body);
    historyList.append(item);
    item.scrollIntoView({ block: 'end' });
    return item;
  }

  function setBusy(busy) {
    sendButton.disabled = busy;
    stopButton.disabled = !busy;
  }

  /**
   * Reads a server-sent-event body and calls onData with each event's parsed JSON, as the bytes
   * arrive. Returns true when the stream ended with OpenAI's [DONE], false when it just ended.
   */
  async function readEvents(body, onData) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return false;
        buffered += value;
        let end = buffered.indexOf('\n\n');
        while (end >= 0) {
          const event = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          for (const line of event.split('\n')) {
            if (!line.startsWith('data: ')) continue;
            const data = line.slice(6);
            if (data === '[DONE]') return true;
            onData(JSON.parse(data));
          }
          end = buffered.indexOf('\n\n');
        }
      }
    } finally {
      // Stops the download when onData threw or [DONE] came early; a no-op on an ended stream.
      reader.cancel().catch(() => {});
    }
  }

  function formatStats(started, firstAt, endedAt, usage) {
    const parts = [];
    if (firstAt !== undefined) parts.push('first token ' + Math.round(firstAt - started) + ' ms');
    if (usage) {
      const seconds = (endedAt - (firstAt === undefined ? started : firstAt)) / 1000;
      if (seconds > 0) parts.push((usage.completion_tokens / seconds).toFixed(1) + ' tokens/s');
      parts.push(usage.prompt_tokens + ' in + ' + usage.completion_tokens + ' out tokens');
    }
    return parts.join(' · ');
  }

  async function send(text) {
    const system = $('system').value.trim();
    const model = chatModel.value;
    turns.push({ role: 'user', content: text });
    const question = addMessage('user', text);
    const reply = addMessage('assistant', '');
    const output = reply.querySelector('.text');
    reply.dataset.state = 'waiting';
    showNotice('');
    stats.textContent = '';
    setBusy(true);
    const own = new AbortController();
    controller = own;
    const started = performance.now();
    let firstAt;
    let usage;
    let answer = '';
    try {
      const messages = (system ? [{ role: 'system', content: system }] : []).concat(turns);
      const request = { messages, stream: true, stream_options: { include_usage: true } };
      if (model) request.model = model;
      const response = await fetch('v1/chat/completions', {
        method: 'POST',
        headers: Object.assign({ 'content-type': 'application/json' }, authHeaders()),
        body: JSON.stringify(request),
        signal: own.signal,
      });
      if (!response.ok) throw new Failure(await describeFailure(response));
      reply.dataset.state = 'streaming';
      const complete = await readEvents(response.body, (event) => {
        if (event.error) throw new Failure('The answer was cut off: ' + event.error.message);
        const delta = event.choices[0] && event.choices[0].delta.content;
        if (delta) {
          if (firstAt === undefined) firstAt = performance.now();
          answer += delta;
          output.textContent = answer;
        }
        if (event.usage) usage = event.usage;
      });
      if (!complete) throw new Failure('The connection closed before the answer was complete.');
      // An empty turn is refused (Bedrock takes none); the next question then joins this one.
      if (answer) turns.push({ role: 'assistant', content: answer });
      reply.dataset.state = 'done';
      stats.textContent = formatStats(started, firstAt, performance.now(), usage);
    } catch (error) {
      // New chat abandoned this exchange: its question and partial answer belong to no conversation.
      if (controller !== own) return;
      const stopped = error.name === 'AbortError';
      if (answer) {
        // Keep what arrived, so the conversation can go on from it.
        turns.push({ role: 'assistant', content: answer });
        reply.dataset.state = stopped ? 'stopped' : 'error';
      } else {
        // Nothing arrived: forget the question and give it back for another try.
        turns.pop();
        question.remove();
        reply.remove();
        if (!prompt.value) prompt.value = text;
      }
      if (stopped) stats.textContent = 'Stopped.';
      else showNotice(failureMessage(error));
    } finally {
      if (controller === own) {
        controller = null;
        setBusy(false);
      }
    }
  }

  $('chat-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = prompt.value.trim();
    if (!text || controller) return;
    prompt.value = '';
    send(text);
  });
  prompt.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      $('chat-form').requestSubmit();
    }
  });
  stopButton.addEventListener('click', () => controller && controller.abort());
  $('clear').addEventListener('click', () => {
    if (controller) controller.abort();
    controller = null;
    setBusy(false);
    turns = [];
    historyList.replaceChildren();
    stats.textContent = '';
    showNotice('');
  });

  $('embed-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = $('embed');
    button.disabled = true;
    showNotice('');
    try {
      const request = { input: $('embed-text').value };
      if (embedModel.value) request.model = embedModel.value;
      const response = await fetch('v1/embeddings', {
        method: 'POST',
        headers: Object.assign({ 'content-type': 'application/json' }, authHeaders()),
        body: JSON.stringify(request),
      });
      if (!response.ok) throw new Failure(await describeFailure(response));
      const result = await response.json();
      const vector = result.data[0].embedding;
      $('embed-dimensions').textContent = String(vector.length);
      $('embed-meta').textContent =
        '· ' + result.model + ' · ' + result.usage.prompt_tokens + ' tokens · cache ' + (response.headers.get('x-cache') || 'n/a');
      $('embed-values').replaceChildren(
        ...vector.slice(0, 8).map((value) => {
          const item = document.createElement('li');
          item.textContent = value.toFixed(6);
          return item;
        }),
      );
      $('embed-result').hidden = false;
    } catch (error) {
      showNotice(failureMessage(error));
    } finally {
      button.disabled = false;
    }
  });

  for (const tab of document.querySelectorAll('[role=tab]')) {
    tab.addEventListener('click', () => {
      for (const other of document.querySelectorAll('[role=tab]')) {
        const selected = other === tab;
        other.setAttribute('aria-selected', String(selected));
        $(other.getAttribute('aria-controls')).hidden = !selected;
      }
    });
  }

  loadModels();
})();
`;
