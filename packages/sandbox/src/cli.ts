/**
 * `pnpm sandbox [--port 7400] [--random-ports]`: runs the sandbox standalone, prints the
 * host map and an example link for every scenario, and stays up until Ctrl-C.
 */
import { parseArgs } from 'node:util';
import { formatBanner } from './banner.js';
import { SERVICE_IDS, startSandbox } from './sandbox.js';

function readArgs() {
  try {
    return parseArgs({
      // `pnpm sandbox -- --port 7500` passes the separator through.
      args: process.argv.slice(2).filter((a) => a !== '--'),
      options: {
        port: { type: 'string', short: 'p', default: '7400' },
        'random-ports': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\nusage: pnpm sandbox [--port 7400] [--random-ports]`);
    process.exit(2);
  }
}

const values = readArgs();

if (values.help) {
  console.log(`usage: pnpm sandbox [--port 7400] [--random-ports]

Services get consecutive ports from --port in this order: ${SERVICE_IDS.join(', ')}.
Control endpoint on every host: /__sandbox/{fault,faults,log,control,time,scenarios,hostmap}.`);
  process.exit(0);
}

const basePort = Number(values.port);
if (!values['random-ports'] && (!Number.isInteger(basePort) || basePort < 1 || basePort > 65535 - SERVICE_IDS.length)) {
  console.error(`--port must be a port number, got "${values.port}"`);
  process.exit(2);
}

const sb = await startSandbox(values['random-ports'] ? {} : { basePort }).catch((err: Error) => {
  console.error(`could not start the sandbox: ${err.message}`);
  process.exit(1);
});

console.log(formatBanner(sb));

const stop = () => {
  void sb.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
