// The local issuer's key pair: made at the first start and kept in `.chorus/` (gitignored), so
// tokens signed before a restart still verify after it.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { generateSigningKey, signingKeyFromJwk, signingKeyToJwk, type SigningKey } from '@chorus/dev-auth';

export async function loadOrCreateSigningKey(file: string): Promise<SigningKey> {
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text !== undefined) return signingKeyFromJwk(JSON.parse(text) as unknown);
  const key = generateSigningKey();
  await mkdir(dirname(file), { recursive: true });
  // Owner-only: it is a private key, even if it only signs development tokens.
  try {
    await writeFile(file, `${JSON.stringify(signingKeyToJwk(key))}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another local cloud made it first: use theirs, so both verify each other's tokens.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return signingKeyFromJwk(JSON.parse(await readFile(file, 'utf8')) as unknown);
}
