import { formatTable } from '../cli/table';
import type { WhyReport } from './why-report';

/** The report for people: read from IC, mapped, and where it is now. */
export function formatWhy(r: WhyReport): string {
  const lines = [`tenant ${r.tenant}: ${r.id}`, ''];
  lines.push('Read from IC:');
  lines.push(r.read.length === 0 ? '  not in any extractor snapshot' : formatTable(['TYPE', 'SOURCED ID', 'READ AT', 'RUN', 'DELETED'],
    r.read.map((x) => [x.type, x.sourcedId, x.readAt, `${x.run}${x.runKind ? ` (${x.runKind})` : ''}`, x.deleted ? 'yes' : ''])));
  lines.push('', 'Mapping:');
  lines.push(...(r.mapping.length === 0 ? ['  not received by the transformer'] : r.mapping.map((m) =>
    `  ${m.type} ${m.sourcedId}${m.deleted ? ' (deleted)' : ''} → ${m.canvas.length > 0 ? m.canvas.join(', ') : 'no Canvas row'}${m.decidedBy ? `; ${m.decidedBy}` : ''}`)));
  lines.push('', 'Now:');
  lines.push(formatTable(['STATE', 'WHAT', 'SINCE', 'DETAIL'], r.where.map((w) => [w.state, w.subject, w.at ?? '-', w.detail])));
  return lines.join('\n');
}
