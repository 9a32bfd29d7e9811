import type { ComponentType } from 'react';
import { IconDatabase, IconFolder, IconNetwork, IconShield, type IconProps } from './icons';

const PERMISSIONS: Record<string, { text: string; icon: ComponentType<IconProps> }> = {
  'database:read': { text: 'Read its own tables', icon: IconDatabase },
  'database:write': { text: 'Change its own tables', icon: IconDatabase },
  'network:outbound': { text: 'Connect to other computers (meters, portals)', icon: IconNetwork },
  'filesystem:write': { text: 'Write files in its own folder', icon: IconFolder },
};

/** What a permission lets a module do, in words a user can weigh. */
export function permissionText(permission: string): string {
  return PERMISSIONS[permission]?.text ?? permission;
}

export function PermissionList({ permissions, testId }: { permissions: readonly string[]; testId?: string }) {
  if (permissions.length === 0) {
    return (
      <span className="muted" data-testid={testId}>
        No special permissions
      </span>
    );
  }
  return (
    <ul className="permissions" data-testid={testId}>
      {permissions.map((p) => {
        const Icon = PERMISSIONS[p]?.icon ?? IconShield;
        return (
          <li key={p} className="permissions__item" title={p} data-permission={p}>
            <Icon size={13} className="icon permissions__icon" />
            {permissionText(p)}
          </li>
        );
      })}
    </ul>
  );
}
