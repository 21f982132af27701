import { createNativeProvider } from '../src/native/index.js';
import { testProvider } from './contract/index.js';

testProvider({ id: 'native', createProvider: (sandbox) => createNativeProvider({ now: () => sandbox.now() }) });
