import { version } from '../../package.json';
import { json } from '../http';
import type { Route } from '../router';

export const healthRoute: Route = {
  method: 'GET',
  path: '/health',
  public: true,
  run: async () => json(200, { status: 'ok', service: 'bedrock-proxy', version }),
};
