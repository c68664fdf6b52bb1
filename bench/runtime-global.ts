// Imported first: the `awslambda` stand-in must exist before any module that touches the global
// (Middy at handler import; @aws/lambda-invoke-store creates an empty `awslambda` object if none).
import { installAwsLambdaGlobal } from '../local/runtime/awslambda';

installAwsLambdaGlobal();
