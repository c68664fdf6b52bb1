import { ERROR_RESPONSES } from './errors';
import { escapeHtml, inlineMarkup, paragraphs } from './html';
import type { OpenApiDocument } from './openapi';
import type { MediaTypeDoc, OperationDoc, ResponseDoc } from './paths';
import { schemaAnchor, schemaHtml } from './schema-html';
import type { JsonSchema } from './schemas';

const RESPONSE_REF = '#/components/responses/';

const operationsOf = (document: OpenApiDocument) =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    (['get', 'post'] as const).flatMap((method) => {
      const operation = item[method];
      return operation ? [{ path, method, operation }] : [];
    }),
  );

const method = (name: string) => `<span class="method ${name}">${name.toUpperCase()}</span>`;

type Components = Readonly<Record<string, JsonSchema>>;

function content(media: Readonly<Record<string, MediaTypeDoc>> | undefined, components: Components): string {
  return Object.entries(media ?? {})
    .map(([type, { schema, example }]) => {
      const sample = typeof example === 'string' ? `<pre class="example">${escapeHtml(example)}</pre>` : '';
      return `<div class="media"><code class="media-type">${escapeHtml(type)}</code>${schemaHtml(schema, components)}${sample}</div>`;
    })
    .join('');
}

function responses(operation: OperationDoc, components: Components): string {
  const errors: string[] = [];
  const rows: string[] = [];
  for (const [status, response] of Object.entries(operation.responses)) {
    if ('$ref' in response) {
      const name = response.$ref.slice(RESPONSE_REF.length);
      errors.push(`<a href="#error-${escapeHtml(name)}" title="${escapeHtml(name)}">${escapeHtml(status)}</a>`);
    } else {
      rows.push(responseRow(status, response, components));
    }
  }
  const errorLine = errors.length > 0 ? `<p class="errors">Errors: ${errors.join(' · ')}</p>` : '';
  return `<h4>Responses</h4><dl class="responses">${rows.join('')}</dl>${errorLine}`;
}

const responseRow = (status: string, response: ResponseDoc, components: Components): string =>
  `<dt>${escapeHtml(status)}</dt><dd><p>${inlineMarkup(response.description)}</p>${content(response.content, components)}</dd>`;

const requestBody = (body: NonNullable<OperationDoc['requestBody']>, components: Components): string =>
  `<p>${inlineMarkup(body.description)}</p>${content(body.content, components)}`;

function operationHtml(path: string, verb: string, operation: OperationDoc, components: Components): string {
  const auth = operation.security?.length === 0 ? '<span class="auth public">public</span>' : '<span class="auth">API key</span>';
  const params = (operation.parameters ?? [])
    .map((param) => `<li><code class="field">${escapeHtml(param.name)}</code> (${param.in}) ${inlineMarkup(param.description)}</li>`)
    .join('');
  return [
    `<article class="operation" id="op-${escapeHtml(operation.operationId)}">`,
    `<h3>${method(verb)} <code>${escapeHtml(path)}</code> ${auth}</h3>`,
    `<p class="summary">${inlineMarkup(operation.summary)}</p>`,
    operation.description ? `<p>${inlineMarkup(operation.description)}</p>` : '',
    params ? `<h4>Path parameters</h4><ul class="fields">${params}</ul>` : '',
    operation.requestBody ? `<h4>Request body</h4>${requestBody(operation.requestBody, components)}` : '',
    responses(operation, components),
    '</article>',
  ].join('\n');
}

/**
 * /docs: the OpenAPI document as one readable, static page (no script; styled by /playground.css;
 * an empty icon, as the playground's, so no request for /favicon.ico).
 */
export function docsPage(document: OpenApiDocument): string {
  const operations = operationsOf(document);
  const toc = operations
    .map(({ path, method: verb, operation }) => {
      const link = `<a href="#op-${escapeHtml(operation.operationId)}"><code>${escapeHtml(path)}</code></a>`;
      return `<tr><td>${method(verb)}</td><td>${link}</td><td>${inlineMarkup(operation.summary)}</td></tr>`;
    })
    .join('');
  const sections = document.tags.map((tag) => {
    const tagged = operations.filter(({ operation }) => operation.tags.includes(tag.name));
    const body = tagged
      .map(({ path, method: verb, operation }) => operationHtml(path, verb, operation, document.components.schemas))
      .join('\n');
    return `<section><h2>${escapeHtml(tag.name)}</h2><p>${inlineMarkup(tag.description)}</p>${body}</section>`;
  });
  const errors = Object.entries(ERROR_RESPONSES)
    .map(
      ([name, { status, description }]) =>
        `<tr id="error-${name}"><td>${status}</td><td>${name}</td><td>${inlineMarkup(description)}</td></tr>`,
    )
    .join('');
  const schemas = Object.entries(document.components.schemas)
    .map(([name, schema]) => `<h3 id="${escapeHtml(schemaAnchor(name))}"><code>${escapeHtml(name)}</code></h3>${schemaHtml(schema)}`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>bedrock-proxy API reference</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="playground.css">
</head>
<body class="docs">
<header class="bar"><h1>bedrock-proxy <small>API reference ${escapeHtml(document.info.version)}</small></h1>
<nav><a href="./">Playground</a> <a href="openapi.json">openapi.json</a></nav></header>
<main>
${paragraphs(document.info.description)}
<h2>Endpoints</h2>
<table class="toc"><tbody>${toc}</tbody></table>
${sections.join('\n')}
<section id="errors"><h2>Errors</h2><p>Every error body is an <a href="#${schemaAnchor('ErrorBody')}"><code>ErrorBody</code></a>.</p>
<table><thead><tr><th>Status</th><th>Name</th><th>When</th></tr></thead><tbody>${errors}</tbody></table></section>
<section id="schemas"><h2>Schemas</h2>${schemas}</section>
</main>
</body>
</html>
`;
}
