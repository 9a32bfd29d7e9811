import { join } from 'node:path';

/**
 * The app's runtime images, shipped in resources/ (the installers' icons are in build/, drawn
 * by scripts/make-icons.js). macOS tray images are black "template" images the menu bar tints.
 */
export function trayIconPath(root: string, platform: NodeJS.Platform): string {
  return join(root, 'resources', 'tray', platform === 'darwin' ? 'trayTemplate.png' : 'tray.png');
}

export function appIconPath(root: string): string {
  return join(root, 'resources', 'icon.png');
}
