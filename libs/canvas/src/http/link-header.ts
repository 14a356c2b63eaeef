/** Parses an RFC 8288 `Link` header into rel → URL; URLs stay opaque (they may carry bookmark cursors). */
export function parseLinkHeader(header: string | null | undefined): Record<string, string> {
  const links: Record<string, string> = {};
  if (!header) return links;
  for (const match of header.matchAll(/<([^>]*)>\s*((?:;\s*[^;,]+)*)/g)) {
    const rel = /;\s*rel="?([^";]+)"?/i.exec(match[2]);
    if (!rel) continue;
    for (const name of rel[1].trim().split(/\s+/)) links[name.toLowerCase()] = match[1];
  }
  return links;
}
