import { createTikdownProvider } from '../src/tikdown/index.js';
import { testProvider } from './contract/index.js';

testProvider({ id: 'tikdown', createProvider: () => createTikdownProvider() });
