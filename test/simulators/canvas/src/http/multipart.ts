/** One part of a multipart/form-data body. */
export interface FormPart {
  name: string;
  filename: string | null;
  contentType: string | null;
  data: Buffer;
}

/** Parses multipart/form-data (enough for file uploads and plain fields). */
export function parseMultipart(body: Buffer, contentType: string): FormPart[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) return [];
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts: FormPart[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const from = start + delimiter.length;
    if (body.subarray(from, from + 2).toString() === '--') break;
    const end = body.indexOf(delimiter, from);
    if (end === -1) break;
    const chunk = body.subarray(from + 2, end - 2); // skip CRLF after delimiter and before the next one
    const headerEnd = chunk.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const head = chunk.subarray(0, headerEnd).toString('utf8');
      const disposition = /content-disposition:[^\r\n]*/i.exec(head)?.[0] ?? '';
      parts.push({
        name: /name="([^"]*)"/i.exec(disposition)?.[1] ?? '',
        filename: /filename="([^"]*)"/i.exec(disposition)?.[1] ?? null,
        contentType: /content-type:\s*([^\r\n]+)/i.exec(head)?.[1]?.trim() ?? null,
        data: chunk.subarray(headerEnd + 4),
      });
    }
    start = end;
  }
  return parts;
}

/** Parses form fields from a urlencoded body or the query string. */
export function formFields(body: Buffer, contentType: string | undefined): URLSearchParams {
  if (contentType && /application\/x-www-form-urlencoded/i.test(contentType)) return new URLSearchParams(body.toString('utf8'));
  return new URLSearchParams();
}
