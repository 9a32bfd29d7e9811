import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { CoreDb } from '../db/database';
import { secrets } from '../db/schema';

/** Encrypts secrets at rest: Electron's safeStorage in the desktop app, a key file in headless mode. */
export interface SecretCipher {
  readonly kind: string;
  encrypt(plain: Buffer): Buffer;
  decrypt(data: Buffer): Buffer;
}

const FORMAT = 1;

/**
 * AES-256-GCM with a random key kept in a file only the user can read (mode 600). Each value
 * gets its own IV; the tag makes tampering a clear error instead of garbage.
 */
export function keyFileCipher(keyFile: string): SecretCipher & { warnings: string[] } {
  const warnings: string[] = [];
  let key: Buffer;
  if (existsSync(keyFile)) {
    key = readFileSync(keyFile);
    if (key.length !== 32) throw new Error(`The secret key file ${keyFile} is damaged (expected 32 bytes). Restore it from a backup; without it stored secrets cannot be read.`);
    if (process.platform !== 'win32' && (statSync(keyFile).mode & 0o077) !== 0) {
      chmodSync(keyFile, 0o600);
      warnings.push(`The secret key file ${keyFile} was readable by other users; its mode is now 600.`);
    }
  } else {
    mkdirSync(dirname(keyFile), { recursive: true });
    key = randomBytes(32);
    writeFileSync(keyFile, key, { mode: 0o600, flag: 'wx' });
  }
  return {
    kind: 'key-file',
    warnings,
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Buffer.concat([Buffer.from([FORMAT]), iv, cipher.getAuthTag(), body]);
    },
    decrypt(data) {
      if (data[0] !== FORMAT || data.length < 29) throw new Error('The stored secret has an unknown format');
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(1, 13));
      decipher.setAuthTag(data.subarray(13, 29));
      return Buffer.concat([decipher.update(data.subarray(29)), decipher.final()]);
    },
  };
}

/** Named queries over the secrets table; plain text exists only in memory, on the main side. */
export class SecretStore {
  /**
   * `readers` decrypt values stored with another cipher (each row records its cipher's kind):
   * such a value is read with its own cipher and written back with the current one.
   */
  constructor(
    private readonly db: CoreDb,
    private readonly cipher: SecretCipher,
    private readonly readers: readonly SecretCipher[] = [],
  ) {}

  get cipherKind(): string {
    return this.cipher.kind;
  }

  get(scope: string, key: string): string | null {
    const row = this.db
      .select({ ciphertext: secrets.ciphertext, cipher: secrets.cipher })
      .from(secrets)
      .where(and(eq(secrets.scope, scope), eq(secrets.key, key)))
      .get();
    if (!row) return null;
    const cipher = row.cipher === this.cipher.kind ? this.cipher : this.readers.find((r) => r.kind === row.cipher);
    if (!cipher) {
      throw new Error(`The secret "${key}" of ${scope} was stored with the ${row.cipher} cipher, which is not available now (in use: ${this.cipher.kind}); set it again.`);
    }
    let value: string;
    try {
      value = cipher.decrypt(row.ciphertext).toString('utf8');
    } catch (err) {
      throw new Error(`The secret "${key}" of ${scope} cannot be decrypted (${(err as Error).message}); set it again.`);
    }
    if (cipher !== this.cipher) {
      try {
        this.set(scope, key, value);
      } catch {
        // Still readable with its own cipher; moved over on a later read.
      }
    }
    return value;
  }

  set(scope: string, key: string, value: string): void {
    const ciphertext = this.cipher.encrypt(Buffer.from(value, 'utf8'));
    const updatedAt = new Date().toISOString();
    this.db
      .insert(secrets)
      .values({ scope, key, ciphertext, cipher: this.cipher.kind, updatedAt })
      .onConflictDoUpdate({ target: [secrets.scope, secrets.key], set: { ciphertext, cipher: this.cipher.kind, updatedAt } })
      .run();
  }

  delete(scope: string, key: string): void {
    this.db.delete(secrets).where(and(eq(secrets.scope, scope), eq(secrets.key, key))).run();
  }

  /** Which secrets are set: names only, never values. */
  keys(scope: string): string[] {
    return this.db
      .select({ key: secrets.key })
      .from(secrets)
      .where(eq(secrets.scope, scope))
      .all()
      .map((r) => r.key);
  }

  deleteScope(scope: string): void {
    this.db.delete(secrets).where(eq(secrets.scope, scope)).run();
  }
}
