// First import: starts telemetry before anything below loads http, pg or kafkajs (see ./telemetry).
import { spanPaths, telemetry } from './telemetry';

import { redactDeliveryPath } from '@rp/canvas';
import { startGateway } from './bootstrap';

spanPaths.redact = redactDeliveryPath;

startGateway({ telemetry }).then(
  (gateway) => {
    const stop = () => void gateway.close().finally(() => process.exit(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  },
  () => {
    process.exitCode = 1;
    void telemetry.shutdown();
  },
);
