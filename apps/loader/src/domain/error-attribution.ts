/** One message Canvas reported for an import (`row` as Canvas numbers it: 1 = the header line). */
export interface ImportRowMessage {
  file: string;
  message: string;
  row: number | null;
}

/** Where a row was written: file name and line (header = 1), and the entity key it carries. */
export interface WrittenRow {
  file: string;
  line: number;
  key: string;
  sisId: string;
}

export interface EntityMessages {
  /** `error`: Canvas skipped the row; `warning`: it was applied with a remark. */
  outcome: 'warning' | 'error';
  messages: string[];
}

export interface Attribution {
  byEntity: Map<string, EntityMessages>;
  /** Import-level messages (unrecognised file, malformed CSV…) that belong to no single row. */
  unattributed: ImportRowMessage[];
}

// Canvas's row messages that mean the row was not applied (see ../shared/docs/canvas.md, SIS import messages).
const SKIPPED_ROW = [
  /didn't exist/i, /did not exist/i, /^neither .* existed/i, /does not exist/i, /doesn't exist/i, /non-existent/i, /skipping/i, /^improper /i,
  /^no \w+ given/i, /was not (updated|changed)/i, /unrelated/i, /deleted user/i, /can't observe/i, /not valid/i, /invalid/i,
];

/** Whether a Canvas row message means the row was skipped (error) or applied with a remark (warning). */
export function classifyRowMessage(message: string): 'warning' | 'error' {
  return SKIPPED_ROW.some((pattern) => pattern.test(message)) ? 'error' : 'warning';
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Attributes each Canvas message to the entity whose row it concerns: by file and row number when Canvas gives
 * one, else by the SIS id the message names (Canvas's messages mostly name it: "No long_name given for course C9").
 */
export function attributeImportMessages(written: readonly WrittenRow[], messages: readonly ImportRowMessage[]): Attribution {
  const byLine = new Map(written.map((w) => [`${w.file}#${w.line}`, w]));
  const byFile = new Map<string, WrittenRow[]>();
  for (const w of written) {
    const ofFile = byFile.get(w.file);
    if (ofFile) ofFile.push(w); // (not a copy per row: a file holds up to a batch's 50,000 rows)
    else byFile.set(w.file, [w]);
  }
  const byEntity = new Map<string, EntityMessages>();
  const unattributed: ImportRowMessage[] = [];
  for (const message of messages) {
    const target = (message.row !== null ? byLine.get(`${message.file}#${message.row}`) : undefined) ?? namedIn(byFile.get(message.file) ?? [], message.message);
    if (!target) {
      unattributed.push(message);
      continue;
    }
    const entry = byEntity.get(target.key) ?? { outcome: 'warning' as const, messages: [] };
    entry.messages.push(message.message);
    if (classifyRowMessage(message.message) === 'error') entry.outcome = 'error';
    byEntity.set(target.key, entry);
  }
  return { byEntity, unattributed };
}

/** The single written row whose SIS id appears as a whole word in the message (ambiguous → none). */
function namedIn(rows: readonly WrittenRow[], message: string): WrittenRow | undefined {
  const hits = rows.filter((w) => w.sisId && new RegExp(`(^|[\\s'"])${escapeRegExp(w.sisId)}($|[\\s'",.])`).test(message));
  return hits.length === 1 ? hits[0] : undefined;
}
