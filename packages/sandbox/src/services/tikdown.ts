import type { ServiceFactory } from '../types.js';

/** Placeholder: replaced by the Tikdown imitation. */
export const createTikdownService: ServiceFactory = () => ({
  id: 'tikdown',
  hosts: ['tikdown.org'],
  handle({ res }) {
    res.writeHead(501).end('not implemented yet');
  },
});
