import { createTikwmProvider } from '../src/tikwm/index.js';
import { testProvider } from './contract/index.js';

// One sandbox and one paced client for the whole suite: tikwm calls run 1.1 s apart.
testProvider({ id: 'tikwm', createProvider: () => createTikwmProvider() });
