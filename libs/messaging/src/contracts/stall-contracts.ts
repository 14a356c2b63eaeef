import stallReportSchema from './avro/stall-report.avsc.json';

/** Value of `pipeline.stalls` records (schema avro/stall-report.avsc): one instance's stall for one tenant. */
export interface StallReport {
  tenant: string;
  /** The service (SERVICE_NAME). */
  stage: string;
  /** host:pid of the process, so replicas report separately. */
  instance: string;
  cause: string;
  since: string;
  at: string;
  attempts: number;
  keys: number;
  lastError: string;
  /** Set on the report that ends the stall. */
  resumedAt: string | null;
}

export const STALL_REPORT_SCHEMA = stallReportSchema;

/** Key of a stall report: the tenant first, so it lands on the tenant's partition. */
export const stallReportKey = (r: Pick<StallReport, 'tenant' | 'stage' | 'instance'>): string => `${r.tenant}|${r.stage}|${r.instance}`;
