import { createCobaltProvider } from '../src/cobalt/index.js';
import { testProvider } from './contract/index.js';

// The sandbox's cobalt instance, by its real hostname (the host map routes it).
testProvider({
  id: 'cobalt',
  createProvider: (sandbox) => {
    const host = sandbox.hostMap.find((entry) => entry.origin === sandbox.urls['cobalt'])!.pattern;
    return createCobaltProvider({ baseUrl: `https://${host}` });
  },
});
