// electron-builder's hooks. afterPack flips Electron's fuses in the packaged binary, before it is
// signed: fuses are bits compiled into the executable; once flipped no flag, environment
// variable or file can turn these features back on. beforePack refuses to package without a
// better-sqlite3 build for this Electron and the target platform.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FuseV1Options, FuseVersion, type FuseV1Config } from '@electron/fuses';
import type { BeforePackContext } from 'app-builder-lib';
import { Arch, type AfterPackContext } from 'electron-builder';

export function fuseConfig(platform: string): FuseV1Config {
  return {
    version: FuseVersion.V1,
    // Flipping fuses breaks the ad-hoc signature of an unsigned macOS build; re-sign it ad hoc.
    resetAdHocDarwinSignature: platform === 'darwin',
    // ELECTRON_RUN_AS_NODE would turn the app into a plain Node that runs any script.
    [FuseV1Options.RunAsNode]: false,
    // NODE_OPTIONS and NODE_EXTRA_CA_CERTS would let the environment inject code or trust.
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    // --inspect and SIGUSR1 would open a debugger into the main process.
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    // app.asar is checked against the hash in the signed executable (macOS, Windows)...
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    // ...and is the only place app code is loaded from, so the check cannot be sidestepped.
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    // The app is served from app://, never file://; file: pages get no extra powers.
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    // Chromium's cookie store encrypted with the OS key, as Chrome does.
    [FuseV1Options.EnableCookieEncryption]: true,
  };
}

export default async function afterPack(context: AfterPackContext): Promise<void> {
  await context.packager.addElectronFuses(context, fuseConfig(context.electronPlatformName));
}

/** Why build/native/electron does not fit the target, or null when it does. */
export function nativeBuildProblem(
  info: { electron?: string; abi?: string; platform?: string; arch?: string } | null,
  target: { electronVersion: string; platform: string; arch: string },
): string | null {
  const fix = 'run `npm run build:native-electron` on the target platform, then package again';
  if (!info) return `build/native/electron has no better-sqlite3 build for Electron; ${fix}.`;
  if (info.electron !== target.electronVersion || info.platform !== target.platform || info.arch !== target.arch) {
    return (
      `build/native/electron holds better-sqlite3 for Electron ${String(info.electron)} on ${String(info.platform)}-${String(info.arch)}, ` +
      `but this package is Electron ${target.electronVersion} for ${target.platform}-${target.arch}; ${fix}.`
    );
  }
  return null;
}

export async function checkNativeBuild(context: BeforePackContext): Promise<void> {
  const root = context.packager.projectDir;
  let info = null;
  try {
    info = JSON.parse(readFileSync(join(root, 'build', 'native', 'electron', 'build-info.json'), 'utf8'));
  } catch {
    info = null;
  }
  const problem = nativeBuildProblem(info, {
    electronVersion: context.packager.info.framework.version,
    platform: context.electronPlatformName,
    arch: Arch[context.arch] ?? String(context.arch),
  });
  if (problem) throw new Error(problem);
}
