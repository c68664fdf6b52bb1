import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ChatEvent, Usage } from '../chat/events';

export interface RecordSinks {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly logContent: boolean;
}

/**
 * What one request did, written as a single structured log line and one EMF metrics record when
 * it finishes: once its response has been sent in full (for a stream, after its last byte), so
 * that logging never delays the response.
 * Prompt and completion text are kept only when LOG_CONTENT=true; the API key never is.
 */
export class RequestRecord {
  private readonly startedAt = performance.now();
  private firstTokenAt: number | undefined;
  private finished = false;
  private readonly cleanups: (() => void)[] = [];
  private readonly fields: {
    model?: string;
    keyName?: string;
    inputTokens?: number;
    outputTokens?: number;
    stopReason?: string | null;
    cache?: string;
    prompt?: string;
  } = {};
  private completion = '';

  constructor(
    private readonly sinks: RecordSinks,
    readonly requestId: string,
    private readonly route: string,
  ) {}

  get logContent(): boolean {
    return this.sinks.logContent;
  }

  set(fields: Partial<RequestRecord['fields']>): void {
    Object.assign(this.fields, fields);
  }

  usage(usage: Usage, stopReason?: string | null): void {
    this.set({ inputTokens: usage.input_tokens, outputTokens: usage.output_tokens });
    if (stopReason !== undefined) this.set({ stopReason });
  }

  /** Notes a streamed event as it passes: time to first token, usage, stop reason (and the answer's text and tool input). */
  note(event: ChatEvent): void {
    if (event.type === 'text' || event.type === 'tool-delta' || event.type === 'reasoning') {
      this.firstTokenAt ??= performance.now();
      if (this.sinks.logContent && event.type !== 'reasoning') this.completion += event.type === 'text' ? event.text : event.input;
    }
    if (event.type === 'end') this.usage(event.usage, event.stopReason);
  }

  completionText(text: string): void {
    if (this.sinks.logContent) this.completion += text;
  }

  onFinish(cleanup: () => void): void {
    this.cleanups.push(cleanup);
  }

  /**
   * The model as a metrics dimension. A request refused as invalid, unauthorised or not found may
   * name any string as its model; each one would become a new CloudWatch series, so those count
   * under "none" (the log line still names the model).
   */
  private modelDimension(status: number): string {
    const { model } = this.fields;
    if (model === undefined || status === 400 || status === 403 || status === 404) return 'none';
    return model.slice(0, MAX_DIMENSION_VALUE);
  }

  /** Writes the log line and the metrics, once. */
  finish(status: number, errorType?: string): void {
    if (this.finished) return;
    this.finished = true;
    for (const cleanup of this.cleanups) cleanup();
    const latencyMs = round(performance.now() - this.startedAt);
    const ttftMs = this.firstTokenAt === undefined ? undefined : round(this.firstTokenAt - this.startedAt);
    const { prompt, ...fields } = this.fields;
    this.sinks.logger.info('request', {
      requestId: this.requestId,
      route: this.route,
      status,
      latencyMs,
      ...(ttftMs !== undefined && { timeToFirstTokenMs: ttftMs }),
      ...fields,
      ...(errorType && { errorType }),
      ...(this.sinks.logContent && { prompt, completion: this.completion }),
    });
    this.publishMetrics(status, latencyMs, ttftMs, errorType);
  }

  /**
   * One synchronous block, so concurrent requests on a local server never mix dimensions: the
   * request's record, and on an error a second one with ErrorsByType by errorType. Both carry the
   * requestId as a property (not a dimension), which ties them to each other and to the log line.
   */
  private publishMetrics(status: number, latencyMs: number, ttftMs: number | undefined, errorType: string | undefined): void {
    const { metrics } = this.sinks;
    metrics.addDimension('model', this.modelDimension(status));
    metrics.addMetadata('requestId', this.requestId);
    metrics.addMetric('Requests', MetricUnit.Count, 1);
    metrics.addMetric('Latency', MetricUnit.Milliseconds, latencyMs);
    if (ttftMs !== undefined) metrics.addMetric('TimeToFirstToken', MetricUnit.Milliseconds, ttftMs);
    if (this.fields.inputTokens !== undefined) metrics.addMetric('InputTokens', MetricUnit.Count, this.fields.inputTokens);
    if (this.fields.outputTokens !== undefined) metrics.addMetric('OutputTokens', MetricUnit.Count, this.fields.outputTokens);
    metrics.addMetric('Errors', MetricUnit.Count, errorType || status >= 400 ? 1 : 0);
    metrics.publishStoredMetrics();
    if (errorType) {
      const byType = metrics.singleMetric();
      byType.addDimension('errorType', errorType);
      byType.addMetadata('requestId', this.requestId);
      byType.addMetric('ErrorsByType', MetricUnit.Count, 1);
    }
  }
}

const round = (ms: number): number => Math.round(ms * 10) / 10;

/** CloudWatch's longest dimension value: a longer one makes it drop the whole record. */
const MAX_DIMENSION_VALUE = 1024;
