import type { ServiceFactory } from '../types.js';

/** Placeholder: replaced by the Tikwm imitation. */
export const createTikwmService: ServiceFactory = () => ({
  id: 'tikwm',
  hosts: ['www.tikwm.com'],
  handle({ res }) {
    res.writeHead(501).end('not implemented yet');
  },
});
