import { createVidgapProvider } from '../src/vidgap/index.js';
import { testProvider } from './contract/index.js';

// The shared contract suite, unchanged.
testProvider({ createProvider: () => createVidgapProvider() });
