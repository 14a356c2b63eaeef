/** One span as Jaeger's query API returns it, flattened: its service, parent and tags resolved. */
export interface JaegerSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  /** Spans this one links to (OTel links; Jaeger shows them as FOLLOWS_FROM references). */
  links: string[];
  service: string;
  name: string;
  /** Start, microseconds since the epoch. */
  startTime: number;
  tags: Record<string, string | number | boolean>;
}

interface ApiSpan {
  traceID: string; spanID: string; operationName: string; startTime: number; processID: string;
  references?: { refType: string; traceID: string; spanID: string }[];
  tags?: { key: string; value: string | number | boolean }[];
}
interface ApiTrace { traceID: string; spans: ApiSpan[]; processes: Record<string, { serviceName: string }> }

/** Reads traces from a Jaeger query service (its UI port): the HTTP API the Jaeger UI itself uses. */
export class JaegerQuery {
  constructor(readonly uiUrl: string) {}

  /** The traces with a span of `service` carrying every tag in `tags` (newest first), flattened. */
  async traces(service: string, tags: Record<string, string>, limit = 5): Promise<JaegerSpan[][]> {
    const url = `${this.uiUrl}/api/traces?service=${encodeURIComponent(service)}&tags=${encodeURIComponent(JSON.stringify(tags))}&limit=${limit}`;
    const response = await fetch(url);
    if (response.status === 404 || response.status === 400) return []; // the service has sent nothing yet
    if (!response.ok) throw new Error(`Jaeger query ${url} answered ${response.status}: ${await response.text()}`);
    const body = (await response.json()) as { data?: ApiTrace[] };
    return (body.data ?? []).map(flatten);
  }

  /** The UI page of one trace: what a person opens. */
  traceUrl(traceId: string): string {
    return `${this.uiUrl}/trace/${traceId}`;
  }
}

function flatten(t: ApiTrace): JaegerSpan[] {
  return t.spans.map((s) => {
    const refs = s.references ?? [];
    return {
      traceId: s.traceID, spanId: s.spanID, name: s.operationName, startTime: s.startTime,
      service: t.processes[s.processID]?.serviceName ?? '(unknown)',
      parentSpanId: refs.find((r) => r.refType === 'CHILD_OF' && r.traceID === s.traceID)?.spanID,
      links: refs.filter((r) => r.refType === 'FOLLOWS_FROM' || r.traceID !== s.traceID).map((r) => r.spanID),
      tags: Object.fromEntries((s.tags ?? []).map((tag) => [tag.key, tag.value])),
    };
  });
}
