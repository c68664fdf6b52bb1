/** InvokeModel's input for a JSON request body, as /chat's raw payloads and the embedding calls send it. */
export function jsonInvokeInput(model: string, body: unknown) {
  return {
    modelId: model,
    contentType: 'application/json',
    accept: 'application/json',
    body: new TextEncoder().encode(JSON.stringify(body)),
  };
}
