/**
 * `pnpm sandbox [--port 7400] [--random-ports]`: runs the sandbox standalone, prints the
 * host map and an example link for every scenario, and stays up until Ctrl-C.
 */
import { parseArgs } from 'node:util';
import { SERVICE_IDS, startSandbox } from './sandbox.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', short: 'p', default: '7400' },
    'random-ports': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

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

const tiktok = sb.urls.tiktok!;
console.log('tiksaver sandbox is up (127.0.0.1 only). Host map:\n');
for (const e of sb.hostMap) console.log(`  ${e.pattern.padEnd(24)} -> ${e.origin}`);
console.log(`\nTIKSAVER_HOST_MAP='${sb.hostMapString}'\n`);
console.log('Scenarios (paste the link or the short link):\n');
for (const s of sb.scenarios) {
  console.log(`  ${s.id.padEnd(20)} ${s.title}`);
  console.log(`  ${''.padEnd(20)} ${s.link}`);
  console.log(`  ${''.padEnd(20)} ${s.shortLink}`);
}
const first = sb.scenarios[0]!;
console.log(`\nTry: curl -s -H 'Host: www.tiktok.com' '${tiktok}${new URL(first.link).pathname}' | head -c 600`);
console.log(`     curl -si -H 'Host: vm.tiktok.com' '${tiktok}/ZMhvVid42/'`);
console.log(`     curl -s -X POST '${tiktok}/__sandbox/fault' -d '{"host":"www.tiktok.com","kind":"status-429","times":1}'`);
console.log('\nCtrl-C to stop.');

const stop = () => {
  void sb.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
