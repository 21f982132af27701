import { tiksaverProject } from '../../vitest.shared';

const base = tiksaverProject('web');

// vitest passes ssr.resolve.conditions to its workers as Node --conditions; with "import"
// among them, Node's require() of dual packages picks their ESM build (require(esm) in
// Node 20.19+), so yazl's require('buffer-crc32') gets a namespace and zips fail with
// "crc32.unsigned is not a function". Keep only "source" for the workers.
export default {
  ...base,
  ssr: { ...base.ssr, resolve: { ...base.ssr?.resolve, conditions: ['source'] } },
};
