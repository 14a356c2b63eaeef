/**
 * The minimal shape of a Canvas-format Live Event (`{metadata, body}`, canvas.md §6.2) the router reads. Structural,
 * so the verified event type of `@rp/canvas` (or a raw parsed payload) is accepted as is.
 */
export interface LiveEventEnvelope {
  metadata: {
    event_name: string;
    event_time?: string;
    context_type?: string | null;
    context_id?: string | null;
    [field: string]: unknown;
  };
  body?: Record<string, unknown> | null;
}
