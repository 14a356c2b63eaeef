// First import: starts telemetry before anything below loads http, pg or kafkajs (see ./telemetry).
import { telemetry } from './telemetry';

import { startLoader } from './bootstrap';

startLoader({ telemetry }).catch(() => {
  process.exitCode = 1;
});
