/** The stylesheet of the playground and of /docs; system fonts, light and dark. */
export const PLAYGROUND_STYLE = `:root {
  color-scheme: light dark;
  --bg: #f7f7f8; --panel: #ffffff; --text: #1d1f23; --muted: #5f6570; --line: #dcdfe4;
  --accent: #0b63ce; --accent-text: #ffffff; --user: #e8f0fc; --danger: #b42318; --danger-bg: #fdecea;
  --get: #0a7d4f; --post: #0b63ce;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #15171a; --panel: #1e2125; --text: #e6e8eb; --muted: #9aa1ab; --line: #343840;
    --accent: #4c9aff; --accent-text: #0b1220; --user: #1d2a3d; --danger: #ff8a80; --danger-bg: #3a1d1b;
    --get: #4cc38a; --post: #4c9aff;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text); }
code, pre, textarea, select, input { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; }
a { color: var(--accent); }
.bar { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1.5rem; padding: 0.75rem 1.5rem;
  background: var(--panel); border-bottom: 1px solid var(--line); }
.bar h1 { font-size: 1.2rem; margin: 0; }
.bar h1 small { color: var(--muted); font-weight: normal; }
.bar nav { display: flex; gap: 1rem; }
.key { margin-left: auto; display: flex; align-items: center; gap: 0.5rem; color: var(--muted); }
.key input { width: 18rem; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem 1.5rem 2rem; }
footer { max-width: 60rem; margin: 0 auto; padding: 0 1.5rem 2rem; color: var(--muted); font-size: 0.85rem; }
input, select, textarea { color: inherit; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 0.4rem 0.5rem; }
textarea { width: 100%; resize: vertical; }
label { color: var(--muted); }
label.block { display: block; margin: 0.75rem 0; }
label.block textarea { margin-top: 0.25rem; color: var(--text); }
select { max-width: 32rem; }
button { font: inherit; border: 1px solid var(--accent); background: var(--accent); color: var(--accent-text);
  border-radius: 6px; padding: 0.4rem 1rem; cursor: pointer; }
button.secondary { background: transparent; color: var(--accent); }
button:disabled { opacity: 0.45; cursor: default; }
.row { display: flex; flex-wrap: wrap; align-items: center; gap: 0.75rem; margin: 0.5rem 0; }
.tabs { display: flex; gap: 0.25rem; border-bottom: 1px solid var(--line); margin-bottom: 1rem; }
.tabs button { background: transparent; color: var(--muted); border: none; border-bottom: 2px solid transparent; border-radius: 0; }
.tabs button[aria-selected="true"] { color: var(--text); border-bottom-color: var(--accent); }
.notice { background: var(--danger-bg); color: var(--danger); border: 1px solid currentColor; border-radius: 6px; padding: 0.5rem 0.75rem; }
.history { list-style: none; margin: 1rem 0; padding: 0; display: flex; flex-direction: column; gap: 0.75rem; }
.message { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 0.6rem 0.9rem; max-width: 85%; }
.message.user { align-self: flex-end; background: var(--user); }
.message .who { display: block; font-size: 0.75rem; color: var(--muted); text-transform: uppercase; letter-spacing: 0.04em; }
.message .text { white-space: pre-wrap; overflow-wrap: anywhere; }
.message[data-state="waiting"] .text::after, .message[data-state="streaming"] .text::after { content: "▍"; color: var(--accent); }
.message[data-state="stopped"] .who::after { content: " · stopped"; }
.message[data-state="error"] .who::after { content: " · cut off"; color: var(--danger); }
.composer { position: sticky; bottom: 0; background: var(--bg); padding-top: 0.5rem; }
.stats { color: var(--muted); font-size: 0.85rem; }
.values { columns: 2; font-family: ui-monospace, monospace; }
.embed-result { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 0.75rem 1rem; margin-top: 1rem; }
.docs main { max-width: 64rem; }
.docs h2 { margin-top: 2.5rem; border-bottom: 1px solid var(--line); padding-bottom: 0.25rem; }
.docs table { border-collapse: collapse; width: 100%; background: var(--panel); }
.docs td, .docs th { border: 1px solid var(--line); padding: 0.35rem 0.6rem; text-align: left; vertical-align: top; }
.operation { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 0.25rem 1.25rem 1rem; margin: 1rem 0; }
.operation h4 { margin: 1rem 0 0.25rem; }
.method { display: inline-block; min-width: 3.5rem; text-align: center; font-size: 0.8rem; border-radius: 4px; padding: 0.1rem 0.4rem;
  color: var(--panel); background: var(--get); }
.method.post { background: var(--post); }
.auth { font-size: 0.8rem; font-weight: normal; color: var(--muted); border: 1px solid var(--line); border-radius: 4px; padding: 0.05rem 0.4rem; }
.summary { font-weight: 600; }
.responses dt { font-weight: 700; }
.responses dd { margin: 0 0 0.5rem 1.5rem; }
.media-type { color: var(--muted); }
.fields, .alternatives { margin: 0.25rem 0; padding-left: 1.25rem; }
.fields li, .alternatives li { margin: 0.15rem 0; }
.field { font-weight: 700; }
.type { color: var(--get); }
.required { color: var(--danger); font-size: 0.8rem; }
.constraints, .description { color: var(--muted); }
.example { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 0.5rem; overflow-x: auto; }
`;
