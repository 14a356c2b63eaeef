import type { ServiceStore } from '../data-source.factory';
import { LoaderAppliedEntity } from './loader-applied.entity';
import { LoaderImportEntity, LoaderImportItemEntity } from './loader-import.entity';
import { LoaderPendingEntity } from './loader-pending.entity';
import { LoaderPlanItemEntity } from './loader-plan-item.entity';
import { LoaderPlanEntity } from './loader-plan.entity';
import { CreateLoaderTables1764400000000 } from './migrations/1764400000000-create-loader-tables';
import { LoaderAppliedRun1764500000000 } from './migrations/1764500000000-loader-applied-run';
import { RunHistory1766130000000 } from './migrations/1766130000000-run-history';
import { PlanPreview1766130000001 } from './migrations/1766130000001-plan-preview';
import { LoaderImportItems1766170000000 } from './migrations/1766170000000-loader-import-items';

/** The loader's tables: pending changes, applied hashes, imports, held plans (`ops plans`), run history (`ops runs`). */
export const loaderStore: ServiceStore = {
  schema: 'loader',
  entities: [LoaderPlanEntity, LoaderPlanItemEntity, LoaderPendingEntity, LoaderAppliedEntity, LoaderImportEntity, LoaderImportItemEntity],
  migrations: [CreateLoaderTables1764400000000, LoaderAppliedRun1764500000000, RunHistory1766130000000, PlanPreview1766130000001, LoaderImportItems1766170000000],
};
