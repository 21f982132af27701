import { createSnaptikProvider } from '../src/snaptik/index.js';
import { testProvider } from './contract/index.js';

// The shared contract suite, unchanged, for both SnapTik flows.
testProvider({ id: 'snaptik (api flow)', createProvider: () => createSnaptikProvider() });
testProvider({ id: 'snaptik (legacy flow)', createProvider: () => createSnaptikProvider({ flow: 'legacy' }) });
