/** The part of a fetch Response that `readCapped` reads. */
export interface CappedResponse {
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  /** The body as a stream, when the transport has one. */
  body?: ReadableStream<Uint8Array> | null;
}

/**
 * Reads a response body as text, stopping at `maxBytes` (undefined = too large). The declared Content-Length is
 * checked first; a streamed body is read chunk by chunk so an oversized answer never sits whole in memory.
 */
export async function readCapped(response: CappedResponse, maxBytes: number): Promise<string | undefined> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (!response.body) {
    const text = await response.text();
    return Buffer.byteLength(text) > maxBytes ? undefined : text;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
