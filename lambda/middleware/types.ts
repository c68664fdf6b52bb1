import type { MiddlewareObj, Request } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { FunctionUrlEvent, HttpResponse } from '../http';

export type ProxyRequest = Request<FunctionUrlEvent, HttpResponse, Error, Context>;
export type ProxyMiddleware = MiddlewareObj<FunctionUrlEvent, HttpResponse, Error, Context>;
