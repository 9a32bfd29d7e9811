import type { Configuration } from 'electron-builder';
import afterPack, { checkNativeBuild } from './scripts/after-pack-fuses';

/**
 * Installers for the desktop app: `npm run dist` builds the current platform's (Linux: AppImage
 * and deb; Windows: NSIS; macOS: dmg) into dist-app/.
 *
 * better-sqlite3: the package ships build/native/electron/ (made by
 * scripts/build-native-electron.js for this Electron and this platform) unpacked beside
 * app.asar, and the app loads it through better-sqlite3's `nativeBinding` option. So
 * npmRebuild stays off: in a single-package project it would rebuild node_modules in place for
 * Electron and break the Node build the tests and the CLI use. The app has no binding.gyp of its
 * own, so nodeGypRebuild is off too. The check before packing refuses a missing or foreign build.
 */
const config: Configuration = {
  appId: 'io.nxforge.desktop',
  productName: 'NxForge Desktop',
  executableName: 'nxforge-desktop',
  copyright: 'MIT licensed',
  directories: { output: 'dist-app', buildResources: 'build' },
  files: [
    'package.json',
    'out/**/*',
    '!out/**/*.map',
    // The core's migrations are read from disk at start (src/main/core/paths.ts).
    'src/main/core/db/migrations/**/*',
    // Built-in modules as packages: manifest, built code, SQL migrations.
    'modules/*/manifest.json',
    'modules/*/dist/**/*',
    'modules/*/migrations/**/*',
    // Window and tray images.
    'resources/**/*',
    // better-sqlite3 for Electron's ABI; the Node build and the C sources stay out.
    'build/native/electron/**/*',
    '!node_modules/better-sqlite3/{build,deps,src}/**',
  ],
  asar: true,
  // Native addons cannot be loaded from inside the archive.
  asarUnpack: ['**/*.node', 'build/native/**'],
  npmRebuild: false,
  nodeGypRebuild: false,
  beforePack: checkNativeBuild,
  afterPack,
  linux: {
    target: ['AppImage', 'deb'],
    icon: 'build/icon.png',
    category: 'Utility',
    synopsis: 'Scrape power meters on a schedule and report kWh consumption',
    maintainer: 'NxForge Desktop <nxforge-desktop@users.noreply.github.com>',
  },
  deb: {
    // The tray on GNOME needs the AppIndicator extension; libsecret keeps secrets in the keyring.
    recommends: ['libsecret-1-0', 'gnome-shell-extension-appindicator'],
  },
  win: { target: ['nsis'], icon: 'build/icon.ico' },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true, createDesktopShortcut: true },
  mac: { target: ['dmg'], icon: 'build/icon.icns', category: 'public.app-category.utilities', hardenedRuntime: true },
  dmg: { title: 'NxForge Desktop' },
};

export default config;
