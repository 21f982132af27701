import { createNativeProvider } from '../src/native/index.js';
import { testProvider } from '../src/testing/index.js';

testProvider({ id: 'native', createProvider: (sandbox) => createNativeProvider({ now: () => sandbox.now() }) });
