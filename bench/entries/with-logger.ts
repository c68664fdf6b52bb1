// The handler plus a module-scope Powertools Logger: the bundle once lambda/ logs with Powertools.
import { Logger } from '@aws-lambda-powertools/logger';

export { handler } from '../../lambda/handler';
export const logger = new Logger({ serviceName: 'bedrock-proxy' });
