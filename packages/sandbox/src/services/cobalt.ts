import type { ServiceFactory } from '../types.js';

/** Placeholder: replaced by the Cobalt imitation. */
export const createCobaltService: ServiceFactory = () => ({
  id: 'cobalt',
  hosts: ['cobalt.sandbox.test'],
  handle({ res }) {
    res.writeHead(501).end('not implemented yet');
  },
});
