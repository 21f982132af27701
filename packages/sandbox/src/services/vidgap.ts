import type { ServiceFactory } from '../types.js';

/** Placeholder: replaced by the Vidgap imitation. */
export const createVidgapService: ServiceFactory = () => ({
  id: 'vidgap',
  hosts: ['vidgap.com'],
  handle({ res }) {
    res.writeHead(501).end('not implemented yet');
  },
});
