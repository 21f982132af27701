import type { ServiceFactory } from '../types.js';

/** Placeholder: replaced by the Snaptik imitation. */
export const createSnaptikService: ServiceFactory = () => ({
  id: 'snaptik',
  hosts: ['snaptik.app'],
  handle({ res }) {
    res.writeHead(501).end('not implemented yet');
  },
});
