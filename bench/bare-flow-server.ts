// The reference: node:http doing only the signature check and the Flow crypto with a pre-parsed
// key (what Meta's sample does minus its per-request key parsing). Runs as its own process.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { constants, createCipheriv, createDecipheriv, createPrivateKey, privateDecrypt } from 'node:crypto';
import { checkSignature } from '../src/http/signature.ts';

const [port, keyFile, secret] = process.argv.slice(2) as [string, string, string];
const key = createPrivateKey(readFileSync(keyFile, 'utf8'));

createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks);
    if (checkSignature(raw, req.headers['x-hub-signature-256'], [secret]) !== 'ok') {
      res.writeHead(432).end();
      return;
    }
    try {
      const env = JSON.parse(raw.toString()) as Record<string, string>;
      const aes = privateDecrypt(
        { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
        Buffer.from(env.encrypted_aes_key!, 'base64'),
      );
      const iv = Buffer.from(env.initial_vector!, 'base64');
      const data = Buffer.from(env.encrypted_flow_data!, 'base64');
      const d = createDecipheriv('aes-128-gcm', aes, iv);
      d.setAuthTag(data.subarray(-16));
      JSON.parse(Buffer.concat([d.update(data.subarray(0, -16)), d.final()]).toString());
      const c = createCipheriv('aes-128-gcm', aes, iv.map((b) => ~b & 0xff) as Buffer);
      const out = Buffer.concat([c.update(JSON.stringify({ data: { status: 'active' } })), c.final(), c.getAuthTag()]);
      res.writeHead(200, { 'content-type': 'text/plain' }).end(out.toString('base64'));
    } catch {
      res.writeHead(421).end();
    }
  });
}).listen(Number(port), '127.0.0.1', () => process.send?.('ready'));
