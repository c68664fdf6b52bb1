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

  /** Notes a streamed event as it passes: time to first token, usage, stop reason (and text). */
  note(event: ChatEvent): void {
    if (event.type === 'text' || event.type === 'tool-delta' || event.type === 'reasoning') {
      this.firstTokenAt ??= performance.now();
      if (event.type === 'text' && this.sinks.logContent) this.completion += event.text;
    }
    if (event.type === 'end') this.usage(event.usage, event.stopReason);
  }

  completionText(text: string): void {
    if (this.sinks.logContent) this.completion += text;
  }

  onFinish(cleanup: () => void): void {
    this.cleanups.push(cleanup);
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

  /** One synchronous block, so concurrent requests on a local server never mix dimensions. */
  private publishMetrics(status: number, latencyMs: number, ttftMs: number | undefined, errorType: string | undefined): void {
    const { metrics } = this.sinks;
    metrics.addDimension('model', this.fields.model ?? 'none');
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
      byType.addMetric('ErrorsByType', MetricUnit.Count, 1);
    }
  }
}

const round = (ms: number): number => Math.round(ms * 10) / 10;
