/**
 * Share links point where the client can reach them: the stage (or a custom domain's base path)
 * API Gateway saw in front of the route, or PUBLIC_BASE_URL when configured.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { ApiRequest } from '../../functions/api/http.js';
import { basePathOf } from '../../functions/api/middleware/request-id.js';
import { shareUrl } from '../../functions/api/services/plans.js';

function event(path: string, requestPath: string): APIGatewayProxyEvent {
  return { path, requestContext: { path: requestPath } } as unknown as APIGatewayProxyEvent;
}

function request(host: string | undefined, basePath: string, proto?: string): ApiRequest {
  const headers: Record<string, string> = {};
  if (host) headers['host'] = host;
  if (proto) headers['x-forwarded-proto'] = proto;
  return { headers, basePath } as unknown as ApiRequest;
}

describe('base path of a request', () => {
  it('is the stage on an execute-api host, the mapping on a custom domain, empty at a root', () => {
    expect(basePathOf(event('/v1/travel-plans/p1/share', '/prod/v1/travel-plans/p1/share'))).toBe('/prod');
    expect(basePathOf(event('/v1/travel-plans', '/api/v2/v1/travel-plans'))).toBe('/api/v2');
    expect(basePathOf(event('/v1/travel-plans', '/v1/travel-plans'))).toBe('');
    // A request context path that does not end with the path (malformed) adds nothing.
    expect(basePathOf(event('/v1/travel-plans', '/prod/other'))).toBe('');
  });
});

describe('share URLs', () => {
  it('keep the stage, use https off loopback, and honour PUBLIC_BASE_URL', () => {
    const token = 'A'.repeat(32);
    expect(shareUrl(request('abc.execute-api.us-east-1.amazonaws.com', '/prod'), token)).toBe(
      `https://abc.execute-api.us-east-1.amazonaws.com/prod/v1/shared/${token}`,
    );
    expect(shareUrl(request('127.0.0.1:3000', ''), token)).toBe(`http://127.0.0.1:3000/v1/shared/${token}`);
    expect(shareUrl(request('api.example.com', '', 'http'), token)).toBe(
      `http://api.example.com/v1/shared/${token}`,
    );
    expect(shareUrl(request('abc.execute-api.aws', '/prod'), token, 'https://trips.example.com/')).toBe(
      `https://trips.example.com/v1/shared/${token}`,
    );
    expect(shareUrl(request(undefined, '/prod'), token)).toBe(`/prod/v1/shared/${token}`);
  });
});
