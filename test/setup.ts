import { installAwsLambdaGlobal } from '../local/runtime/awslambda';

// The Lambda runtime installs `awslambda` before it loads the handler; so do the tests.
installAwsLambdaGlobal();
