import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core/core';
import { tempDataDir, type TempDir } from '../../../test/helpers/module-fixtures';
import { chooseSecretStorage, desktopSecrets, safeStorageCipher, type SafeStorageLike } from './secret-cipher';

/**
 * A stand-in for the OS keyring behind safeStorage (the Electron binary is not here): a
 * reversible transformation with a marker, so a value read with the wrong cipher cannot pass.
 */
function keyring(over: Partial<SafeStorageLike> = {}): SafeStorageLike {
  return {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptString: (text) => Buffer.concat([Buffer.from('v11'), Buffer.from(text).map((b) => b ^ 0x5a)]),
    decryptString: (data) => {
      if (data.subarray(0, 3).toString() !== 'v11') throw new Error('not encrypted by this keyring');
      return Buffer.from(data.subarray(3).map((b) => b ^ 0x5a)).toString();
    },
    ...over,
  };
}

const rows = (core: Core) => core.db.sqlite.prepare('select scope, key, cipher from secrets order by key').all();

describe('choosing where secrets are kept', () => {
  it('uses safeStorage with a real keyring', () => {
    expect(chooseSecretStorage('linux', keyring())).toEqual({ kind: 'safe-storage' });
    expect(chooseSecretStorage('darwin', keyring({ getSelectedStorageBackend: undefined }))).toEqual({ kind: 'safe-storage' });
  });

  it('falls back to the key file, with a warning, on plain-text Linux storage or none at all', () => {
    const plain = chooseSecretStorage('linux', keyring({ getSelectedStorageBackend: () => 'basic_text' }));
    expect(plain).toMatchObject({ kind: 'key-file' });
    expect(plain.kind === 'key-file' && plain.warning).toContain('publicly known key');
    expect(chooseSecretStorage('win32', keyring({ isEncryptionAvailable: () => false }))).toMatchObject({ kind: 'key-file' });
    expect(
      chooseSecretStorage(
        'linux',
        keyring({
          isEncryptionAvailable: () => {
            throw new Error('not ready');
          },
        }),
      ),
    ).toMatchObject({ kind: 'key-file' });
  });

  it('round-trips any bytes through safeStorage', () => {
    const cipher = safeStorageCipher(keyring());
    const bytes = Buffer.from([0, 255, 10, 13, 0xe2, 0x82]);
    expect(cipher.decrypt(cipher.encrypt(bytes))).toEqual(bytes);
    expect(cipher.kind).toBe('safe-storage');
  });
});

describe('switching ciphers keeps every secret (real SQLite)', () => {
  let temp: TempDir;
  afterEach(() => temp?.cleanup());

  const open = (platform: NodeJS.Platform, safeStorage: SafeStorageLike) => {
    const secrets = desktopSecrets(platform, safeStorage, join(temp.dir, 'secret.key'));
    return { core: createCore({ dataDir: temp.dir, mode: 'desktop', builtInModules: [], ...secrets }), secrets };
  };

  it('key file → keyring → plain-text fallback: read each time, moved to the cipher in use', async () => {
    temp = tempDataDir('nxforge-secrets-');
    const headless = createCore({ dataDir: temp.dir, mode: 'serve', builtInModules: [] });
    headless.secrets.set('meter', 'password', 'hunter2 ✓');
    expect(rows(headless)).toEqual([{ scope: 'meter', key: 'password', cipher: 'key-file' }]);
    await headless.dispose();

    const withKeyring = open('linux', keyring());
    expect(withKeyring.secrets.warning).toBeNull();
    expect(withKeyring.core.secrets.cipherKind).toBe('safe-storage');
    expect(withKeyring.core.secrets.get('meter', 'password')).toBe('hunter2 ✓');
    expect(rows(withKeyring.core)).toEqual([{ scope: 'meter', key: 'password', cipher: 'safe-storage' }]);
    withKeyring.core.secrets.set('meter', 'session', 'cookie');
    await withKeyring.core.dispose();

    const plain = open('linux', keyring({ getSelectedStorageBackend: () => 'basic_text' }));
    expect(plain.secrets.warning).toContain('secret.key');
    expect(plain.core.secrets.cipherKind).toBe('key-file');
    expect(plain.core.secrets.get('meter', 'password')).toBe('hunter2 ✓');
    expect(plain.core.secrets.get('meter', 'session')).toBe('cookie');
    expect(rows(plain.core)).toEqual([
      { scope: 'meter', key: 'password', cipher: 'key-file' },
      { scope: 'meter', key: 'session', cipher: 'key-file' },
    ]);
    await plain.core.dispose();
  });

  it('a secret whose cipher cannot read it is reported, and left as it was', async () => {
    temp = tempDataDir('nxforge-secrets-');
    const first = open('darwin', keyring());
    first.core.secrets.set('meter', 'password', 'x');
    await first.core.dispose();
    // Another keyring (a new login keychain): the old value cannot be decrypted.
    const other = open('darwin', keyring({ decryptString: () => { throw new Error('wrong key'); } }));
    expect(() => other.core.secrets.get('meter', 'password')).toThrow('The secret "password" of meter cannot be decrypted (wrong key); set it again.');
    expect(rows(other.core)).toEqual([{ scope: 'meter', key: 'password', cipher: 'safe-storage' }]);
    other.core.db.sqlite.prepare("update secrets set cipher = 'retired-kind'").run();
    expect(() => other.core.secrets.get('meter', 'password')).toThrow('was stored with the retired-kind cipher, which is not available now (in use: safe-storage); set it again.');
    await other.core.dispose();
  });
});
