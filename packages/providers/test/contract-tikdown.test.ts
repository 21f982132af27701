import { createTikdownProvider } from '../src/tikdown/index.js';
import { testProvider } from '../src/testing/index.js';

testProvider({ id: 'tikdown', createProvider: () => createTikdownProvider() });
