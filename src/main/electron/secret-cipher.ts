import { existsSync } from 'node:fs';
import type { SafeStorage } from 'electron';
import { keyFileCipher, type SecretCipher } from '../core/secrets/secret-store';

/**
 * Secrets in the desktop app: Electron's safeStorage (Keychain, DPAPI, libsecret or KWallet).
 * On Linux without a keyring safeStorage falls back to a fixed, public key ("basic_text"): that
 * is no protection, so the app detects it, warns, and keeps using the key-file cipher instead.
 * This file imports electron for types only.
 */

export const SAFE_STORAGE_KIND = 'safe-storage';

export type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> &
  Partial<Pick<SafeStorage, 'getSelectedStorageBackend'>>;

export type SecretStorageChoice = { kind: 'safe-storage' } | { kind: 'key-file'; warning: string };

export function chooseSecretStorage(platform: NodeJS.Platform, safeStorage: SafeStorageLike): SecretStorageChoice {
  let available = false;
  try {
    available = safeStorage.isEncryptionAvailable();
  } catch {
    available = false;
  }
  if (!available) {
    return {
      kind: 'key-file',
      warning:
        'The system keyring is not available, so secrets (meter passwords, sessions) are encrypted with the key file secret.key in the data folder instead. Anyone who can read that folder can read them; keep it private.',
    };
  }
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') {
    return {
      kind: 'key-file',
      warning:
        'No keyring (GNOME Keyring, KWallet) was found for this desktop, and Electron would store secrets with a publicly known key. Secrets are encrypted with the key file secret.key in the data folder instead; keep that folder private, or install and unlock a keyring and restart the app.',
    };
  }
  return { kind: 'safe-storage' };
}

/**
 * A SecretCipher over safeStorage. safeStorage encrypts strings, so the bytes travel as base64:
 * any value, text or not, comes back byte for byte.
 */
export function safeStorageCipher(safeStorage: SafeStorageLike): SecretCipher {
  return {
    kind: SAFE_STORAGE_KIND,
    encrypt: (plain) => safeStorage.encryptString(plain.toString('base64')),
    decrypt: (data) => Buffer.from(safeStorage.decryptString(data), 'base64'),
  };
}

export interface DesktopSecrets {
  /** For createCore: undefined means the core's own key-file cipher. */
  secretCipher?: SecretCipher;
  /** Ciphers of secrets stored before a switch, so none is lost: read, then re-encrypted. */
  secretReaders: SecretCipher[];
  warning: string | null;
  warnings: string[];
}

/**
 * The ciphers for createCore. Each secret records the cipher it was stored with, so a store
 * keeps working across a switch: after a keyring appears, key-file secrets are still read (and
 * moved to safeStorage); when it goes away, safeStorage secrets are still tried.
 */
export function desktopSecrets(platform: NodeJS.Platform, safeStorage: SafeStorageLike, keyFile: string): DesktopSecrets {
  const choice = chooseSecretStorage(platform, safeStorage);
  if (choice.kind === 'key-file') return { secretReaders: [safeStorageCipher(safeStorage)], warning: choice.warning, warnings: [] };
  const warnings: string[] = [];
  const readers: SecretCipher[] = [];
  if (existsSync(keyFile)) {
    const keyFileReader = keyFileCipher(keyFile);
    warnings.push(...keyFileReader.warnings);
    readers.push(keyFileReader);
  }
  return { secretCipher: safeStorageCipher(safeStorage), secretReaders: readers, warning: null, warnings };
}
