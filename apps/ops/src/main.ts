import 'reflect-metadata';
import { buildProgram, runCli } from './cli/run-cli';

// A CLI: no telemetry exporter, logs on stderr, output on stdout, exit code 0 ok / 1 user error / 2 system error.
// process.exit because a Kafka client may keep timers alive; stdout and stderr are synchronous for files and pipes.
void runCli(process.argv, buildProgram).then((code) => process.exit(code));
