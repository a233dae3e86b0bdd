import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config';
import { createServer } from '../create-server';
import { testConfig } from '../testing/test-server';

const dir = mkdtempSync(path.join(tmpdir(), 'pos-tls-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A throwaway self-signed certificate for 127.0.0.1, made by the openssl CLI. */
function selfSigned(name: string): { certPath: string; keyPath: string; cert: Buffer } {
  const certPath = path.join(dir, `${name}.crt`);
  const keyPath = path.join(dir, `${name}.key`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '1',
      '-subj',
      `/CN=${name}`,
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'pipe' },
  );
  return { certPath, keyPath, cert: readFileSync(certPath) };
}

function get(url: string, ca: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = https.get(url, { ca, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
  });
}

describe('TLS', () => {
  it('serves HTTPS with the configured certificate and is refused by a client trusting another CA', async () => {
    const server = selfSigned('central-server');
    const stranger = selfSigned('someone-else');
    const central = await createServer(
      testConfig({ tls: { certPath: server.certPath, keyPath: server.keyPath } }),
    );
    try {
      const address = await central.listen();
      expect(address).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const trusted = await get(`${address}/healthz`, server.cert);
      expect(trusted).toEqual({ status: 200, body: '{"status":"ok"}' });
      await expect(get(`${address}/healthz`, stranger.cert)).rejects.toMatchObject({
        code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
      });
    } finally {
      await central.close();
    }
  });

  it('takes the certificate and key from the environment only as a pair', () => {
    const env = { TOKEN_SECRET: 'x'.repeat(32), TLS_CERT: '/etc/pos/server.crt' };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(/set both TLS_CERT and TLS_KEY/);
    expect(loadConfig({ ...env, TLS_KEY: '/etc/pos/server.key' }).tls).toEqual({
      certPath: '/etc/pos/server.crt',
      keyPath: '/etc/pos/server.key',
    });
  });
});
