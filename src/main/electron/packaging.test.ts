import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { describe, expect, it } from 'vitest';
import config from '../../../electron-builder.config';
import afterPack, { checkNativeBuild, fuseConfig, nativeBuildProblem } from '../../../scripts/after-pack-fuses';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../../..');

describe('Electron fuses flipped at packaging', () => {
  it('turns off running as Node, NODE_OPTIONS and inspect flags, and locks the app to a checked app.asar', () => {
    const fuses = fuseConfig('linux');
    expect(fuses.version).toBe(FuseVersion.V1);
    expect(fuses[FuseV1Options.RunAsNode]).toBe(false);
    expect(fuses[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(fuses[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(fuses[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(fuses[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(fuses[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false);
    expect(fuses[FuseV1Options.EnableCookieEncryption]).toBe(true);
    expect(fuses.resetAdHocDarwinSignature).toBe(false);
    expect(fuseConfig('darwin').resetAdHocDarwinSignature).toBe(true);
  });

  it('is applied by the afterPack hook through electron-builder', async () => {
    const calls: unknown[] = [];
    const context = { electronPlatformName: 'win32', packager: { addElectronFuses: async (_ctx: unknown, fuses: unknown) => void calls.push(fuses) } };
    await afterPack(context as never);
    expect(calls).toEqual([fuseConfig('win32')]);
  });
});

describe('electron-builder configuration', () => {
  it('builds AppImage and deb, NSIS, and dmg, with their icons', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac?.target).toEqual(['dmg']);
    for (const icon of [config.linux?.icon, config.win?.icon, config.mac?.icon]) {
      expect(typeof icon).toBe('string');
      expect(existsSync(join(ROOT, String(icon)))).toBe(true);
    }
  });

  it('packs the app, the core migrations, the built-in modules and the Electron build of better-sqlite3 into app.asar', () => {
    expect(config.files).toEqual(
      expect.arrayContaining([
        'out/**/*',
        'src/main/core/db/migrations/**/*',
        'modules/*/manifest.json',
        'modules/*/dist/**/*',
        'modules/*/migrations/**/*',
        'resources/**/*',
        'build/native/electron/**/*',
      ]),
    );
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/*.node', 'build/native/**']));
    // A rebuild in place would turn the Node build the tests use into an Electron one.
    expect(config.npmRebuild).toBe(false);
    expect(config.afterPack).toBe(afterPack);
    expect(config.beforePack).toBe(checkNativeBuild);
    expect(config.directories?.output).toBe('dist-app');
  });

  it('refuses to pack without a better-sqlite3 build for the target', () => {
    const target = { electronVersion: '45.5.0', platform: 'linux', arch: 'x64' };
    expect(nativeBuildProblem(null, target)).toContain('npm run build:native-electron');
    expect(nativeBuildProblem({ electron: '45.5.0', abi: '150', platform: 'darwin', arch: 'arm64' }, target)).toContain(
      'holds better-sqlite3 for Electron 45.5.0 on darwin-arm64, but this package is Electron 45.5.0 for linux-x64',
    );
    expect(nativeBuildProblem({ electron: '45.5.0', abi: '150', platform: 'linux', arch: 'x64' }, target)).toBeNull();
  });

  it('has real icons: a 1024 px PNG, an ICO up to 256 px and an ICNS up to 1024 px', () => {
    const png = readFileSync(join(ROOT, 'build', 'icon.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1024, 1024]);
    const ico = readFileSync(join(ROOT, 'build', 'icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const count = ico.readUInt16LE(4);
    const widths = Array.from({ length: count }, (_, i) => ico.readUInt8(6 + 16 * i) || 256);
    expect(widths).toContain(256);
    expect(widths).toContain(16);
    const icns = readFileSync(join(ROOT, 'build', 'icon.icns'));
    expect(icns.subarray(0, 4).toString()).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    expect(icns.includes(Buffer.from('ic10'))).toBe(true);
    for (const tray of ['tray.png', 'tray@2x.png', 'trayTemplate.png', 'trayTemplate@2x.png']) {
      expect(readFileSync(join(ROOT, 'resources', 'tray', tray)).subarray(1, 4).toString()).toBe('PNG');
    }
  });
});
