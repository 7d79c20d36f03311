/**
 * OAuth2/OIDC sign-in end to end against a REAL OpenID provider (the `oidc-provider` package)
 * listening on loopback: our start step -> the provider's authorization endpoint and its sign-in
 * and consent pages (driven over HTTP with a cookie jar, as a browser would) -> the redirect with
 * code and state -> our callback, which exchanges the code with the PKCE verifier, validates the ID
 * token (signature via JWKS, issuer, audience, nonce), reads UserInfo, and links or creates the user.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { decodeJwt } from 'jose';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDocumentClient } from '../../functions/data/dynamo-client.js';
import type { Repositories } from '../../functions/data/repositories.js';
import { localDynamoClient } from '../../local/dynamodb-local.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { registerAccount, newAccount, tableRepositories, type GrantWire } from './auth-helpers.js';

const CLIENT_ID = 'travel-planner';
const CLIENT_SECRET = 'a-long-client-secret-for-the-loopback-provider';
const REDIRECT = 'http://127.0.0.1:5173/oauth/callback';

/** The provider's accounts (the dev sign-in page accepts any password). */
const ACCOUNTS: Record<string, Record<string, unknown>> = {
  alice: {
    email: 'alice.oidc@example.com',
    email_verified: true,
    name: 'Alice',
    preferred_username: 'alice',
  },
  bob: { email: 'bob.oidc@example.com', email_verified: false, name: 'Bob' },
  carol: { email: 'carol.oidc@example.com', email_verified: true, name: 'Carol' },
};

let api: TestApi;
let repos: Repositories;
let oidc: Server;
let issuer: string;

beforeAll(async () => {
  oidc = createServer();
  await new Promise<void>((resolve) => oidc.listen(0, '127.0.0.1', resolve));
  const port = (oidc.address() as { port: number }).port;
  issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [REDIRECT],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    // PKCE enforced by the provider too, so a wrong verifier really fails the exchange.
    pkce: { required: () => true },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username'],
    },
    findAccount: async (_ctx, id) =>
      ACCOUNTS[id] ? { accountId: id, claims: async () => ({ sub: id, ...ACCOUNTS[id] }) } : undefined,
    cookies: { keys: ['loopback-provider-cookie-key-0123456789'] },
    ttl: {
      AuthorizationCode: 60,
      AccessToken: 600,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
    features: { devInteractions: { enabled: true } },
  });
  oidc.on('request', provider.callback());

  const common = {
    issuer,
    clientId: CLIENT_ID,
    redirectUri: REDIRECT,
    scopes: ['openid', 'email', 'profile'],
  };
  api = await startTestApi({
    OAUTH_PROVIDERS: JSON.stringify({
      loopback: { ...common, clientSecret: CLIENT_SECRET, redirectUris: ['http://127.0.0.1:5173/alt'] },
      'wrong-secret': { ...common, clientSecret: 'not-the-secret' },
      // Same server under another name: its discovery document names a different issuer.
      'mixed-up': { ...common, clientSecret: CLIENT_SECRET, issuer: `http://localhost:${port}` },
    }),
  });
  repos = tableRepositories(api);
});

afterAll(async () => {
  await api?.close();
  await new Promise((r) => oidc?.close(r));
});

/** A minimal cookie jar honouring paths and deletions, enough for the provider's cookies. */
class CookieJar {
  readonly #cookies = new Map<string, { name: string; value: string; path: string }>();

  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      const attr = (k: string) => attrs.find((a) => a.toLowerCase().startsWith(`${k}=`))?.split('=')[1];
      const path = attr('path') ?? '/';
      const expires = attr('expires');
      const expired = (expires && Date.parse(expires) < Date.now()) || attr('max-age') === '0';
      if (expired) this.#cookies.delete(`${name};${path}`);
      else this.#cookies.set(`${name};${path}`, { name, value, path });
    }
  }

  header(url: string): string {
    const path = new URL(url).pathname;
    return [...this.#cookies.values()]
      .filter((c) => path.startsWith(c.path))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }
}

/**
 * Plays the browser: follows the authorization URL through the provider's sign-in (as `account`)
 * and consent pages until the provider redirects to our front end; returns that redirect.
 */
async function authorize(authorizationUrl: string, account: string): Promise<URL> {
  const jar = new CookieJar();
  let url = authorizationUrl;
  let init: RequestInit = {};
  for (let step = 0; step < 12; step++) {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: jar.header(url) },
    });
    jar.store(res);
    if (res.status >= 300 && res.status < 400) {
      const next = new URL(res.headers.get('location')!, url);
      if (next.href.startsWith(REDIRECT)) return next;
      url = next.href;
      init = {};
      continue;
    }
    const html = await res.text();
    expect(res.status, html).toBe(200);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`unexpected provider page: ${html.slice(0, 300)}`);
    const form = new URLSearchParams({ prompt });
    if (prompt === 'login') {
      form.set('login', account);
      form.set('password', 'any-password');
    }
    url = new URL(action, url).href;
    init = {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    };
  }
  throw new Error('the provider never redirected back');
}

async function start(provider = 'loopback', body?: unknown) {
  return api.call('POST', `/v1/auth/oauth/${provider}/start`, body === undefined ? {} : { body });
}

/** start -> provider sign-in -> the front end's redirect (code, state, iss). */
async function signInAtProvider(account: string, provider = 'loopback') {
  const res = await start(provider);
  expect(res.status).toBe(200);
  const back = await authorize(res.body.data.authorization_url, account);
  return {
    code: back.searchParams.get('code')!,
    state: back.searchParams.get('state')!,
    iss: back.searchParams.get('iss'),
    startState: res.body.data.state as string,
  };
}

function callback(provider: string, body: Record<string, unknown>) {
  return api.call('POST', `/v1/auth/oauth/${provider}/callback`, { body });
}

/** Edits the server-side flow state (to prove the verifier and nonce are really checked). */
async function tamperFlow(state: string, attribute: 'code_verifier' | 'nonce', value: string) {
  const doc = createDocumentClient(localDynamoClient(inject('dynamoEndpoint')));
  const hash = createHash('sha256').update(state).digest('hex');
  await doc.send(
    new UpdateCommand({
      TableName: api.tableName,
      Key: { pk: `OAUTHSTATE#${hash}`, sk: 'OAUTHSTATE' },
      UpdateExpression: 'SET #a = :v',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#a': attribute },
      ExpressionAttributeValues: { ':v': value },
    }),
  );
}

describe('OIDC authorization-code flow with PKCE against a real provider', () => {
  it('start returns an authorization URL with S256 PKCE, state and nonce, and never the verifier', async () => {
    const res = await start();
    expect(res.status).toBe(200);
    const data = res.body.data;
    const url = new URL(data.authorization_url);
    expect(url.origin).toBe(issuer);
    const q = Object.fromEntries(url.searchParams);
    expect(q).toMatchObject({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT,
      scope: 'openid email profile',
      code_challenge_method: 'S256',
      state: data.state,
    });
    expect(q['code_challenge']).toMatch(/^[\w-]{43}$/);
    expect(q['nonce']!.length).toBeGreaterThanOrEqual(32);
    expect(data.expires_in).toBe(600);
    expect(JSON.stringify(res.body)).not.toMatch(/verifier/);
  });

  it('signs a new user in: code exchanged, ID token and UserInfo checked, account created and linked', async () => {
    const { code, state, iss, startState } = await signInAtProvider('alice');
    expect(state).toBe(startState);
    expect(iss).toBe(issuer);
    const res = await callback('loopback', { code, state, iss, redirect_uri: REDIRECT });
    expect(res.status).toBe(200);
    const grant = res.body.data as GrantWire;
    expect(grant.token_type).toBe('Bearer');
    expect(grant.user.email).toBe('alice.oidc@example.com');
    expect(grant.user['is_verified']).toBe(true);
    expect(String(grant.user['username'])).toMatch(/^alice_[0-9a-f]{6}$/);
    expect(decodeJwt(grant.access_token).sub).toBe(grant.user.id);
    expect(await repos.credentials.findIdentity(issuer, 'alice')).toBe(grant.user.id);
    expect((await repos.credentials.get(grant.user.id))?.password).toBeUndefined();

    // The state was consumed: the same redirect cannot be replayed.
    const replay = await callback('loopback', { code, state });
    expect(replay.status).toBe(400);
    expect(replay.body.error.details[0].field).toBe('state');

    // Our tokens work like any others.
    const rotated = await api.call('POST', '/v1/auth/refresh', {
      body: { refresh_token: grant.refresh_token },
    });
    expect(rotated.status).toBe(200);
    expect(
      (await api.call('POST', '/v1/auth/logout', { token: rotated.body.data.access_token })).status,
    ).toBe(200);

    // A second sign-in finds the linked account.
    const again = await signInAtProvider('alice');
    const second = await callback('loopback', { code: again.code, state: again.state });
    expect(second.status).toBe(200);
    expect(second.body.data.user.id).toBe(grant.user.id);
  });

  it('links a first OIDC sign-in to the existing account with the same verified e-mail', async () => {
    const account = { ...newAccount('carol'), email: 'carol.oidc@example.com' };
    const { data } = await registerAccount(api, account);
    const { code, state } = await signInAtProvider('carol');
    const res = await callback('loopback', { code, state });
    expect(res.status).toBe(200);
    expect(res.body.data.user.id).toBe(data.user.id);
    // The password still works.
    const pw = await api.call('POST', '/v1/auth/login', {
      body: { email: account.email, password: account.password },
    });
    expect(pw.status).toBe(200);
  });

  it('refuses an identity whose e-mail the provider has not verified', async () => {
    const { code, state } = await signInAtProvider('bob');
    const res = await callback('loopback', { code, state });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('AUTH_FAILED');
    expect(await repos.users.getByEmail('bob.oidc@example.com')).toBeNull();
  });

  it('fails the exchange when the PKCE verifier is not the one the challenge was made from', async () => {
    const { code, state } = await signInAtProvider('alice');
    await tamperFlow(state, 'code_verifier', 'A'.repeat(43));
    const res = await callback('loopback', { code, state });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('AUTH_FAILED');
  });

  it('rejects an ID token whose nonce is not the one the start step stored', async () => {
    const { code, state } = await signInAtProvider('alice');
    await tamperFlow(state, 'nonce', 'another-nonce-value-0123456789');
    const res = await callback('loopback', { code, state });
    expect(res.status).toBe(401);
  });

  it('rejects a code presented with a wrong client secret', async () => {
    const { code, state } = await signInAtProvider('alice', 'wrong-secret');
    const res = await callback('wrong-secret', { code, state });
    expect(res.status).toBe(401);
  });

  it('checks the redirect URI, the iss parameter, the provider of the state, and unknown states', async () => {
    const a = await signInAtProvider('alice');
    const mismatch = await callback('loopback', {
      code: a.code,
      state: a.state,
      redirect_uri: 'http://127.0.0.1:5173/alt',
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error.details[0].field).toBe('redirect_uri');

    const b = await signInAtProvider('alice');
    const foreignIss = await callback('loopback', {
      code: b.code,
      state: b.state,
      iss: 'https://evil.example.com',
    });
    expect(foreignIss.status).toBe(401);

    const c = await signInAtProvider('alice');
    const otherProvider = await callback('wrong-secret', { code: c.code, state: c.state });
    expect(otherProvider.status).toBe(400);

    const unknown = await callback('loopback', { code: 'whatever', state: 'x'.repeat(43) });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].field).toBe('state');
  });

  it('refuses unregistered redirect URIs and unknown providers, and a provider whose discovery names another issuer', async () => {
    const alt = await start('loopback', { redirect_uri: 'http://127.0.0.1:5173/alt' });
    expect(alt.status).toBe(200);
    expect(new URL(alt.body.data.authorization_url).searchParams.get('redirect_uri')).toBe(
      'http://127.0.0.1:5173/alt',
    );
    const evil = await start('loopback', { redirect_uri: 'https://evil.example.com/cb' });
    expect(evil.status).toBe(400);
    expect(evil.body.error.details[0].field).toBe('redirect_uri');
    expect((await start('nope')).status).toBe(404);
    const mixed = await start('mixed-up');
    expect(mixed.status).toBe(503);
    expect(mixed.body.error.code).toBe('DEPENDENCY_FAILED');
    expect(JSON.stringify(mixed.body)).not.toContain('localhost');
  });
});
